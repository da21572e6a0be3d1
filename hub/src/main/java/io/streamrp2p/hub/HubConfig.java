package io.streamrp2p.hub;

import com.typesafe.config.Config;
import io.streamrp2p.hub.live.LiveSettings;
import io.streamrp2p.hub.live.Timeline;
import io.streamrp2p.protocol.rtmp.chunk.ChunkLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The hub's settings, read from {@code streamrp2p.hub} and validated once at start: a bad value
 * stops the hub with a message naming the setting, before anything listens.
 */
public record HubConfig(
    Path dataDir,
    String publicHost,
    String rtmpInterface,
    int rtmpPort,
    String rtmpApp,
    Duration handshakeTimeout,
    Duration publisherIdleTimeout,
    ChunkLimits chunkLimits,
    int rtmpOutputBytesMax,
    String httpInterface,
    int httpPort,
    int httpEventLoops,
    Duration httpHeadTimeout,
    Duration httpViewerWriteTimeout,
    LiveSettings live,
    Duration hlsTargetDuration,
    int hlsWindow,
    long hlsSegmentBytesMax,
    Duration ledgerCheckpointInterval,
    Duration ledgerSweepInterval,
    Map<String, String> streamKeys) {

  public HubConfig {
    requirePort(rtmpPort, "rtmp.port");
    requirePort(httpPort, "http.port");
    require(httpEventLoops >= 0, "http.event-loops must not be negative (0 = one per core)");
    require(httpHeadTimeout.toMillis() > 0, "http.request-head-timeout must be positive");
    require(httpViewerWriteTimeout.toMillis() > 0, "http.viewer-write-timeout must be positive");
    require(!rtmpApp.isBlank() && !rtmpApp.contains("/"), "rtmp.app must be one path segment");
    require(rtmpOutputBytesMax > 0, "rtmp.output-bytes-max must be positive");
    require(hlsTargetDuration.toMillis() >= 1000, "hls.target-duration must be at least 1s");
    require(hlsWindow >= 3, "hls.window must be at least 3 (RFC 8216 6.2.2)");
    require(hlsSegmentBytesMax > 0, "hls.segment-bytes-max must be positive");
    require(!ledgerCheckpointInterval.isNegative(),
        "ledger.checkpoint-interval must not be negative (0 = off)");
    require(ledgerSweepInterval.toMillis() >= 1000, "ledger.sweep-interval must be at least 1s");
    streamKeys = Map.copyOf(streamKeys);
  }

  /** Reads and validates {@code streamrp2p.hub} from {@code root}. */
  public static HubConfig from(Config root) {
    Config c = root.getConfig("streamrp2p.hub");
    Config live = c.getConfig("live");
    Map<String, String> keys = new LinkedHashMap<>();
    for (var e : c.getConfig("streams").root().entrySet()) {
      keys.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    return new HubConfig(
        Path.of(c.getString("data-dir")),
        c.getString("public-host"),
        c.getString("rtmp.interface"),
        c.getInt("rtmp.port"),
        c.getString("rtmp.app"),
        c.getDuration("rtmp.handshake-timeout"),
        c.getDuration("rtmp.publisher-idle-timeout"),
        new ChunkLimits(
            c.getInt("rtmp.chunk-size-max"),
            c.getInt("rtmp.message-bytes-max"),
            c.getInt("rtmp.chunk-streams-max"),
            2 * c.getInt("rtmp.message-bytes-max")),
        c.getInt("rtmp.output-bytes-max"),
        c.getString("http.interface"),
        c.getInt("http.port"),
        c.getInt("http.event-loops"),
        c.getDuration("http.request-head-timeout"),
        c.getDuration("http.viewer-write-timeout"),
        new LiveSettings(
            live.getBytes("gop-cache-bytes-max"),
            live.getInt("ring-tags"),
            live.getBytes("viewer-bytes-max"),
            live.getInt("viewer-drops-max"),
            live.getLong("audio-wake-ms-max"),
            live.getDuration("takeover-silence"),
            live.getDuration("reconnect-grace"),
            Timeline.Mode.valueOf(live.getString("time-jitter").toUpperCase(Locale.ROOT)),
            live.getLong("jitter-ms-max"),
            live.getLong("wake-budget-per-core")),
        c.getDuration("hls.target-duration"),
        c.getInt("hls.window"),
        c.getBytes("hls.segment-bytes-max"),
        c.getDuration("ledger.checkpoint-interval"),
        c.getDuration("ledger.sweep-interval"),
        keys);
  }

  /** Event loops of the HTTP listener: as configured, or one per core. */
  public int httpEventLoopsOrCores() {
    return httpEventLoops > 0 ? httpEventLoops : Runtime.getRuntime().availableProcessors();
  }

  private static void requirePort(int port, String name) {
    require(port >= 0 && port <= 65535, name + " must be 0..65535 (0 = any free port)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
