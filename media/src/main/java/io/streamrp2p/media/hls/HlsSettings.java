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
 */
public record HlsSettings(Duration targetDuration, int window, long segmentBytesMax) {
  public HlsSettings {
    require(targetDuration.toMillis() >= 1000, "hls.target-duration must be at least 1s");
    require(window >= 3, "hls.window must be at least 3 (RFC 8216 6.2.2)");
    require(segmentBytesMax > 0, "hls.segment-bytes-max must be positive");
  }

  /** Reads the {@code hls} block {@code c}. */
  public static HlsSettings from(Config c) {
    return new HlsSettings(
        c.getDuration("target-duration"), c.getInt("window"), c.getBytes("segment-bytes-max"));
  }
}
