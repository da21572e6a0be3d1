package io.streamrp2p.protocol.ticket;

/**
 * A hub's permission for one viewer session to watch one stream from one friend node, for a bounded
 * time. Nodes meter bytes per ticket id, and the hub credits a node no more than the tickets it
 * issued allow, so the id is random and never reused.
 *
 * <p>Every field is checked here, by the same rules the wire decoder applies, so a ticket that
 * exists encodes and a ticket that decodes exists: text fields are non-empty UTF-8 without control
 * characters within their byte bound, and the lifetime is positive and bounded.
 *
 * @param ticketId 128 random bits, unpadded base64url (22 characters)
 * @param stream the stream name the viewer may watch
 * @param nodeId the friend node that may serve it
 * @param viewerSession the hub's id of the viewer session, which ties the node's usage reports to
 *     the hub's routing decision
 * @param issuedAtMillis hub clock at issue, Unix epoch milliseconds, at least 0
 * @param expiresAtMillis first instant (epoch ms) at which the ticket is no longer valid
 * @param keyId the id of the hub key that signed it, so the hub can rotate keys
 */
public record ViewerTicket(
    String ticketId,
    String stream,
    String nodeId,
    String viewerSession,
    long issuedAtMillis,
    long expiresAtMillis,
    String keyId) {

  /** 128 bits: random ids of this size do not collide within any realistic number of tickets. */
  public static final int TICKET_ID_BYTES = 16;

  /** Key ids name a hub key in config and logs (for example {@code hub-2026-11}): short. */
  public static final int KEY_ID_BYTES_MAX = 32;

  /** The hub's stream names are at most 64 characters of {@code [a-z0-9_-]}. */
  public static final int STREAM_BYTES_MAX = 64;

  /** The hub's node ids are {@code n_} and 16 hex digits (18 bytes); room for a longer scheme. */
  public static final int NODE_ID_BYTES_MAX = 64;

  /** Session ids are random tokens of 16 to 32 bytes in base64url or hex (22 to 64 characters). */
  public static final int VIEWER_SESSION_BYTES_MAX = 64;

  /**
   * 24 hours: a ticket may cover a whole long stream watched end to end (HLS viewers present it
   * with every segment), but a leaked one must not stay good for days.
   */
  public static final long LIFETIME_MILLIS_MAX = 24L * 60 * 60 * 1000;

  public ViewerTicket {
    TicketWire.requireText("ticketId", ticketId, 22);
    if (TicketWire.base64UrlDecode(ticketId) == null || ticketId.length() != 22) {
      throw new IllegalArgumentException(
          "ticketId must be 16 bytes in canonical unpadded base64url (22 characters)");
    }
    TicketWire.requireText("stream", stream, STREAM_BYTES_MAX);
    TicketWire.requireText("nodeId", nodeId, NODE_ID_BYTES_MAX);
    TicketWire.requireText("viewerSession", viewerSession, VIEWER_SESSION_BYTES_MAX);
    TicketWire.requireText("keyId", keyId, KEY_ID_BYTES_MAX);
    String times = TicketWire.timesProblem(issuedAtMillis, expiresAtMillis);
    if (times != null) {
      throw new IllegalArgumentException(times);
    }
  }

  /** The lifetime the hub granted, in milliseconds. */
  public long lifetimeMillis() {
    return expiresAtMillis - issuedAtMillis;
  }
}
