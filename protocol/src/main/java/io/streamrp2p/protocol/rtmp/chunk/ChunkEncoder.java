package io.streamrp2p.protocol.rtmp.chunk;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Splits RTMP messages into chunks (RTMP 1.0 section 5.3) for one connection.
 *
 * <p>An instance remembers the last header written on each chunk stream and picks the smallest
 * chunk type the peer's decoder can expand: fmt 0 for the first message on a chunk stream, a new
 * message stream or a timestamp that goes backwards; fmt 1 when length or type change; fmt 2 when
 * only the timestamp delta changes; fmt 3 when the delta repeats too. Continuation chunks are fmt
 * 3. Extended timestamps (section 5.3.1.3) are written whenever the 24-bit field overflows and
 * repeated in every fmt 3 chunk that follows, as ffmpeg and FMS expect.
 *
 * <p>{@link #encodeStandalone} needs no state: it always starts with fmt 0, so one encoded buffer
 * can be shared by every viewer of a stream. A chunk stream written that way must be reported with
 * {@link #noteStandalone} before this instance compresses against it again.
 *
 * <p>Sizes can be computed first ({@link #encodedSize}) so callers encode straight into their own
 * buffers. Not thread-safe.
 */
public final class ChunkEncoder {
  /** Chunk size the spec allows (section 5.4.1: 31 bits, top bit zero). */
  public static final int CHUNK_SIZE_MAX = 0x7FFFFFFF;

  private static final int MARKER = ChunkDecoder.EXTENDED_TIMESTAMP_MARKER;
  private static final long MASK = ChunkDecoder.TIMESTAMP_MASK;
  private static final int[] MESSAGE_HEADER_BYTES = {11, 7, 3, 0};

  /** The header state the peer's decoder holds for one chunk stream. */
  private static final class LastHeader {
    long timestamp;
    long delta;
    int length;
    int typeId;
    int streamId;
  }

  private final Map<Integer, LastHeader> last = new HashMap<>();
  private int chunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;

  // Plan for the message being encoded: chunk type and the value of its timestamp field.
  private int plannedFmt;
  private long plannedTimestampField;

  /** Outgoing chunk size; 128 until changed. */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Changes the outgoing chunk size. Send the Set Chunk Size message first (encoded with the old
   * size), then call this, so the peer switches at the same point of the stream.
   */
  public void setChunkSize(int size) {
    checkChunkSize(size);
    chunkSize = size;
  }

  /** Bytes {@link #encode} would write for {@code message} now; changes nothing. */
  public int encodedSize(RawMessage message) {
    plan(message);
    return size(message, plannedFmt, plannedTimestampField, chunkSize);
  }

  /** Encodes into a new array. */
  public byte[] encode(RawMessage message) {
    byte[] out = new byte[encodedSize(message)];
    encode(message, ByteBuffer.wrap(out));
    return out;
  }

  /**
   * Encodes {@code message} at {@code dst.position()} and advances it.
   *
   * @return bytes written
   * @throws IllegalArgumentException when {@code dst} has too little room (nothing is written)
   */
  public int encode(RawMessage message, ByteBuffer dst) {
    plan(message);
    int size = size(message, plannedFmt, plannedTimestampField, chunkSize);
    requireRoom(dst, size);
    write(dst, message, plannedFmt, plannedTimestampField, chunkSize);
    remember(message, plannedFmt, plannedTimestampField);
    return size;
  }

  /** Encodes into {@code dst} from {@code offset}; returns bytes written. */
  public int encode(RawMessage message, byte[] dst, int offset) {
    return encode(message, ByteBuffer.wrap(dst, offset, dst.length - offset));
  }

  /**
   * Records that {@code message} reached the peer through {@link #encodeStandalone}, so the next
   * message on its chunk stream is compressed against that fmt 0 header.
   */
  public void noteStandalone(RawMessage message) {
    remember(message, 0, message.timestamp());
  }

  /** Bytes {@link #encodeStandalone} writes for {@code message} with {@code chunkSize}. */
  public static int standaloneSize(RawMessage message, int chunkSize) {
    checkChunkSize(chunkSize);
    return size(message, 0, message.timestamp(), chunkSize);
  }

  /** Encodes with fmt 0 then fmt 3 continuations into a new array; needs no connection state. */
  public static byte[] encodeStandalone(RawMessage message, int chunkSize) {
    byte[] out = new byte[standaloneSize(message, chunkSize)];
    encodeStandalone(message, chunkSize, ByteBuffer.wrap(out));
    return out;
  }

  /**
   * Encodes with fmt 0 then fmt 3 continuations at {@code dst.position()} and advances it. {@code
   * chunkSize} must be the chunk size in force on every connection the bytes go to.
   *
   * @return bytes written
   * @throws IllegalArgumentException when {@code dst} has too little room (nothing is written)
   */
  public static int encodeStandalone(RawMessage message, int chunkSize, ByteBuffer dst) {
    int size = standaloneSize(message, chunkSize);
    requireRoom(dst, size);
    write(dst, message, 0, message.timestamp(), chunkSize);
    return size;
  }

  private void plan(RawMessage m) {
    LastHeader h = last.get(m.chunkStreamId());
    plannedFmt = 0;
    plannedTimestampField = m.timestamp();
    if (h == null || h.streamId != m.messageStreamId()) {
      return;
    }
    long delta = (m.timestamp() - h.timestamp) & MASK;
    if (delta >= 0x80000000L) {
      // Backwards in time: an absolute header is clearer to every decoder than a wrapped delta.
      return;
    }
    plannedTimestampField = delta;
    if (m.payload().length != h.length || m.typeId() != h.typeId) {
      plannedFmt = 1;
    } else {
      plannedFmt = delta == h.delta ? 3 : 2;
    }
  }

  private void remember(RawMessage m, int fmt, long timestampField) {
    LastHeader h = last.computeIfAbsent(m.chunkStreamId(), k -> new LastHeader());
    h.timestamp = m.timestamp();
    if (fmt != 3) {
      h.delta = timestampField;
    }
    h.length = m.payload().length;
    h.typeId = m.typeId();
    h.streamId = m.messageStreamId();
  }

  private static int size(RawMessage m, int fmt, long timestampField, int chunkSize) {
    int basic = basicHeaderBytes(m.chunkStreamId());
    int ext = timestampField >= MARKER ? 4 : 0;
    int length = m.payload().length;
    int chunks = length == 0 ? 1 : (length - 1) / chunkSize + 1;
    return basic + MESSAGE_HEADER_BYTES[fmt] + ext + length + (chunks - 1) * (basic + ext);
  }

  private static void write(
      ByteBuffer dst, RawMessage m, int fmt, long timestampField, int chunkSize) {
    boolean extended = timestampField >= MARKER;
    byte[] payload = m.payload();
    writeBasicHeader(dst, fmt, m.chunkStreamId());
    if (fmt <= 2) {
      putU24(dst, extended ? MARKER : (int) timestampField);
    }
    if (fmt <= 1) {
      putU24(dst, payload.length);
      dst.put((byte) m.typeId());
    }
    if (fmt == 0) {
      int id = m.messageStreamId();
      dst.put((byte) id).put((byte) (id >>> 8)).put((byte) (id >>> 16)).put((byte) (id >>> 24));
    }
    if (extended) {
      putU32(dst, timestampField);
    }
    int body = Math.min(chunkSize, payload.length);
    dst.put(payload, 0, body);
    for (int off = body; off < payload.length; off += body) {
      writeBasicHeader(dst, 3, m.chunkStreamId());
      if (extended) {
        putU32(dst, timestampField);
      }
      body = Math.min(chunkSize, payload.length - off);
      dst.put(payload, off, body);
    }
  }

  private static int basicHeaderBytes(int csid) {
    return csid < 64 ? 1 : csid < 320 ? 2 : 3;
  }

  /** Section 5.3.1.1. */
  private static void writeBasicHeader(ByteBuffer dst, int fmt, int csid) {
    if (csid < 64) {
      dst.put((byte) (fmt << 6 | csid));
    } else if (csid < 320) {
      dst.put((byte) (fmt << 6)).put((byte) (csid - 64));
    } else {
      dst.put((byte) (fmt << 6 | 1)).put((byte) (csid - 64)).put((byte) ((csid - 64) >>> 8));
    }
  }

  private static void putU24(ByteBuffer dst, int v) {
    dst.put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
  }

  private static void putU32(ByteBuffer dst, long v) {
    dst.put((byte) (v >>> 24)).put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
  }

  private static void requireRoom(ByteBuffer dst, int size) {
    Objects.requireNonNull(dst, "dst");
    if (dst.remaining() < size) {
      throw new IllegalArgumentException(
          "buffer has " + dst.remaining() + " bytes left, message needs " + size);
    }
  }

  private static void checkChunkSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("chunk size must be 1.." + CHUNK_SIZE_MAX + ": " + size);
    }
  }
}
