package io.streamrp2p.protocol.rtmp.handshake;

/**
 * How a C1 or S1 packet proves itself. RTMP 1.0 section 5.2 only describes the plain handshake; the
 * digest variants are the undocumented scheme Flash Player, FMS, ffmpeg, nginx-rtmp and SRS use: an
 * HMAC-SHA256 digest of the packet placed at an offset derived from four bytes of it.
 */
public enum HandshakeType {
  /** No digest: the version field is zero and S2/C2 echo the peer's packet. */
  PLAIN(-1),
  /** Digest offset from bytes 8..11; its 32 bytes lie in 12..771 (ffmpeg's choice). */
  DIGEST_SCHEME_0(8),
  /** Digest offset from bytes 772..775; its 32 bytes lie in 776..1535. */
  DIGEST_SCHEME_1(772);

  private final int offsetBase;

  HandshakeType(int offsetBase) {
    this.offsetBase = offsetBase;
  }

  /** Position of the four bytes whose sum picks the digest offset; -1 for {@link #PLAIN}. */
  int offsetBase() {
    return offsetBase;
  }
}
