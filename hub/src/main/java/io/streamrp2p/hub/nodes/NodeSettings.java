package io.streamrp2p.hub.nodes;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * How the hub works with friend nodes, read from {@code streamrp2p.hub.nodes}.
 *
 * @param ticketKeyFile the Ed25519 key viewer tickets are signed with; every member of a cluster
 *     must use the same file, since a node verifies tickets from any member ("" = {@code
 *     <data-dir>/ticket.key}, created on first start)
 * @param ticketTtl how long a viewer ticket admits its viewer to a node; an HLS player presents it
 *     with every segment, so it covers a whole viewing
 * @param hubViewersMax viewers of one stream the hub keeps itself before it sends new ones to
 *     friend nodes (0 = send every viewer to a node when one is healthy)
 * @param authTimeout time a new node session has to authenticate
 * @param heartbeatInterval how often a node reports its load
 * @param heartbeatTimeout a node silent this long is closed and gets no more viewers
 * @param assignInterval how often streams are matched to nodes with headroom
 * @param reachTimeout time the hub gives a node's public URL to answer at session start
 * @param origins the origins ({@code scheme://host[:port]}) nodes reach this member at; a node's
 *     authentication signs the origin it connected to, and only these are accepted, so a hostile
 *     hub cannot relay a node's answer here (empty: this member's public host and loopback, on its
 *     HTTP port)
 */
public record NodeSettings(
    String ticketKeyFile,
    Duration ticketTtl,
    int hubViewersMax,
    Duration authTimeout,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    Duration assignInterval,
    Duration reachTimeout,
    List<String> origins) {

  public NodeSettings {
    origins = List.copyOf(origins);
    require(
        ticketTtl.toMinutes() >= 1 && ticketTtl.toHours() <= 24,
        "nodes.ticket-ttl must be 1 min..24 h");
    require(hubViewersMax >= 0, "nodes.hub-viewers-max must not be negative");
    require(authTimeout.toMillis() >= 1000, "nodes.auth-timeout must be at least 1s");
    require(heartbeatInterval.toMillis() >= 1000, "nodes.heartbeat-interval must be at least 1s");
    require(
        heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) >= 0,
        "nodes.heartbeat-timeout must be at least twice nodes.heartbeat-interval");
    require(assignInterval.toMillis() >= 100, "nodes.assign-interval must be at least 100ms");
    require(reachTimeout.toMillis() >= 100, "nodes.reach-timeout must be at least 100ms");
  }

  /** Reads the {@code nodes} block {@code c}. */
  public static NodeSettings from(Config c) {
    return new NodeSettings(
        c.getString("ticket-key-file"),
        c.getDuration("ticket-ttl"),
        c.getInt("hub-viewers-max"),
        c.getDuration("auth-timeout"),
        c.getDuration("heartbeat-interval"),
        c.getDuration("heartbeat-timeout"),
        c.getDuration("assign-interval"),
        c.getDuration("reach-timeout"),
        c.getStringList("origins"));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
