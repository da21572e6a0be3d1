package io.streamrp2p.protocol.rtmp.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * The checks, equality and text that {@link AudioMessage} and {@link VideoMessage} share: both are
 * a timestamp, a message stream and an FLV tag body that is compared by content, not identity.
 */
final class MediaMessages {
  private MediaMessages() {}

  static void validate(long timestamp, byte[] payload) {
    Payloads.requireU32(timestamp, "timestamp");
    Objects.requireNonNull(payload, "payload");
  }

  static boolean fieldsEqual(
      long timestamp,
      int messageStreamId,
      byte[] payload,
      long otherTimestamp,
      int otherMessageStreamId,
      byte[] otherPayload) {
    return timestamp == otherTimestamp
        && messageStreamId == otherMessageStreamId
        && Arrays.equals(payload, otherPayload);
  }

  static int hashCode(long timestamp, int messageStreamId, byte[] payload) {
    return Objects.hash(timestamp, messageStreamId) * 31 + Arrays.hashCode(payload);
  }

  /** The payload is shown by length: a media frame dumped in a log line helps nobody. */
  static String toString(String name, long timestamp, int messageStreamId, byte[] payload) {
    return name
        + "[timestamp="
        + timestamp
        + ", streamId="
        + messageStreamId
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
