package io.streamrp2p.protocol.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A view of one NAL unit inside a larger buffer: nothing is copied when an access unit is split.
 * The view is only valid while the caller keeps the buffer unchanged.
 */
public record NalUnit(byte[] buffer, int offset, int length) {
  public NalUnit {
    Objects.requireNonNull(buffer, "buffer");
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      throw new IllegalArgumentException("a NAL unit has at least a header byte");
    }
  }

  /** A view of a whole array. */
  public static NalUnit of(byte[] nalUnit) {
    return new NalUnit(nalUnit, 0, nalUnit.length);
  }

  /** {@code nal_unit_type} of an H.264 NAL unit (H.264 7.3.1: low 5 bits of byte 0). */
  public int avcType() {
    return buffer[offset] & 0x1f;
  }

  /** {@code nal_unit_type} of an H.265 NAL unit (H.265 7.3.1.2: bits 1..6 of byte 0). */
  public int hevcType() {
    return (buffer[offset] >>> 1) & 0x3f;
  }

  /** The bytes of this NAL unit, copied. */
  public byte[] toArray() {
    return Arrays.copyOfRange(buffer, offset, offset + length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NalUnit other
        && Arrays.equals(
            buffer,
            offset,
            offset + length,
            other.buffer,
            other.offset,
            other.offset + other.length);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + buffer[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "NalUnit[length="
        + length
        + ", header=0x"
        + Integer.toHexString(buffer[offset] & 0xff)
        + "]";
  }
}
