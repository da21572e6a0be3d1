package io.streamrp2p.protocol.ticket;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * The hub's side: issues viewer tickets signed with one Ed25519 key, named by its key id. To
 * rotate, start signing with a new key id and keep the old public key on nodes until the last
 * ticket it signed has expired ({@link ViewerTicket#LIFETIME_MILLIS_MAX} at most). Thread-safe.
 */
public final class TicketSigner {
  /** A ticket and its wire form, ready for the redirect URL. */
  public record Issued(ViewerTicket ticket, String wire) {
    public Issued {
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(wire, "wire");
    }
  }

  private final String keyId;
  private final PrivateKey privateKey;
  private final SecureRandom random;

  public TicketSigner(String keyId, PrivateKey privateKey) {
    this(keyId, privateKey, new SecureRandom());
  }

  /**
   * @param keyId the id nodes know the matching public key by
   * @param privateKey an Ed25519 private key
   * @param random the source of ticket ids
   */
  public TicketSigner(String keyId, PrivateKey privateKey, SecureRandom random) {
    TicketWire.requireText("keyId", keyId, ViewerTicket.KEY_ID_BYTES_MAX);
    Ed25519Keys.requireEd25519(privateKey, "privateKey");
    if (random == null) {
      throw new IllegalArgumentException("random must not be null");
    }
    this.keyId = keyId;
    this.privateKey = privateKey;
    this.random = random;
  }

  public String keyId() {
    return keyId;
  }

  /**
   * A new ticket with a fresh random id, valid from {@code nowMillis} for {@code ttl}.
   *
   * @throws IllegalArgumentException if ttl is not positive or exceeds {@link
   *     ViewerTicket#LIFETIME_MILLIS_MAX}, or a field breaks its bound
   */
  public Issued issue(
      String stream, String nodeId, String viewerSession, long nowMillis, Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
    if (ttl.compareTo(Duration.ofMillis(ViewerTicket.LIFETIME_MILLIS_MAX)) > 0) {
      throw new IllegalArgumentException(
          "ttl " + ttl + " is longer than " + ViewerTicket.LIFETIME_MILLIS_MAX + " ms");
    }
    long expires;
    try {
      expires = Math.addExact(nowMillis, ttl.toMillis());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("nowMillis + ttl overflows", e);
    }
    byte[] id = new byte[ViewerTicket.TICKET_ID_BYTES];
    random.nextBytes(id);
    ViewerTicket ticket =
        new ViewerTicket(
            TicketWire.base64Url(id), stream, nodeId, viewerSession, nowMillis, expires, keyId);
    return new Issued(ticket, sign(ticket));
  }

  /**
   * The wire form of {@code ticket}, signed with this signer's key. Ed25519 is deterministic, so
   * the same ticket always gives the same string.
   *
   * @throws IllegalArgumentException if the ticket names another key id
   */
  public String sign(ViewerTicket ticket) {
    if (ticket == null) {
      throw new IllegalArgumentException("ticket must not be null");
    }
    if (!ticket.keyId().equals(keyId)) {
      throw new IllegalArgumentException(
          "ticket names key id '" + ticket.keyId() + "', this signer holds '" + keyId + "'");
    }
    byte[] payload = TicketWire.encodePayload(ticket);
    byte[] signature = Ed25519Keys.sign(privateKey, TicketWire.signedBytes(payload));
    return TicketWire.wire(payload, signature);
  }
}
