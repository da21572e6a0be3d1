package io.streamrp2p.tools;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one load run does.
 *
 * @param url the HTTP-FLV stream, {@code http://host:port/path}
 * @param viewers how many viewers to open
 * @param ramp viewers are opened evenly over this time
 * @param duration how long all viewers are kept open after the ramp; throughput and the hub's CPU
 *     are measured over this window
 * @param publishFile an FLV file to publish in this process first, or null
 * @param publishUrl where to publish it, or null without {@code publishFile}
 * @param loop whether the publisher starts over at the end of the file
 * @param warmup with a publisher, the time to let the hub cache a keyframe before viewers join
 * @param hubPid the hub's process id for CPU and memory figures, or -1
 */
public record LoadPlan(
    URI url,
    int viewers,
    Duration ramp,
    Duration duration,
    Path publishFile,
    RtmpUrl publishUrl,
    boolean loop,
    Duration warmup,
    long hubPid) {
  /** Bounded by file descriptors and ephemeral ports of one client address (about 28,000). */
  public static final int VIEWERS_MAX = 20_000;

  public LoadPlan {
    if (!"http".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("need an http://host:port/path URL: " + url);
    }
    if (viewers < 1 || viewers > VIEWERS_MAX) {
      throw new IllegalArgumentException("viewers must be 1.." + VIEWERS_MAX + ": " + viewers);
    }
    if (ramp.isNegative() || duration.isNegative() || duration.isZero() || warmup.isNegative()) {
      throw new IllegalArgumentException("ramp and warmup must be >= 0 and duration > 0");
    }
    if ((publishFile == null) != (publishUrl == null)) {
      throw new IllegalArgumentException("--publish needs --publish-url and vice versa");
    }
  }
}
