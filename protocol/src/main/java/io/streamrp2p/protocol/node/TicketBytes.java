package io.streamrp2p.protocol.node;

/** Bytes a node served under one hub-issued viewer ticket, in a {@link Usage} report. */
public record TicketBytes(String ticketId, long bytes) {
  public TicketBytes {
    NodeLimits.requireToken(ticketId, "ticketId");
    NodeLimits.requireRange(bytes, 0, Long.MAX_VALUE, "bytes");
  }
}
