package io.streamrp2p.protocol.codec;

import io.streamrp2p.protocol.ProtocolException;
import java.util.Objects;

/**
 * Reads bits most-significant first from a byte range, as the H.264/H.265 {@code u(n)} and {@code
 * ue(v)}/{@code se(v)} descriptors and the MPEG-4 audio bit syntax require. Every read is
 * bounds-checked: reading past the range throws {@link ProtocolException} with the reader's layer
 * and the bit offset, so a parser built on it never sees an index exception.
 */
public final class BitReader {
  /**
   * Leading zero bits an exp-Golomb code may have. H.264 9.1 and H.265 9.2 let {@code ue(v)} values
   * reach 2^32 - 2, which needs 31 leading zeros; more than that can only be garbage and would
   * overflow the 32-bit suffix.
   */
  public static final int EXP_GOLOMB_LEADING_ZEROS_MAX = 31;

  private final String layer;
  private final byte[] data;
  private final long startBit;
  private final long endBit;
  private long position;

  /** Reads {@code length} bytes of {@code data} from {@code offset}. */
  public BitReader(String layer, byte[] data, int offset, int length) {
    this.layer = Objects.requireNonNull(layer, "layer");
    this.data = Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(offset, length, data.length);
    this.startBit = (long) offset * 8;
    this.endBit = (long) (offset + length) * 8;
    this.position = startBit;
  }

  public BitReader(String layer, byte[] data) {
    this(layer, data, 0, data.length);
  }

  /** Bits read so far, counted from the start of the range. */
  public long bitPosition() {
    return position - startBit;
  }

  /** Bits left before the end of the range. */
  public long bitsLeft() {
    return endBit - position;
  }

  /** Reads {@code n} bits (0..32) as an unsigned value. */
  public long readBits(int n) {
    if (n < 0 || n > 32) {
      throw new IllegalArgumentException("bit count must be 0..32, got " + n);
    }
    require(n);
    long value = 0;
    for (int i = 0; i < n; i++) {
      value = (value << 1) | bitAt(position++);
    }
    return value;
  }

  /** Reads {@code n} bits (0..31) as an int. */
  public int readInt(int n) {
    if (n > 31) {
      throw new IllegalArgumentException("an int holds at most 31 unsigned bits, got " + n);
    }
    return (int) readBits(n);
  }

  public int readBit() {
    require(1);
    return bitAt(position++);
  }

  public boolean readFlag() {
    return readBit() == 1;
  }

  public void skipBits(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot skip " + n + " bits");
    }
    require(n);
    position += n;
  }

  /** Unsigned exp-Golomb {@code ue(v)} (H.264 9.1): 0 .. 2^32 - 2. */
  public long readUe() {
    long codeStart = bitPosition();
    int leadingZeros = 0;
    while (readBit() == 0) {
      leadingZeros++;
      if (leadingZeros > EXP_GOLOMB_LEADING_ZEROS_MAX) {
        throw new ProtocolException(
            layer,
            "exp-Golomb code at bit "
                + codeStart
                + " has more than "
                + EXP_GOLOMB_LEADING_ZEROS_MAX
                + " leading zeros");
      }
    }
    return (1L << leadingZeros) - 1 + readBits(leadingZeros);
  }

  /** Signed exp-Golomb {@code se(v)} (H.264 9.1.1): k maps to (-1)^(k+1) * ceil(k / 2). */
  public long readSe() {
    long k = readUe();
    return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
  }

  /** {@code ue(v)} that must lie in {@code 0..max}; {@code field} names it in the error. */
  public int readUe(String field, int max) {
    long start = bitPosition();
    long value = readUe();
    if (value > max) {
      throw new ProtocolException(
          layer, field + " = " + value + " at bit " + start + " exceeds " + max);
    }
    return (int) value;
  }

  /** {@code se(v)} that must lie in {@code min..max}; {@code field} names it in the error. */
  public int readSe(String field, int min, int max) {
    long start = bitPosition();
    long value = readSe();
    if (value < min || value > max) {
      throw new ProtocolException(
          layer, field + " = " + value + " at bit " + start + " is outside " + min + ".." + max);
    }
    return (int) value;
  }

  private int bitAt(long bit) {
    return (data[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1;
  }

  private void require(long n) {
    if (n > endBit - position) {
      throw new ProtocolException(
          layer,
          "needs " + n + " bits at bit " + bitPosition() + " but only " + bitsLeft() + " remain");
    }
  }
}
