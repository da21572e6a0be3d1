package io.streamrp2p.protocol.ticket;

/**
 * Why a node refuses a viewer ticket. {@link #wireName()} is stable: nodes send it in the 403 body
 * and report it to the hub, so it must never change for an existing reason.
 */
public enum RefusalReason {
  /** No ticket at all (absent or empty parameter). */
  MISSING("missing"),
  /** Not a ticket: wrong prefix, parts, base64url, length or payload layout. */
  MALFORMED("malformed"),
  /** Well formed, but signed with a key id this node does not trust (retired or never known). */
  UNKNOWN_KEY("unknown-key"),
  /** The signature does not verify under the trusted key of that key id. */
  FORGED("forged"),
  /** The node's clock is at or past the ticket's expiry. */
  EXPIRED("expired"),
  /** Issued further in the future than {@link TicketVerifier#CLOCK_SKEW_MILLIS_MAX} allows. */
  NOT_YET_VALID("not-yet-valid"),
  /** A genuine ticket for another node. */
  OTHER_NODE("other-node"),
  /** A genuine ticket for another stream. */
  OTHER_STREAM("other-stream");

  private final String wireName;

  RefusalReason(String wireName) {
    this.wireName = wireName;
  }

  /** The stable lower-case name, for example {@code unknown-key}. */
  public String wireName() {
    return wireName;
  }
}
