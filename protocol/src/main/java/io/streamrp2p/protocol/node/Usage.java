package io.streamrp2p.protocol.node;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code usage}, node to hub: bytes served per viewer ticket in one accounting epoch. The hub
 * credits at most what the tickets it issued allow; the rules live with the rewards, this is only
 * the shape. Reports for the same epoch add up, and a ticket counts in only one of them.
 *
 * @param epochId the epoch, as the hub numbers them
 * @param epochStartMs the epoch's start, Unix milliseconds, inclusive
 * @param epochEndMs the epoch's end, Unix milliseconds, exclusive; after the start
 * @param tickets bytes per ticket, each ticket once
 */
public record Usage(long epochId, long epochStartMs, long epochEndMs, List<TicketBytes> tickets)
    implements NodeMessage.FromNode {
  public Usage {
    NodeLimits.requireRange(epochId, 0, Long.MAX_VALUE, "epochId");
    NodeLimits.requireRange(epochStartMs, 0, Long.MAX_VALUE - 1, "epochStartMs");
    NodeLimits.requireRange(epochEndMs, epochStartMs + 1, Long.MAX_VALUE, "epochEndMs");
    tickets = NodeLimits.requireList(tickets, 0, NodeLimits.TICKETS_MAX, "tickets");
    Set<String> seen = new HashSet<>();
    for (TicketBytes t : tickets) {
      if (!seen.add(t.ticketId())) {
        throw new IllegalArgumentException("tickets name ticket '" + t.ticketId() + "' twice");
      }
    }
  }
}
