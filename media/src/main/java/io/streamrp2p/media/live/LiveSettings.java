package io.streamrp2p.media.live;

import static io.streamrp2p.media.Settings.require;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;

/**
 * Per-stream limits and policies, validated once at start.
 *
 * @param gopCacheBytesMax bound of the keyframe cache; 32 MiB holds a 10 s GOP at 25 Mbit/s
 * @param ringTags tags of the stream kept for its subscribers (a power of two); 4,096 tags are
 *     about 55 s of 30 fps video with 44.1 kHz AAC, more than any viewer may lag
 * @param ringBytesMax bound of the tag bodies kept per stream, whatever their count: the oldest
 *     tags are released beyond it. At least {@code gopCacheBytesMax}, so the cached GOP fits. Each
 *     output format in use (HTTP-FLV, RTMP) keeps one encoding of a tag besides its body
 * @param viewerBytesMax how far a viewer may fall behind before it skips to the newest keyframe; 4
 *     MiB is about 10 s of a 3 Mbit/s stream. The tags are shared, never copied per viewer
 * @param viewerDropsMax skips without catching up in between before a viewer is cut off
 * @param audioWakeMsMax in a stream with video, waiting subscribers are woken by each video tag,
 *     and by an audio tag only when this long passed since the last wake: audio rides along with
 *     the next video frame, which halves the wake-ups per viewer at a cost of at most one frame
 *     interval of audio latency
 * @param takeoverSilence a second publisher is refused while the first sent media this recently
 * @param reconnectGrace how long viewers wait for a publisher that dropped to come back
 * @param jitter timestamp correction mode
 * @param jitterMsMax largest step between timestamps kept as is in {@code FULL} mode
 * @param wakeBudgetPerCore subscriber wake-ups per second and core before streams wake their
 *     subscribers less often than every frame (see {@link WakeBudget}); 0 = no limit
 */
public record LiveSettings(
    long gopCacheBytesMax,
    int ringTags,
    long ringBytesMax,
    long viewerBytesMax,
    int viewerDropsMax,
    long audioWakeMsMax,
    Duration takeoverSilence,
    Duration reconnectGrace,
    Timeline.Mode jitter,
    long jitterMsMax,
    long wakeBudgetPerCore) {

  public LiveSettings {
    require(gopCacheBytesMax > 0, "gop-cache-bytes-max must be positive");
    require(
        ringTags >= 64 && Integer.bitCount(ringTags) == 1,
        "ring-tags must be a power of two, at least 64");
    require(
        ringBytesMax >= gopCacheBytesMax,
        "ring-bytes-max must be at least gop-cache-bytes-max, so the cached GOP fits");
    require(audioWakeMsMax >= 0, "audio-wake-ms-max must not be negative");
    require(viewerBytesMax > 0, "viewer-bytes-max must be positive");
    require(viewerDropsMax >= 0, "viewer-drops-max must not be negative");
    require(!takeoverSilence.isNegative(), "takeover-silence must not be negative");
    require(!reconnectGrace.isNegative(), "reconnect-grace must not be negative");
    require(jitterMsMax > 0, "jitter-ms-max must be positive");
    require(wakeBudgetPerCore >= 0, "wake-budget-per-core must not be negative");
  }

  /**
   * 45,000 wake-ups a second are 1,500 viewers of 30 fps video woken at every frame; past that,
   * frames are batched. An HTTP-FLV viewer's wake-up is one socket write from an event loop, about
   * 3-5 us on the benchmark machine (ADR 0007), so the budget spends at most about a fifth of a
   * core on them. 100,000 was measured too: lower latency from 1,500 to 5,000 viewers, but 8,000
   * viewers instead of 12,000 fill the core (docs/benchmarks.md, ADR 0006).
   */
  public static final long WAKE_BUDGET_PER_CORE = 45_000;

  public static LiveSettings defaults() {
    return new LiveSettings(
        32L << 20,
        4096,
        64L << 20,
        4L << 20,
        3,
        40,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Timeline.Mode.FULL,
        250,
        WAKE_BUDGET_PER_CORE);
  }

  /** Reads the {@code live} block {@code c} (the hub's {@code streamrp2p.hub.live}). */
  public static LiveSettings from(Config c) {
    return new LiveSettings(
        c.getBytes("gop-cache-bytes-max"),
        c.getInt("ring-tags"),
        c.getBytes("ring-bytes-max"),
        c.getBytes("viewer-bytes-max"),
        c.getInt("viewer-drops-max"),
        c.getLong("audio-wake-ms-max"),
        c.getDuration("takeover-silence"),
        c.getDuration("reconnect-grace"),
        Timeline.Mode.valueOf(c.getString("time-jitter").toUpperCase(Locale.ROOT)),
        c.getLong("jitter-ms-max"),
        c.getLong("wake-budget-per-core"));
  }
}
