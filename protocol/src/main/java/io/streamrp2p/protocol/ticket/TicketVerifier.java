package io.streamrp2p.protocol.ticket;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.ticket.TicketVerdict.Accepted;
import io.streamrp2p.protocol.ticket.TicketVerdict.Refusal;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's side: checks a viewer's ticket against the hub keys it trusts, by key id. Holding more
 * than one key is how the hub rotates: the node trusts the old and the new key until tickets signed
 * with the old one have expired. Thread-safe.
 *
 * <p>Order of checks: form and payload structure (malformed), key id (unknown-key), signature
 * (forged); only then are fields trusted: node (other-node), stream (other-stream), issue time
 * (not-yet-valid), expiry (expired). Node and stream come before time because a ticket that was
 * never meant for this node or stream says more about the viewer than one that is merely stale.
 *
 * <p>No comparison here involves a secret: the ticket is a bearer value the viewer already holds,
 * and node id and stream name are in the URL the viewer asked for. Timing therefore reveals
 * nothing, and plain {@code equals} is used. The only check against key material is the JDK's
 * Ed25519 verification, which works on public values.
 */
public final class TicketVerifier {
  /**
   * How far a ticket's issue time may lie ahead of the node's clock: 30 s. Hosts synced by NTP
   * (Linux, macOS) are within tens of milliseconds; Windows outside a domain syncs once a week, and
   * a PC crystal off by up to 50 ppm drifts about 4 s a day, so about 30 s at worst before the next
   * sync. Expiry gets no allowance: a node clock behind the hub's already extends a ticket's life
   * by that much, and the hub chooses the TTL with whatever margin it wants.
   */
  public static final long CLOCK_SKEW_MILLIS_MAX = 30_000;

  private final Map<String, PublicKey> trustedKeys;

  /**
   * @param trustedKeys hub public keys (Ed25519) by key id; at least one
   */
  public TicketVerifier(Map<String, PublicKey> trustedKeys) {
    if (trustedKeys == null || trustedKeys.isEmpty()) {
      throw new IllegalArgumentException("trustedKeys must name at least one hub key");
    }
    TreeMap<String, PublicKey> keys = new TreeMap<>();
    trustedKeys.forEach(
        (id, key) -> {
          TicketWire.requireText("key id", id, ViewerTicket.KEY_ID_BYTES_MAX);
          Ed25519Keys.requireEd25519(key, "key '" + id + "'");
          keys.put(id, key);
        });
    this.trustedKeys = Map.copyOf(keys);
  }

  /**
   * Decides whether this node may serve {@code expectedStream} to the holder of {@code wire}. Never
   * throws for anything in {@code wire}.
   *
   * @param wire the ticket as the viewer sent it, or null if it sent none
   * @param expectedNode this node's id
   * @param expectedStream the stream the viewer asked for
   * @param nowMillis this node's clock, Unix epoch milliseconds
   * @throws IllegalArgumentException if expectedNode or expectedStream is null
   */
  public TicketVerdict verify(
      String wire, String expectedNode, String expectedStream, long nowMillis) {
    if (expectedNode == null || expectedStream == null) {
      throw new IllegalArgumentException("expectedNode and expectedStream must not be null");
    }
    if (wire == null || wire.isEmpty()) {
      return new Refusal(RefusalReason.MISSING, "no ticket");
    }
    TicketWire.Parts parts;
    ViewerTicket ticket;
    try {
      parts = TicketWire.split(wire);
      ticket = TicketWire.decodePayload(parts.payload());
    } catch (ProtocolException e) {
      return new Refusal(RefusalReason.MALFORMED, e.getMessage().substring(e.layer().length() + 2));
    }
    // The key id is untrusted until the signature verifies; it is printable and at most 32 bytes.
    PublicKey key = trustedKeys.get(ticket.keyId());
    if (key == null) {
      return new Refusal(
          RefusalReason.UNKNOWN_KEY,
          "ticket is signed with key id '"
              + ticket.keyId()
              + "', this node trusts "
              + trustedKeys.keySet().stream().sorted().toList());
    }
    if (!Ed25519Keys.verify(key, TicketWire.signedBytes(parts.payload()), parts.signature())) {
      return new Refusal(
          RefusalReason.FORGED, "signature does not verify under key id '" + ticket.keyId() + "'");
    }
    return checkFields(ticket, expectedNode, expectedStream, nowMillis);
  }

  private static TicketVerdict checkFields(
      ViewerTicket t, String expectedNode, String expectedStream, long nowMillis) {
    if (!t.nodeId().equals(expectedNode)) {
      return new Refusal(
          RefusalReason.OTHER_NODE,
          "ticket is for node '" + t.nodeId() + "', this is node '" + expectedNode + "'");
    }
    if (!t.stream().equals(expectedStream)) {
      return new Refusal(
          RefusalReason.OTHER_STREAM,
          "ticket is for stream '" + t.stream() + "', not '" + expectedStream + "'");
    }
    // issuedAtMillis >= 0, so the subtraction cannot overflow.
    if (nowMillis < t.issuedAtMillis() - CLOCK_SKEW_MILLIS_MAX) {
      return new Refusal(
          RefusalReason.NOT_YET_VALID,
          "ticket issued at "
              + Instant.ofEpochMilli(t.issuedAtMillis())
              + ", "
              + (t.issuedAtMillis() - nowMillis)
              + " ms ahead of this node's clock ("
              + Instant.ofEpochMilli(nowMillis)
              + "); at most "
              + CLOCK_SKEW_MILLIS_MAX
              + " ms allowed");
    }
    if (nowMillis >= t.expiresAtMillis()) {
      return new Refusal(
          RefusalReason.EXPIRED,
          "ticket expired at "
              + Instant.ofEpochMilli(t.expiresAtMillis())
              + "; this node's clock is "
              + Instant.ofEpochMilli(nowMillis)
              + ", "
              + (nowMillis - t.expiresAtMillis())
              + " ms later");
    }
    return new Accepted(t);
  }
}
