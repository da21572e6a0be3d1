package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.rtmp.chunk.RawMessage;

/**
 * Audio message, type 8 (RTMP 1.0 section 7.1.4). The payload is an FLV audio tag body, interpreted
 * by the flv package. The payload array is shared, not copied: the holder owns it, as for {@link
 * RawMessage}.
 *
 * @param timestamp 32-bit unsigned timestamp in milliseconds
 */
public record AudioMessage(long timestamp, int messageStreamId, byte[] payload) {
  public AudioMessage {
    MediaMessages.validate(timestamp, payload);
  }

  public static AudioMessage decode(RawMessage raw) {
    Payloads.requireType(raw, MessageTypes.AUDIO, "Audio");
    return new AudioMessage(raw.timestamp(), raw.messageStreamId(), raw.payload());
  }

  public RawMessage encode(int chunkStreamId) {
    return new RawMessage(chunkStreamId, MessageTypes.AUDIO, timestamp, messageStreamId, payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AudioMessage m
        && MediaMessages.fieldsEqual(
            timestamp, messageStreamId, payload, m.timestamp, m.messageStreamId, m.payload);
  }

  @Override
  public int hashCode() {
    return MediaMessages.hashCode(timestamp, messageStreamId, payload);
  }

  @Override
  public String toString() {
    return MediaMessages.toString("AudioMessage", timestamp, messageStreamId, payload);
  }
}
