package io.streamrp2p.hub.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The settings under {@code streamrp2p.hub.cluster}, validated once when the member starts: a bad
 * value stops it with a message naming the setting.
 */
public record ClusterSettings(
    List<String> seedNodes,
    boolean bootstrap,
    List<String> bootstrapEndpoints,
    boolean management,
    String internalHttpUrl,
    Duration relayCheckInterval,
    Duration relayIdleTimeout,
    Duration relayBackoffMin,
    Duration relayBackoffMax,
    int relayConnectionsMax) {

  public ClusterSettings {
    seedNodes = List.copyOf(seedNodes);
    bootstrapEndpoints = List.copyOf(bootstrapEndpoints);
    for (String seed : seedNodes) {
      require(
          seed.startsWith("pekko://") && seed.contains("@"),
          "cluster.seed-nodes: '" + seed + "' is not like pekko://streamrp2p@host:port");
    }
    for (String e : bootstrapEndpoints) {
      require(
          e.matches("[^:\\s]+:[0-9]{1,5}"),
          "cluster.bootstrap-endpoints: '" + e + "' is not host:port");
    }
    require(!bootstrap || management, "cluster.bootstrap needs cluster.management = on");
    require(
        internalHttpUrl.isEmpty() || internalHttpUrl.matches("https?://[^/\\s]+"),
        "cluster.internal-http-url must be like http://host:port (no path)");
    require(relayCheckInterval.toMillis() >= 10, "cluster.relay.check-interval must be >= 10ms");
    require(
        relayIdleTimeout.compareTo(relayCheckInterval) >= 0,
        "cluster.relay.idle-timeout must be at least check-interval");
    require(
        !relayBackoffMin.isNegative() && !relayBackoffMin.isZero(),
        "cluster.relay.backoff-min must be positive");
    require(
        relayBackoffMax.compareTo(relayBackoffMin) >= 0,
        "cluster.relay.backoff-max must be at least backoff-min");
    require(relayConnectionsMax > 0, "cluster.relay.connections-max must be positive");
  }

  /** Reads and validates {@code streamrp2p.hub.cluster} from {@code root}. */
  public static ClusterSettings from(Config root) {
    Config c = root.getConfig("streamrp2p.hub.cluster");
    return new ClusterSettings(
        commaList(c.getString("seed-nodes")),
        c.getBoolean("bootstrap"),
        commaList(c.getString("bootstrap-endpoints")),
        c.getBoolean("management"),
        c.getString("internal-http-url").replaceAll("/+$", ""),
        c.getDuration("relay.check-interval"),
        c.getDuration("relay.idle-timeout"),
        c.getDuration("relay.backoff-min"),
        c.getDuration("relay.backoff-max"),
        c.getInt("relay.connections-max"));
  }

  static List<String> commaList(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
