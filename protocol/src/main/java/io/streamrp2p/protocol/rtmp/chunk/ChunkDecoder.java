package io.streamrp2p.protocol.rtmp.chunk;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reassembles RTMP messages from chunks (RTMP 1.0 section 5.3) for one connection.
 *
 * <p>The decoder is a state machine over whole chunks: {@link #poll} looks at the bytes in place
 * and consumes a chunk only when its basic header, message header, extended timestamp and body are
 * all in the buffer, so a caller can feed it any split of the stream and call again with more bytes
 * appended. Per chunk stream it remembers the last header (section 5.3.1.2) so that fmt 1, 2 and 3
 * chunks can leave fields out.
 *
 * <p>Set Chunk Size (type 1, section 5.4.1) and Abort (type 2, section 5.4.2) are applied by the
 * decoder itself as soon as they are decoded, because the very next chunk depends on them; they are
 * still returned to the caller like every other message. Protocol control messages are honoured on
 * any chunk stream and message stream, as ffmpeg and nginx-rtmp do, although the spec asks for
 * chunk stream 2 and message stream 0.
 *
 * <p>Not thread-safe: one decoder per connection, driven by one reader.
 */
public final class ChunkDecoder {
  private static final String LAYER = "rtmp.chunk";

  /** Chunk size in force until the peer sends Set Chunk Size (section 5.4.1). */
  public static final int DEFAULT_CHUNK_SIZE = 128;

  /** A 24-bit timestamp field holding this value means a 32-bit field follows (5.3.1.3). */
  static final int EXTENDED_TIMESTAMP_MARKER = 0xFFFFFF;

  static final long TIMESTAMP_MASK = 0xFFFFFFFFL;

  /** Message header length by chunk type fmt 0..3 (section 5.3.1.2). */
  private static final int[] MESSAGE_HEADER_BYTES = {11, 7, 3, 0};

  /** What the decoder remembers about one chunk stream id. */
  private static final class ChunkStream {
    /** Absolute timestamp of the message being (or last) reassembled, mod 2^32. */
    long timestamp;

    /** Delta applied when a fmt 3 chunk starts a new message; after fmt 0 it is the timestamp. */
    long delta;

    int length;
    int typeId;
    int streamId;

    /** Whether the last fmt 0/1/2 header carried an extended timestamp, and its value. */
    boolean extended;

    long extendedValue;

    /** Payload of the message being reassembled, null between messages. */
    byte[] payload;

    int received;
  }

  private final ChunkLimits limits;
  private final Map<Integer, ChunkStream> streams = new HashMap<>();
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private long bytesRead;
  private long pendingBytes;

  // The chunk parsed by parse() and not yet committed; scratch fields avoid an allocation per
  // chunk on the media path.
  private int fmt;
  private int csid;
  private int headerBytes;
  private int bodyBytes;
  private long timestampField;
  private int length;
  private int typeId;
  private int streamId;
  private boolean extended;
  private long extendedValue;

  public ChunkDecoder(ChunkLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ChunkDecoder() {
    this(ChunkLimits.defaults());
  }

  /**
   * Returns the next whole message, or null when {@code in} does not hold enough bytes yet.
   * Consumes every whole chunk it reads (advancing {@code in.position()}) and nothing of an
   * incomplete one. Reads in place and never depends on the buffer's byte order.
   *
   * @throws ProtocolException when the bytes break the chunk stream format or a limit
   */
  public RawMessage poll(ByteBuffer in) {
    while (true) {
      if (!parse(in)) {
        return null;
      }
      RawMessage message = commit(in);
      if (message != null) {
        applyControl(message);
        return message;
      }
    }
  }

  /** Total bytes consumed so far, for Acknowledgement windows (section 5.4.3). */
  public long bytesRead() {
    return bytesRead;
  }

  /** Chunk size the peer currently uses, as set by its last Set Chunk Size message. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Parses the chunk at the buffer position without consuming; false if it is not whole. */
  private boolean parse(ByteBuffer in) {
    int base = in.position();
    int avail = in.remaining();
    if (!parseBasicHeader(in, base, avail)) {
      return false;
    }
    ChunkStream s = streams.get(csid);
    if (s == null) {
      ProtocolException.check(
          fmt == 0,
          LAYER,
          "fmt "
              + fmt
              + " chunk on chunk stream "
              + csid
              + " with no previous fmt 0 header"
              + " at stream offset "
              + bytesRead);
      ProtocolException.check(
          streams.size() < limits.chunkStreamsMax(),
          LAYER,
          "chunk stream "
              + csid
              + " exceeds the limit of "
              + limits.chunkStreamsMax()
              + " chunk streams per connection");
    }
    int fieldsEnd = headerBytes + MESSAGE_HEADER_BYTES[fmt];
    if (avail < fieldsEnd) {
      return false;
    }
    readMessageHeader(in, base + headerBytes, s);
    headerBytes = fieldsEnd;
    if (!readExtendedTimestamp(in, base, avail, s)) {
      return false;
    }
    boolean continuing = s != null && s.payload != null;
    if (continuing) {
      checkContinuation(s);
      bodyBytes = Math.min(chunkSize, s.length - s.received);
    } else {
      checkNewMessage();
      bodyBytes = Math.min(chunkSize, length);
    }
    return avail >= headerBytes + bodyBytes;
  }

  /** Section 5.3.1.1: 1, 2 or 3 bytes; csid 0 and 1 escape to the longer forms. */
  private boolean parseBasicHeader(ByteBuffer in, int base, int avail) {
    if (avail < 1) {
      return false;
    }
    int b0 = in.get(base) & 0xFF;
    fmt = b0 >>> 6;
    int low = b0 & 0x3F;
    if (low == 0) {
      if (avail < 2) {
        return false;
      }
      csid = 64 + (in.get(base + 1) & 0xFF);
      headerBytes = 2;
    } else if (low == 1) {
      if (avail < 3) {
        return false;
      }
      csid = 64 + (in.get(base + 1) & 0xFF) + ((in.get(base + 2) & 0xFF) << 8);
      headerBytes = 3;
    } else {
      csid = low;
      headerBytes = 1;
    }
    return true;
  }

  /** Section 5.3.1.2: fields a chunk leaves out are taken from the previous header. */
  private void readMessageHeader(ByteBuffer in, int p, ChunkStream s) {
    timestampField = fmt <= 2 ? u24(in, p) : 0;
    if (fmt <= 1) {
      length = u24(in, p + 3);
      typeId = in.get(p + 6) & 0xFF;
    } else {
      length = s.length;
      typeId = s.typeId;
    }
    if (fmt == 0) {
      streamId =
          (in.get(p + 7) & 0xFF)
              | (in.get(p + 8) & 0xFF) << 8
              | (in.get(p + 9) & 0xFF) << 16
              | (in.get(p + 10) & 0xFF) << 24;
    } else {
      streamId = s.streamId;
    }
  }

  /**
   * Section 5.3.1.3. A fmt 0/1/2 header with the 0xFFFFFF marker is followed by the 32-bit value.
   * Fmt 3 chunks repeat that value when the last fmt 0/1/2 header of the chunk stream had one
   * (ffmpeg and FMS write it), but some encoders leave it out. Like SRS we peek: the four bytes are
   * taken as the repeated field only when they equal the remembered field or the message's absolute
   * timestamp (some encoders write that instead); otherwise they are payload. A payload that
   * happens to start with exactly those four bytes would be misread, the same ambiguity every
   * tolerant implementation accepts.
   */
  private boolean readExtendedTimestamp(ByteBuffer in, int base, int avail, ChunkStream s) {
    if (fmt <= 2) {
      extended = timestampField == EXTENDED_TIMESTAMP_MARKER;
      extendedValue = 0;
      if (extended) {
        if (avail < headerBytes + 4) {
          return false;
        }
        extendedValue = u32(in, base + headerBytes);
        headerBytes += 4;
      }
      return true;
    }
    extended = s.extended;
    extendedValue = s.extendedValue;
    if (!extended) {
      return true;
    }
    if (avail < headerBytes + 4) {
      return false;
    }
    long value = u32(in, base + headerBytes);
    long absolute = s.payload != null ? s.timestamp : (s.timestamp + s.delta) & TIMESTAMP_MASK;
    if (value == s.extendedValue || value == absolute) {
      headerBytes += 4;
    }
    return true;
  }

  /**
   * A fmt 0/1/2 header in the middle of a message must describe the same message; its timestamp is
   * ignored (the message keeps its first chunk's), as SRS does.
   */
  private void checkContinuation(ChunkStream s) {
    if (fmt <= 1) {
      ProtocolException.check(
          length == s.length,
          LAYER,
          "message length changed from "
              + s.length
              + " to "
              + length
              + " on chunk stream "
              + csid
              + " after "
              + s.received
              + " bytes of the message");
      ProtocolException.check(
          typeId == s.typeId,
          LAYER,
          "message type changed from "
              + s.typeId
              + " to "
              + typeId
              + " on chunk stream "
              + csid
              + " in the middle of a message");
    }
    ProtocolException.check(
        streamId == s.streamId,
        LAYER,
        "message stream changed on chunk stream " + csid + " in the middle of a message");
  }

  private void checkNewMessage() {
    ProtocolException.check(
        length <= limits.messageBytesMax(),
        LAYER,
        "message length "
            + length
            + " on chunk stream "
            + csid
            + " exceeds the limit of "
            + limits.messageBytesMax()
            + " bytes");
    ProtocolException.check(
        pendingBytes + length <= limits.pendingBytesMax(),
        LAYER,
        "message of "
            + length
            + " bytes on chunk stream "
            + csid
            + " would hold "
            + (pendingBytes + length)
            + " bytes of partial messages, over the limit of "
            + limits.pendingBytesMax());
  }

  /** Applies the parsed chunk; returns the message it completes, if any. */
  private RawMessage commit(ByteBuffer in) {
    ChunkStream s = streams.computeIfAbsent(csid, k -> new ChunkStream());
    if (fmt <= 2) {
      s.extended = extended;
      s.extendedValue = extendedValue;
    }
    if (s.payload == null) {
      startMessage(s);
    }
    int base = in.position();
    in.get(base + headerBytes, s.payload, s.received, bodyBytes);
    s.received += bodyBytes;
    int consumed = headerBytes + bodyBytes;
    in.position(base + consumed);
    bytesRead += consumed;
    if (s.received < s.length) {
      return null;
    }
    RawMessage message = new RawMessage(csid, s.typeId, s.timestamp, s.streamId, s.payload);
    pendingBytes -= s.length;
    s.payload = null;
    s.received = 0;
    return message;
  }

  /** Section 5.3.1.2: fmt 0 is absolute; fmt 1/2 add a new delta; fmt 3 repeats the last. */
  private void startMessage(ChunkStream s) {
    long value = extended && fmt <= 2 ? extendedValue : timestampField;
    switch (fmt) {
      case 0 -> {
        s.timestamp = value;
        s.delta = value;
      }
      case 1, 2 -> {
        s.delta = value;
        s.timestamp = (s.timestamp + value) & TIMESTAMP_MASK;
      }
      default -> s.timestamp = (s.timestamp + s.delta) & TIMESTAMP_MASK;
    }
    s.length = length;
    s.typeId = typeId;
    s.streamId = streamId;
    s.payload = new byte[length];
    s.received = 0;
    pendingBytes += length;
  }

  private void applyControl(RawMessage message) {
    if (message.typeId() == 1) {
      chunkSize = checkedChunkSize(message);
    } else if (message.typeId() == 2) {
      abort(message);
    }
  }

  /** Section 5.4.1: 31-bit value, top bit zero; we also require 1..chunkSizeMax. */
  private int checkedChunkSize(RawMessage message) {
    byte[] p = message.payload();
    ProtocolException.check(
        p.length >= 4, LAYER, "Set Chunk Size payload is " + p.length + " bytes, needs 4");
    long value = u32(ByteBuffer.wrap(p), 0);
    ProtocolException.check(
        value != 0 && value <= 0x7FFFFFFFL,
        LAYER,
        "Set Chunk Size value " + value + " is 0 or has the reserved top bit set");
    ProtocolException.check(
        value <= limits.chunkSizeMax(),
        LAYER,
        "Set Chunk Size value " + value + " exceeds the limit of " + limits.chunkSizeMax());
    return (int) value;
  }

  /** Section 5.4.2: drop the partial message on the named chunk stream, if there is one. */
  private void abort(RawMessage message) {
    byte[] p = message.payload();
    ProtocolException.check(
        p.length >= 4, LAYER, "Abort payload is " + p.length + " bytes, needs 4");
    long target = u32(ByteBuffer.wrap(p), 0);
    ChunkStream s = target <= RawMessage.CHUNK_STREAM_ID_MAX ? streams.get((int) target) : null;
    if (s != null && s.payload != null) {
      pendingBytes -= s.length;
      s.payload = null;
      s.received = 0;
    }
  }

  private static int u24(ByteBuffer in, int p) {
    return (in.get(p) & 0xFF) << 16 | (in.get(p + 1) & 0xFF) << 8 | (in.get(p + 2) & 0xFF);
  }

  private static long u32(ByteBuffer in, int p) {
    return ((long) u24(in, p) << 8 | (in.get(p + 3) & 0xFF)) & TIMESTAMP_MASK;
  }
}
