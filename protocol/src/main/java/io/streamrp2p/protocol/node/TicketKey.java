package io.streamrp2p.protocol.node;

/**
 * One public key the hub signs viewer tickets with, as {@link Welcome} lists it, so a node can
 * verify tickets (docs/protocol.md 6) without asking the hub for its keys.
 *
 * @param keyId the key id tickets signed with this key carry
 * @param publicKey the raw 32-byte Ed25519 public key, unpadded base64url (43 characters), the form
 *     {@link io.streamrp2p.protocol.ticket.Ed25519Keys#decodePublicKey} reads
 */
public record TicketKey(String keyId, String publicKey) {
  public TicketKey {
    NodeLimits.requireTicketKeyId(keyId, "keyId");
    NodeLimits.requireBase64Url(publicKey, NodeLimits.PUBLIC_KEY_BYTES, "publicKey");
  }
}
