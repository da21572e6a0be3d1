package io.streamrp2p.hub;

import com.typesafe.config.Config;
import io.streamrp2p.hub.nodes.NodeSettings;
import io.streamrp2p.media.hls.HlsSettings;
import io.streamrp2p.media.http.HttpSettings;
import io.streamrp2p.media.live.LiveSettings;
import io.streamrp2p.media.rtmp.RtmpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hub's settings, read from {@code streamrp2p.hub} and validated once at start: a bad value
 * stops the hub with a message naming the setting, before anything listens. The media doors'
 * settings are the media module's own records, so a friend node reads the same blocks.
 */
public record HubConfig(
    Path dataDir,
    String publicHost,
    RtmpSettings rtmp,
    HttpSettings http,
    LiveSettings live,
    HlsSettings hls,
    NodeSettings nodes,
    Duration ledgerCheckpointInterval,
    Duration ledgerSweepInterval,
    Map<String, String> streamKeys) {

  public HubConfig {
    require(
        !ledgerCheckpointInterval.isNegative(),
        "ledger.checkpoint-interval must not be negative (0 = off)");
    require(ledgerSweepInterval.toMillis() >= 1000, "ledger.sweep-interval must be at least 1s");
    streamKeys = Map.copyOf(streamKeys);
  }

  /** Reads and validates {@code streamrp2p.hub} from {@code root}. */
  public static HubConfig from(Config root) {
    Config c = root.getConfig("streamrp2p.hub");
    Map<String, String> keys = new LinkedHashMap<>();
    for (var e : c.getConfig("streams").root().entrySet()) {
      keys.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    return new HubConfig(
        Path.of(c.getString("data-dir")),
        c.getString("public-host"),
        RtmpSettings.from(c.getConfig("rtmp")),
        HttpSettings.from(c.getConfig("http")),
        LiveSettings.from(c.getConfig("live")),
        HlsSettings.from(c.getConfig("hls")),
        NodeSettings.from(c.getConfig("nodes")),
        c.getDuration("ledger.checkpoint-interval"),
        c.getDuration("ledger.sweep-interval"),
        keys);
  }

  /** Where the viewer-ticket key is: as configured, else in the data directory. */
  public Path ticketKeyFile() {
    return nodes.ticketKeyFile().isBlank()
        ? dataDir.resolve("ticket.key")
        : Path.of(nodes.ticketKeyFile());
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
