package io.streamrp2p.protocol.codec;

import java.io.ByteArrayOutputStream;

/**
 * Test-only MSB-first bit writer: hand-built vectors read as one call per syntax element, so a test
 * names every field it sets.
 */
public final class BitWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int current;
  private int used;

  /** Writes the low {@code bits} (0..64) bits of {@code value}. */
  public BitWriter u(int bits, long value) {
    if (bits < 0 || bits > 64) {
      throw new IllegalArgumentException("bit count must be 0..64, got " + bits);
    }
    for (int i = bits - 1; i >= 0; i--) {
      current = (current << 1) | (int) ((value >>> i) & 1);
      if (++used == 8) {
        out.write(current);
        current = 0;
        used = 0;
      }
    }
    return this;
  }

  public BitWriter flag(boolean value) {
    return u(1, value ? 1 : 0);
  }

  /** ue(v) of a value up to 2^32 - 2. */
  public BitWriter ue(long value) {
    if (value < 0 || value > 0xfffffffeL) {
      throw new IllegalArgumentException("ue(v) holds 0..2^32-2, got " + value);
    }
    long codeNum = value + 1;
    int bits = 64 - Long.numberOfLeadingZeros(codeNum);
    u(bits - 1, 0);
    return u(bits, codeNum);
  }

  public BitWriter se(long value) {
    return ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** Bits written so far. */
  public long bitLength() {
    return (long) out.size() * 8 + used;
  }

  /** rbsp_trailing_bits(): a one, then zeros to the byte boundary. */
  public BitWriter trailingBits() {
    u(1, 1);
    while (used != 0) {
      u(1, 0);
    }
    return this;
  }

  /** Bytes written so far; a partial last byte is padded with zeros. */
  public byte[] toBytes() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    byte[] full = out.toByteArray();
    copy.write(full, 0, full.length);
    if (used > 0) {
      copy.write(current << (8 - used));
    }
    return copy.toByteArray();
  }
}
