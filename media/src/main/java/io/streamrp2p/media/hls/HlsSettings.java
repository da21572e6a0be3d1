package io.streamrp2p.media.hls;

import static io.streamrp2p.media.Settings.require;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * HLS settings, read from an {@code hls} block (the hub's {@code streamrp2p.hub.hls}).
 *
 * @param targetDuration segments are cut at the first keyframe after this long (ADR 0002)
 * @param window segments listed in the playlist and kept in memory
 * @param segmentBytesMax a segment larger than this is cut at the next keyframe regardless of
 *     duration, bounding memory per stream
 * @param onDemandIdle zero: every live stream is segmented from its start (the hub). Otherwise a
 *     stream is segmented from the first HLS request for it, starting at its newest keyframe, and
 *     segmenting stops, its segments freed, after this long without one (a friend node, whose
 *     viewers mostly play HTTP-FLV and whose memory is a guest's)
 */
public record HlsSettings(
    Duration targetDuration, int window, long segmentBytesMax, Duration onDemandIdle) {
  public HlsSettings {
    require(targetDuration.toMillis() >= 1000, "hls.target-duration must be at least 1s");
    require(window >= 3, "hls.window must be at least 3 (RFC 8216 6.2.2)");
    require(segmentBytesMax > 0, "hls.segment-bytes-max must be positive");
    require(!onDemandIdle.isNegative(), "hls.on-demand-idle must not be negative");
  }

  /** Always on, as the hub's defaults but for the given window and bound. */
  public HlsSettings(Duration targetDuration, int window, long segmentBytesMax) {
    this(targetDuration, window, segmentBytesMax, Duration.ZERO);
  }

  public boolean onDemand() {
    return !onDemandIdle.isZero();
  }

  /**
   * How long the first playlist request of an on-demand stream waits for the first segment: it is
   * cut at the first keyframe after one target duration, so three cover a GOP of two.
   */
  public Duration firstPlaylistWait() {
    return targetDuration.multipliedBy(3);
  }

  /** Reads the {@code hls} block {@code c}. */
  public static HlsSettings from(Config c) {
    return new HlsSettings(
        c.getDuration("target-duration"),
        c.getInt("window"),
        c.getBytes("segment-bytes-max"),
        c.getDuration("on-demand-idle"));
  }
}
