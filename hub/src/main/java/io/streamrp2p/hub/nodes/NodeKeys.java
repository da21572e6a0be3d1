package io.streamrp2p.hub.nodes;

import io.streamrp2p.protocol.ticket.Ed25519Keys;
import java.security.PublicKey;
import java.util.Base64;

/** A node's registered public key, as the FriendNode entity stores it (base64 of 32 bytes). */
final class NodeKeys {
  private NodeKeys() {}

  /**
   * The key registration stored; registration accepted standard and URL-safe base64 and stored
   * standard base64, so this reads that form.
   */
  static PublicKey publicKey(String stored) {
    byte[] raw = Base64.getDecoder().decode(stored);
    return Ed25519Keys.decodePublicKey(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
  }

  /** The key as a node signs it into its registration proof (unpadded base64url). */
  static String asSigned(String stored) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Base64.getDecoder().decode(stored));
  }
}
