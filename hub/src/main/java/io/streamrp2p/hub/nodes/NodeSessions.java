package io.streamrp2p.hub.nodes;

import io.streamrp2p.protocol.node.Heartbeat;
import io.streamrp2p.protocol.node.StreamHealth;
import io.streamrp2p.protocol.node.StreamState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The friend nodes connected to this member, with what they last reported: a member-local table the
 * viewer router reads on the front door's event loops without an ask or a lock. Heartbeats stay
 * here, in memory; only session and assignment changes are events of the FriendNode entity.
 */
public final class NodeSessions {
  /** One authenticated node session on this member. */
  public static final class Live {
    final String nodeId;
    final String sessionId;
    final String owner;
    final Optional<String> scope;
    final String publicUrl;
    final String origin;
    final NodeSession connection;
    final Set<String> assigned = ConcurrentHashMap.newKeySet();
    final Map<String, Long> pullTicketIssuedAt = new ConcurrentHashMap<>();
    final AtomicInteger ticketsSinceHeartbeat = new AtomicInteger();
    volatile boolean reachable;
    volatile Heartbeat last = new Heartbeat(0, 0, 0, List.of());
    volatile Map<String, StreamState> health = Map.of();

    Live(
        String nodeId,
        String sessionId,
        String owner,
        Optional<String> scope,
        String publicUrl,
        String origin,
        NodeSession connection) {
      this.nodeId = nodeId;
      this.sessionId = sessionId;
      this.owner = owner;
      this.scope = scope;
      this.publicUrl = publicUrl;
      this.origin = origin;
      this.connection = connection;
    }

    void heartbeat(Heartbeat h) {
      Map<String, StreamState> m = new java.util.HashMap<>();
      for (StreamHealth s : h.streams()) {
        m.put(s.stream(), s.state());
      }
      health = Map.copyOf(m);
      last = h;
      ticketsSinceHeartbeat.set(0);
    }

    /** Whether the node may relay {@code stream} of {@code streamOwner} at all. */
    boolean mayRelay(String stream, String streamOwner) {
      return owner.equals(streamOwner) && scope.map(stream::equals).orElse(true);
    }

    /** Viewers the node has now, counting those sent to it since its last report. */
    int viewersEstimate() {
      return last.viewers() + ticketsSinceHeartbeat.get();
    }

    /** The upload the node lends, from its last report: what it sends plus what it has left. */
    long capacityBps() {
      return last.egressBps() + last.capacityLeftBps();
    }

    public String nodeId() {
      return nodeId;
    }

    public String publicUrl() {
      return publicUrl;
    }

    public Set<String> assigned() {
      return Set.copyOf(assigned);
    }

    public boolean reachable() {
      return reachable;
    }

    public Heartbeat lastHeartbeat() {
      return last;
    }
  }

  private final Map<String, Live> byNode = new ConcurrentHashMap<>();

  /** Adds {@code s}, returning the session of the same node it replaces, if any. */
  Optional<Live> add(Live s) {
    return Optional.ofNullable(byNode.put(s.nodeId, s));
  }

  /** Removes {@code s} unless a newer session of its node replaced it already. */
  boolean remove(Live s) {
    return byNode.remove(s.nodeId, s);
  }

  public Optional<Live> find(String nodeId) {
    return Optional.ofNullable(byNode.get(nodeId));
  }

  public Collection<Live> all() {
    return byNode.values();
  }

  /**
   * The node to send a new viewer of {@code stream} to: among the reachable nodes serving it, the
   * one with the fewest viewers for the upload it lends, so viewers spread by headroom. Empty when
   * no node serves the stream healthily.
   */
  public Optional<Live> choose(String stream) {
    Live best = null;
    double bestLoad = Double.MAX_VALUE;
    for (Live s : byNode.values()) {
      if (!s.reachable
          || !s.assigned.contains(stream)
          || s.health.get(stream) != StreamState.SERVING
          || s.last.capacityLeftBps() <= 0) {
        continue;
      }
      double load = (s.viewersEstimate() + 1.0) / Math.max(1, s.capacityBps());
      if (load < bestLoad) {
        best = s;
        bestLoad = load;
      }
    }
    if (best != null) {
      best.ticketsSinceHeartbeat.incrementAndGet();
    }
    return Optional.ofNullable(best);
  }
}
