package io.streamrp2p.protocol.node;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code welcome}, hub to node: the node is authenticated and the session is open.
 *
 * @param sessionId the session, as the FriendNode entity records it
 * @param heartbeatIntervalMs how often the node sends {@link Heartbeat}
 * @param heartbeatTimeoutMs silence after which the hub closes with {@link
 *     ReasonCode#HEARTBEAT_TIMEOUT}; longer than the interval
 * @param assignments the streams the node relays now, each stream once
 * @param ticketKeys the public keys viewer tickets for this node may be signed with, each key id
 *     once: the key in use and those kept or published during a rotation
 */
public record Welcome(
    String sessionId,
    long heartbeatIntervalMs,
    long heartbeatTimeoutMs,
    List<Assignment> assignments,
    List<TicketKey> ticketKeys)
    implements NodeMessage.FromHub {
  public Welcome {
    NodeLimits.requireToken(sessionId, "sessionId");
    NodeLimits.requireRange(
        heartbeatIntervalMs,
        NodeLimits.HEARTBEAT_INTERVAL_MS_MIN,
        NodeLimits.HEARTBEAT_MS_MAX,
        "heartbeatIntervalMs");
    NodeLimits.requireRange(
        heartbeatTimeoutMs,
        heartbeatIntervalMs + 1,
        NodeLimits.HEARTBEAT_MS_MAX,
        "heartbeatTimeoutMs");
    assignments = NodeLimits.requireList(assignments, 0, NodeLimits.ASSIGNMENTS_MAX, "assignments");
    Set<String> seen = new HashSet<>();
    for (Assignment a : assignments) {
      if (!seen.add(a.stream())) {
        throw new IllegalArgumentException("assignments name stream '" + a.stream() + "' twice");
      }
    }
    ticketKeys = NodeLimits.requireList(ticketKeys, 1, NodeLimits.TICKET_KEYS_MAX, "ticketKeys");
    Set<String> ids = new HashSet<>();
    for (TicketKey k : ticketKeys) {
      if (!ids.add(k.keyId())) {
        throw new IllegalArgumentException("ticketKeys name keyId '" + k.keyId() + "' twice");
      }
    }
  }
}
