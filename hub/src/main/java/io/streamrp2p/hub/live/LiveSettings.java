package io.streamrp2p.hub.live;

import java.time.Duration;

/**
 * Per-stream limits and policies, validated once at start.
 *
 * @param gopCacheBytesMax bound of the keyframe cache; 32 MiB holds a 10 s GOP at 25 Mbit/s
 * @param ingestQueueTagsMax tags between the publisher and the fan-out; 1,024 tags are 10 s of a
 *     30 fps video plus 44.1 kHz AAC stream, far more than the fan-out ever lags
 * @param broadcastBufferTags the fan-out's ring buffer (a power of two); every viewer drains it at
 *     once into its own buffer, so it only absorbs scheduling hiccups
 * @param viewerBytesMax how far a viewer may fall behind before its queue is dropped to the next
 *     keyframe; 4 MiB is about 10 s of a 3 Mbit/s stream, and the memory is shared tags, not
 *     copies
 * @param viewerDropsMax resets in a row before a viewer is cut off
 * @param takeoverSilence a second publisher is refused while the first sent media this recently
 * @param reconnectGrace how long viewers wait for a publisher that dropped to come back
 * @param jitter timestamp correction mode
 * @param jitterMsMax largest step between timestamps kept as is in {@code FULL} mode
 */
public record LiveSettings(
    long gopCacheBytesMax,
    int ingestQueueTagsMax,
    int broadcastBufferTags,
    long viewerBytesMax,
    int viewerDropsMax,
    Duration takeoverSilence,
    Duration reconnectGrace,
    Timeline.Mode jitter,
    long jitterMsMax) {

  public LiveSettings {
    require(gopCacheBytesMax > 0, "gop-cache-bytes-max must be positive");
    require(ingestQueueTagsMax > 0, "ingest-queue-tags-max must be positive");
    require(
        broadcastBufferTags > 0 && Integer.bitCount(broadcastBufferTags) == 1,
        "broadcast-buffer-tags must be a power of two");
    require(viewerBytesMax > 0, "viewer-bytes-max must be positive");
    require(viewerDropsMax >= 0, "viewer-drops-max must not be negative");
    require(!takeoverSilence.isNegative(), "takeover-silence must not be negative");
    require(!reconnectGrace.isNegative(), "reconnect-grace must not be negative");
    require(jitterMsMax > 0, "jitter-ms-max must be positive");
  }

  public static LiveSettings defaults() {
    return new LiveSettings(
        32L << 20,
        1024,
        256,
        4L << 20,
        3,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Timeline.Mode.FULL,
        250);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
