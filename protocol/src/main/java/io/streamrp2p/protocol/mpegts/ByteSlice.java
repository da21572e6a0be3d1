package io.streamrp2p.protocol.mpegts;

/**
 * A view of {@code length} bytes of {@code array} from {@code offset}: one NAL unit (no start code,
 * no length prefix) or one ADTS frame. The muxer reads it during the call and keeps no reference,
 * so callers may point into a reused receive buffer.
 */
public record ByteSlice(byte[] array, int offset, int length) {
  public ByteSlice {
    if (array == null) {
      throw new IllegalArgumentException("array is null");
    }
    if (offset < 0 || length < 0 || offset > array.length - length) {
      throw new IllegalArgumentException(
          "slice " + offset + "+" + length + " outside " + array.length + " bytes");
    }
  }

  public static ByteSlice of(byte[] array) {
    return new ByteSlice(array, 0, array.length);
  }

  public int byteAt(int index) {
    if (index < 0 || index >= length) {
      throw new IllegalArgumentException("index " + index + " outside slice of " + length);
    }
    return array[offset + index] & 0xFF;
  }

  /** A copy of the viewed bytes. */
  public byte[] toByteArray() {
    byte[] copy = new byte[length];
    System.arraycopy(array, offset, copy, 0, length);
    return copy;
  }
}
