package io.streamrp2p.protocol.node;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code heartbeat}, node to hub, every {@code heartbeatIntervalMs}: the node's load, which the hub
 * uses to route viewers.
 *
 * @param viewers viewers connected to the node, all streams
 * @param egressBps what the node sends now, bit/s, averaged over the last interval
 * @param capacityLeftBps what the node could send on top, bit/s, by its own uplink estimate
 * @param streams one entry per assigned stream, each stream once
 */
public record Heartbeat(
    int viewers, long egressBps, long capacityLeftBps, List<StreamHealth> streams)
    implements NodeMessage.FromNode {
  public Heartbeat {
    NodeLimits.requireRange(viewers, 0, NodeLimits.VIEWERS_MAX, "viewers");
    NodeLimits.requireRange(egressBps, 0, NodeLimits.EGRESS_BPS_MAX, "egressBps");
    NodeLimits.requireRange(capacityLeftBps, 0, NodeLimits.EGRESS_BPS_MAX, "capacityLeftBps");
    streams = NodeLimits.requireList(streams, 0, NodeLimits.STREAMS_MAX, "streams");
    Set<String> seen = new HashSet<>();
    for (StreamHealth s : streams) {
      if (!seen.add(s.stream())) {
        throw new IllegalArgumentException("streams name stream '" + s.stream() + "' twice");
      }
    }
  }
}
