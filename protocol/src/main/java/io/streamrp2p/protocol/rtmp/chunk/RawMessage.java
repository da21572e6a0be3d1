package io.streamrp2p.protocol.rtmp.chunk;

import java.util.Arrays;
import java.util.Objects;

/**
 * One whole RTMP message as the chunk layer sees it (RTMP 1.0 section 5.3.1.2 message header):
 * which chunk stream carried it, its type, its 32-bit timestamp and its message stream.
 *
 * <p>The payload array is owned by whoever holds the record: the decoder hands over a fresh array
 * and keeps no reference, and the encoder only reads it. The record does not copy it, so callers
 * must not mutate a payload after handing it to someone else.
 *
 * @param chunkStreamId chunk stream id, 2..65599 (0 and 1 are basic-header escapes)
 * @param typeId message type id, 0..255
 * @param timestamp 32-bit unsigned timestamp in milliseconds, 0..0xFFFFFFFF
 * @param messageStreamId message stream id (the wire carries 32 bits, little-endian)
 * @param payload message body, at most 0xFFFFFF bytes (the 24-bit message length field)
 */
public record RawMessage(
    int chunkStreamId, int typeId, long timestamp, int messageStreamId, byte[] payload) {

  /** Lowest chunk stream id a message can use; 0 and 1 select longer basic headers. */
  public static final int CHUNK_STREAM_ID_MIN = 2;

  /** Highest chunk stream id: 64 + 255 + 255 * 256 with the 3-byte basic header. */
  public static final int CHUNK_STREAM_ID_MAX = 65599;

  /** The message length field in the chunk message header is 24 bits wide. */
  public static final int PAYLOAD_BYTES_MAX = 0xFFFFFF;

  /** Timestamps are 32-bit unsigned on the wire. */
  public static final long TIMESTAMP_MAX = 0xFFFFFFFFL;

  public RawMessage {
    if (chunkStreamId < CHUNK_STREAM_ID_MIN || chunkStreamId > CHUNK_STREAM_ID_MAX) {
      throw new IllegalArgumentException("chunkStreamId out of range: " + chunkStreamId);
    }
    if (typeId < 0 || typeId > 0xFF) {
      throw new IllegalArgumentException("typeId out of range: " + typeId);
    }
    if (timestamp < 0 || timestamp > TIMESTAMP_MAX) {
      throw new IllegalArgumentException("timestamp out of range: " + timestamp);
    }
    Objects.requireNonNull(payload, "payload");
    if (payload.length > PAYLOAD_BYTES_MAX) {
      throw new IllegalArgumentException("payload too long: " + payload.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawMessage m
        && chunkStreamId == m.chunkStreamId
        && typeId == m.typeId
        && timestamp == m.timestamp
        && messageStreamId == m.messageStreamId
        && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(chunkStreamId, typeId, timestamp, messageStreamId);
    return 31 * h + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "RawMessage[csid="
        + chunkStreamId
        + ", type="
        + typeId
        + ", timestamp="
        + timestamp
        + ", streamId="
        + messageStreamId
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
