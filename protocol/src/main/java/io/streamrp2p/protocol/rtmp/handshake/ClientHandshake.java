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
 * Client side of the RTMP handshake (RTMP 1.0 section 5.2), for our own publishers and load tools
 * talking to our hub or to other servers.
 *
 * <p>States: C0+C1 not yet sent ({@link #start}), waiting for S0+S1 (1537 bytes), waiting for S2
 * (1536 bytes), complete. Units are consumed only when whole; bytes after S2 stay in the buffer for
 * the chunk layer. C2 is returned as soon as S1 is in, as section 5.2.1 requires.
 *
 * <p>With a digest {@link HandshakeType} C1 carries a Flash Player digest (version 9.0.124.2, like
 * ffmpeg). If S1 then carries a valid Media Server digest, C2 is signed with a key derived from it
 * and S2 must be signed from our C1 digest (or, tolerated, be an echo of C1); otherwise C2 echoes
 * S1, the plain form.
 */
public final class ClientHandshake {
  private static final String LAYER = "rtmp.handshake";

  /** Flash Player 9.0.124.2: the version field ffmpeg sends with a digest C1. */
  private static final byte[] PLAYER_VERSION = {9, 0, 124, 2};

  private static final byte[] NOTHING = new byte[0];

  private enum State {
    NOT_STARTED,
    AWAIT_S0_S1,
    AWAIT_S2,
    COMPLETE
  }

  private final HandshakeType c1Type;
  private final RandomGenerator random;
  private final Clock clock;
  private State state = State.NOT_STARTED;
  private byte[] c1;
  private byte[] c1Digest;
  private boolean serverDigestVerified;

  /**
   * @param c1Type how to build C1: {@link HandshakeType#PLAIN} or a digest scheme
   * @param random fills the random parts of C1 and C2
   * @param clock its millis, truncated to 32 bits, are the C1 time field
   */
  public ClientHandshake(HandshakeType c1Type, RandomGenerator random, Clock clock) {
    this.c1Type = Objects.requireNonNull(c1Type, "c1Type");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Returns C0+C1 (1537 bytes) to send first; once per handshake. */
  public byte[] start() {
    if (state != State.NOT_STARTED) {
      throw new IllegalStateException("handshake already started");
    }
    c1 = new byte[PACKET_BYTES];
    random.nextBytes(c1);
    ByteBuffer.wrap(c1).putInt((int) clock.millis());
    if (c1Type == HandshakeType.PLAIN) {
      Arrays.fill(c1, 4, 8, (byte) 0);
    } else {
      System.arraycopy(PLAYER_VERSION, 0, c1, 4, 4);
      int at =
          HandshakeDigest.imprint(
              c1, c1Type, HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_TEXT_BYTES);
      c1Digest = Arrays.copyOfRange(c1, at, at + DIGEST_BYTES);
    }
    state = State.AWAIT_S0_S1;
    byte[] out = new byte[1 + PACKET_BYTES];
    out[0] = ServerHandshake.RTMP_VERSION;
    System.arraycopy(c1, 0, out, 1, PACKET_BYTES);
    return out;
  }

  /**
   * Consumes whatever whole handshake units {@code in} holds.
   *
   * @return C2 (1536 bytes) right after S0+S1, else empty
   * @throws ProtocolException when S0 is not version 3 or S2 fails its signature
   * @throws IllegalStateException before {@link #start} or after completion
   */
  public byte[] receive(ByteBuffer in) {
    if (state == State.NOT_STARTED || state == State.COMPLETE) {
      throw new IllegalStateException("handshake is " + state);
    }
    byte[] out = NOTHING;
    if (state == State.AWAIT_S0_S1) {
      if (in.hasRemaining()) {
        int version = in.get(in.position()) & 0xFF;
        ProtocolException.check(
            version == ServerHandshake.RTMP_VERSION,
            LAYER,
            "S0 version byte at offset 0 is " + version + ", expected 3");
      }
      if (in.remaining() < 1 + PACKET_BYTES) {
        return NOTHING;
      }
      in.get();
      byte[] s1 = new byte[PACKET_BYTES];
      in.get(s1);
      out = answer(s1);
      state = State.AWAIT_S2;
    }
    if (in.remaining() >= PACKET_BYTES) {
      byte[] s2 = new byte[PACKET_BYTES];
      in.get(s2);
      checkS2(s2);
      state = State.COMPLETE;
    }
    return out;
  }

  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  /** Whether S1 carried a valid Media Server digest (false for plain servers). */
  public boolean isServerDigestVerified() {
    return serverDigestVerified;
  }

  private byte[] answer(byte[] s1) {
    boolean versioned = s1[4] != 0 || s1[5] != 0 || s1[6] != 0 || s1[7] != 0;
    HandshakeType s1Type =
        versioned
            ? HandshakeDigest.detect(
                s1, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_TEXT_BYTES)
            : HandshakeType.PLAIN;
    if (s1Type == HandshakeType.PLAIN) {
      return s1;
    }
    serverDigestVerified = true;
    int at = HandshakeDigest.digestOffset(s1, s1Type);
    byte[] s1Digest = Arrays.copyOfRange(s1, at, at + DIGEST_BYTES);
    byte[] c2 = new byte[PACKET_BYTES];
    random.nextBytes(c2);
    HandshakeDigest.sign(c2, s1Digest, HandshakeDigest.PLAYER_KEY);
    return c2;
  }

  /** ffmpeg's check; an S2 echoing C1 is accepted too, as some servers answer that way. */
  private void checkS2(byte[] s2) {
    if (!serverDigestVerified || c1Digest == null || Arrays.equals(s2, c1)) {
      return;
    }
    ProtocolException.check(
        HandshakeDigest.isSigned(s2, c1Digest, HandshakeDigest.SERVER_KEY),
        LAYER,
        "S2 signature in bytes 1504..1535 does not match the C1 digest");
  }
}
