package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.rtmp.chunk.RawMessage;

/**
 * Video message, type 9 (RTMP 1.0 section 7.1.5). The payload is an FLV video tag body, interpreted
 * by the flv package. The payload array is shared, not copied: the holder owns it, as for {@link
 * RawMessage}.
 *
 * @param timestamp 32-bit unsigned timestamp in milliseconds
 */
public record VideoMessage(long timestamp, int messageStreamId, byte[] payload) {
  public VideoMessage {
    MediaMessages.validate(timestamp, payload);
  }

  public static VideoMessage decode(RawMessage raw) {
    Payloads.requireType(raw, MessageTypes.VIDEO, "Video");
    return new VideoMessage(raw.timestamp(), raw.messageStreamId(), raw.payload());
  }

  public RawMessage encode(int chunkStreamId) {
    return new RawMessage(chunkStreamId, MessageTypes.VIDEO, timestamp, messageStreamId, payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VideoMessage m
        && MediaMessages.fieldsEqual(
            timestamp, messageStreamId, payload, m.timestamp, m.messageStreamId, m.payload);
  }

  @Override
  public int hashCode() {
    return MediaMessages.hashCode(timestamp, messageStreamId, payload);
  }

  @Override
  public String toString() {
    return MediaMessages.toString("VideoMessage", timestamp, messageStreamId, payload);
  }
}
