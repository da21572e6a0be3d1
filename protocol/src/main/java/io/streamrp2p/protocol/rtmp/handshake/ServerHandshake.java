package io.streamrp2p.protocol.rtmp.handshake;

import static io.streamrp2p.protocol.rtmp.handshake.HandshakeDigest.DIGEST_BYTES;
import static io.streamrp2p.protocol.rtmp.handshake.HandshakeDigest.PACKET_BYTES;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Server side of the RTMP handshake (RTMP 1.0 section 5.2) for one connection.
 *
 * <p>States: waiting for C0+C1 (1537 bytes), waiting for C2 (1536 bytes), complete. Each unit is
 * consumed only when it is whole; bytes after C2 stay in the buffer for the chunk layer. S0, S1 and
 * S2 are returned together as soon as C0+C1 arrive, as nginx-rtmp and SRS do, so the client never
 * waits for a round trip.
 *
 * <p>When C1 carries a valid Flash Player digest (either scheme, see {@link HandshakeType}) the
 * answer is the digest form Flash players and ffmpeg check: S1 signed with the Media Server key
 * under the client's scheme, S2 signed with a key derived from the C1 digest. Otherwise the plain
 * form of section 5.2: S1 random with a zero version, S2 an exact copy of C1.
 *
 * <p>C2 is consumed but not checked, as nginx-rtmp and SRS do: clients fill it inconsistently (echo
 * of S1, or random bytes with a digest) and it proves nothing the connection needs.
 */
public final class ServerHandshake {
  private static final String LAYER = "rtmp.handshake";

  /** RTMP 1.0 section 5.2.2: the only version we speak in C0/S0. */
  static final int RTMP_VERSION = 3;

  /** C0 version of RTMPE, the encrypted variant (Diffie-Hellman + RC4) nobody needs anymore. */
  private static final int RTMPE_VERSION = 6;

  /**
   * Version field in a digest S1. ffmpeg checks the S1 digest only when the first byte is at least
   * 3, so this makes it verify ours (FMS 4.5.0.1, what Adobe's server sent).
   */
  private static final byte[] SERVER_VERSION = {4, 5, 0, 1};

  private static final byte[] NOTHING = new byte[0];

  private enum State {
    AWAIT_C0_C1,
    AWAIT_C2,
    COMPLETE
  }

  private final RandomGenerator random;
  private final Clock clock;
  private State state = State.AWAIT_C0_C1;
  private HandshakeType type;

  /**
   * @param random fills the random parts of S1 and S2
   * @param clock its millis, truncated to 32 bits, are the S1 time field
   */
  public ServerHandshake(RandomGenerator random, Clock clock) {
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Consumes whatever whole handshake units {@code in} holds.
   *
   * @return bytes to send now: S0+S1+S2 (3073 bytes) right after C0+C1, else empty
   * @throws ProtocolException when C0 is not version 3
   * @throws IllegalStateException when called after the handshake completed
   */
  public byte[] receive(ByteBuffer in) {
    byte[] out = NOTHING;
    if (state == State.COMPLETE) {
      throw new IllegalStateException("handshake already complete");
    }
    if (state == State.AWAIT_C0_C1) {
      if (in.hasRemaining()) {
        checkVersion(in.get(in.position()) & 0xFF);
      }
      if (in.remaining() < 1 + PACKET_BYTES) {
        return NOTHING;
      }
      in.get();
      byte[] c1 = new byte[PACKET_BYTES];
      in.get(c1);
      out = respond(c1);
      state = State.AWAIT_C2;
    }
    if (in.remaining() >= PACKET_BYTES) {
      in.position(in.position() + PACKET_BYTES);
      state = State.COMPLETE;
    }
    return out;
  }

  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  /** How the client's C1 was answered; null until C0+C1 have been consumed. */
  public HandshakeType type() {
    return type;
  }

  private static void checkVersion(int version) {
    if (version == RTMPE_VERSION) {
      throw new ProtocolException(
          LAYER, "C0 version 6 asks for encrypted RTMPE, which is not offered; use plain RTMP (3)");
    }
    ProtocolException.check(
        version == RTMP_VERSION,
        LAYER,
        "C0 version byte at offset 0 is " + version + ", only 3 (plain RTMP) is supported");
  }

  private byte[] respond(byte[] c1) {
    type =
        HandshakeDigest.detect(
            c1, HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_TEXT_BYTES);
    byte[] s1 = new byte[PACKET_BYTES];
    random.nextBytes(s1);
    ByteBuffer.wrap(s1).putInt((int) clock.millis());
    byte[] s2;
    if (type == HandshakeType.PLAIN) {
      Arrays.fill(s1, 4, 8, (byte) 0);
      s2 = c1;
    } else {
      System.arraycopy(SERVER_VERSION, 0, s1, 4, 4);
      HandshakeDigest.imprint(
          s1, type, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_TEXT_BYTES);
      int c1DigestAt = HandshakeDigest.digestOffset(c1, type);
      byte[] c1Digest = Arrays.copyOfRange(c1, c1DigestAt, c1DigestAt + DIGEST_BYTES);
      s2 = new byte[PACKET_BYTES];
      random.nextBytes(s2);
      HandshakeDigest.sign(s2, c1Digest, HandshakeDigest.SERVER_KEY);
    }
    byte[] out = new byte[1 + 2 * PACKET_BYTES];
    out[0] = RTMP_VERSION;
    System.arraycopy(s1, 0, out, 1, PACKET_BYTES);
    System.arraycopy(s2, 0, out, 1 + PACKET_BYTES, PACKET_BYTES);
    return out;
  }
}
