package io.streamrp2p.protocol.flv;

import java.nio.ByteBuffer;

/**
 * Encodes an FLV stream (spec v10.1, E.3): the header followed by PreviousTagSize0 (always 0), then
 * each tag followed by its PreviousTagSize (11 + DataSize).
 *
 * <p>Each tag is written with its trailing PreviousTagSize, so an encoded tag is self-contained:
 * the hub encodes a tag once into one immutable buffer and sends that same buffer to every HTTP-FLV
 * viewer, whatever the viewer received before.
 */
public final class FlvWriter {
  /** Bytes of one PreviousTagSize field (UI32). */
  public static final int PREVIOUS_TAG_SIZE_LENGTH = 4;

  private FlvWriter() {}

  /** Bytes {@link #encodeHeader(FlvHeader)} writes: the header and PreviousTagSize0. */
  public static int headerSize(FlvHeader header) {
    return header.dataOffset() + PREVIOUS_TAG_SIZE_LENGTH;
  }

  /** The start of a file: the header, then PreviousTagSize0 = 0. */
  public static byte[] encodeHeader(FlvHeader header) {
    byte[] out = new byte[headerSize(header)];
    header.encode(out, 0);
    return out; // PreviousTagSize0 is already the zeroes of the fresh array.
  }

  /** Bytes one tag with a body of {@code bodyLength} takes: 11 + body + 4. */
  public static int encodedSize(int bodyLength) {
    if (bodyLength < 0 || bodyLength > FlvTag.UI24_MAX) {
      throw new IllegalArgumentException("body length " + bodyLength + " outside UI24 DataSize");
    }
    return FlvTag.HEADER_LENGTH + bodyLength + PREVIOUS_TAG_SIZE_LENGTH;
  }

  /**
   * Writes one tag (StreamID 0) with body {@code body[off, off + len)} and its trailing
   * PreviousTagSize into {@code dst} at {@code dstOff}; returns {@link #encodedSize(int)}. This is
   * the hot path: no allocation, one copy of the body.
   */
  public static int encodeTag(
      int tagType, long timestamp, byte[] body, int off, int len, byte[] dst, int dstOff) {
    return encodeTag(tagType, timestamp, 0, body, off, len, dst, dstOff);
  }

  /** As {@link #encodeTag(int, long, byte[], int, int, byte[], int)}, into a new array. */
  public static byte[] encodeTag(int tagType, long timestamp, byte[] body, int off, int len) {
    byte[] out = new byte[encodedSize(len)];
    encodeTag(tagType, timestamp, 0, body, off, len, out, 0);
    return out;
  }

  /**
   * As {@link #encodeTag(int, long, byte[], int, int, byte[], int)}, at the position of {@code
   * dst}, which it advances. Works for heap and direct buffers.
   */
  public static void encodeTag(
      int tagType, long timestamp, byte[] body, int off, int len, ByteBuffer dst) {
    int size = encodedSize(len);
    if (dst.remaining() < size) {
      throw new IllegalArgumentException(
          "destination has " + dst.remaining() + " bytes left, tag needs " + size);
    }
    checkFields(tagType, timestamp, 0);
    FlvBytes.checkRange(body.length, off, len, "body");
    dst.put((byte) tagType);
    putU24(dst, len);
    putU24(dst, (int) timestamp);
    dst.put((byte) (timestamp >>> 24));
    putU24(dst, 0);
    dst.put(body, off, len);
    int previousTagSize = FlvTag.HEADER_LENGTH + len; // UI32: may exceed 24 bits by up to 11
    dst.put((byte) (previousTagSize >>> 24));
    putU24(dst, previousTagSize);
  }

  /** Byte by byte, so the caller's {@link ByteBuffer#order()} does not matter. */
  private static void putU24(ByteBuffer dst, int value) {
    dst.put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
  }

  /** Encodes {@code tag} (keeping its StreamID) into {@code dst} at {@code dstOff}. */
  public static int encodeTag(FlvTag tag, byte[] dst, int dstOff) {
    byte[] body = tag.body();
    return encodeTag(
        tag.tagType(), tag.timestamp(), tag.streamId(), body, 0, body.length, dst, dstOff);
  }

  /** Encodes {@code tag} (keeping its StreamID) into a new array. */
  public static byte[] encodeTag(FlvTag tag) {
    byte[] out = new byte[tag.encodedSize()];
    encodeTag(tag, out, 0);
    return out;
  }

  private static int encodeTag(
      int tagType,
      long timestamp,
      int streamId,
      byte[] body,
      int off,
      int len,
      byte[] dst,
      int dstOff) {
    int size = encodedSize(len);
    checkFields(tagType, timestamp, streamId);
    FlvBytes.checkRange(body.length, off, len, "body");
    FlvBytes.checkRange(dst.length, dstOff, size, "destination");
    writeHeader(tagType, timestamp, streamId, len, dst, dstOff);
    System.arraycopy(body, off, dst, dstOff + FlvTag.HEADER_LENGTH, len);
    FlvBytes.put32(dst, dstOff + FlvTag.HEADER_LENGTH + len, FlvTag.HEADER_LENGTH + len);
    return size;
  }

  private static void checkFields(int tagType, long timestamp, int streamId) {
    if (tagType < 0 || tagType > FlvTag.TAG_TYPE_MAX) {
      throw new IllegalArgumentException("tagType " + tagType + " outside [0, 31]");
    }
    if (timestamp < 0 || timestamp > FlvTag.TIMESTAMP_MAX) {
      throw new IllegalArgumentException("timestamp " + timestamp + " outside 32 bits unsigned");
    }
    if (streamId < 0 || streamId > FlvTag.UI24_MAX) {
      throw new IllegalArgumentException("streamId " + streamId + " outside 24 bits");
    }
  }

  /** E.4.1: TagType (Reserved 0, Filter 0), DataSize, Timestamp, TimestampExtended, StreamID. */
  private static void writeHeader(
      int tagType, long timestamp, int streamId, int bodyLength, byte[] dst, int off) {
    dst[off] = (byte) tagType;
    FlvBytes.put24(dst, off + 1, bodyLength);
    FlvBytes.put24(dst, off + 4, (int) timestamp);
    dst[off + 7] = (byte) (timestamp >>> 24);
    FlvBytes.put24(dst, off + 8, streamId);
  }
}
