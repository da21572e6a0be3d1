package io.streamrp2p.protocol.flv;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Big-endian field access at absolute indices (callers have checked the bounds), and the checks the
 * audio and video tag headers share.
 */
final class FlvBytes {
  /** Layer name in every {@link io.streamrp2p.protocol.ProtocolException} of this package. */
  static final String LAYER = "flv";

  private FlvBytes() {}

  static int u8(ByteBuffer b, int i) {
    return b.get(i) & 0xFF;
  }

  static int u24(ByteBuffer b, int i) {
    return u8(b, i) << 16 | u8(b, i + 1) << 8 | u8(b, i + 2);
  }

  /** Two's-complement 24-bit value (SI24, used for composition time). */
  static int si24(ByteBuffer b, int i) {
    return u24(b, i) << 8 >> 8;
  }

  static long u32(ByteBuffer b, int i) {
    // Byte by byte, so the caller's ByteBuffer.order() does not matter.
    return (long) u8(b, i) << 24 | u24(b, i + 1);
  }

  /** Big-endian 32 bits of a byte array as an int, the form FourCCs are kept in. */
  static int s32(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
  }

  static void put24(byte[] dst, int off, int value) {
    dst[off] = (byte) (value >>> 16);
    dst[off + 1] = (byte) (value >>> 8);
    dst[off + 2] = (byte) value;
  }

  static void put32(byte[] dst, int off, long value) {
    dst[off] = (byte) (value >>> 24);
    dst[off + 1] = (byte) (value >>> 16);
    dst[off + 2] = (byte) (value >>> 8);
    dst[off + 3] = (byte) value;
  }

  /** Throws unless {@code [off, off + len)} lies inside an array of {@code arrayLength}. */
  static void checkRange(int arrayLength, int off, int len, String what) {
    if (off < 0 || len < 0 || len > arrayLength - off) {
      throw new IllegalArgumentException(
          what + ": range [" + off + ", +" + len + ") outside array of " + arrayLength);
    }
  }

  /**
   * Rejects bad bytes in the header at the start of an audio or video tag body ({@code media} says
   * which); {@code bodyOffset} is where in the body the bad field starts.
   */
  static void checkTagBody(boolean condition, String media, String message, int bodyOffset) {
    ProtocolException.check(
        condition, LAYER, message + " at " + media + " body offset " + bodyOffset);
  }

  /** Rejects an audio or video tag header built by the caller with fields that cannot be sent. */
  static void requireTagHeader(boolean condition, String media, String message) {
    if (!condition) {
      throw new IllegalArgumentException("invalid " + media + " tag header: " + message);
    }
  }
}
