package io.streamrp2p.protocol.mpegts;

/**
 * A growable byte sink that exposes its backing array without copying, so a server can hand the
 * muxed bytes of a segment to every viewer from one buffer. Not thread-safe.
 */
public final class TsBuffer {
  private byte[] bytes;
  private int length;
  private final int bytesMax;

  /**
   * @param initialCapacity bytes allocated up front
   * @param bytesMax the buffer refuses to grow past this many bytes; the owner chooses it from its
   *     own budget (for example segment duration times the highest accepted bitrate)
   */
  public TsBuffer(int initialCapacity, int bytesMax) {
    if (initialCapacity < 0 || bytesMax < 1 || initialCapacity > bytesMax) {
      throw new IllegalArgumentException(
          "need 0 <= initialCapacity <= bytesMax and bytesMax >= 1, got "
              + initialCapacity
              + ", "
              + bytesMax);
    }
    this.bytes = new byte[initialCapacity];
    this.bytesMax = bytesMax;
  }

  /** The backing array; valid bytes are {@code [0, length())}. Changes when the buffer grows. */
  public byte[] array() {
    return bytes;
  }

  public int length() {
    return length;
  }

  public int bytesMax() {
    return bytesMax;
  }

  /** Forgets the content and keeps the allocation. */
  public void clear() {
    length = 0;
  }

  /** A copy of the valid bytes, for tests and for callers that must own them. */
  public byte[] toByteArray() {
    byte[] copy = new byte[length];
    System.arraycopy(bytes, 0, copy, 0, length);
    return copy;
  }

  public void writeByte(int b) {
    ensureWritable(1);
    bytes[length++] = (byte) b;
  }

  public void write(byte[] src, int offset, int count) {
    ensureWritable(count);
    System.arraycopy(src, offset, bytes, length, count);
    length += count;
  }

  /**
   * Appends {@code count} bytes the caller fills in place through {@link #array()}.
   *
   * @return the offset of the first appended byte
   */
  public int append(int count) {
    ensureWritable(count);
    int at = length;
    length += count;
    return at;
  }

  private void ensureWritable(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("negative count " + count);
    }
    long needed = (long) length + count;
    if (needed > bytesMax) {
      throw new IllegalStateException(
          "buffer full: " + length + " + " + count + " bytes exceeds bytesMax " + bytesMax);
    }
    if (needed > bytes.length) {
      long doubled = Math.max(needed, 2L * bytes.length);
      byte[] grown = new byte[(int) Math.min(doubled, bytesMax)];
      System.arraycopy(bytes, 0, grown, 0, length);
      bytes = grown;
    }
  }
}
