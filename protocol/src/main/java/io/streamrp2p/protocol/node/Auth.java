package io.streamrp2p.protocol.node;

/**
 * {@code auth}, node to hub, the answer to {@link Challenge}.
 *
 * @param nodeId the id the hub gave the node when it redeemed its invite
 * @param signature the node proof ({@link io.streamrp2p.protocol.ticket.NodeProof#sign}) with the
 *     node's registered key over the challenge's nonce, this node id and the origin of the URL the
 *     node opened the websocket to; 64 bytes, unpadded base64url (docs/protocol.md 5.3)
 */
public record Auth(String nodeId, String signature) implements NodeMessage.FromNode {
  public Auth {
    NodeLimits.requireName(nodeId, "nodeId");
    NodeLimits.requireBase64Url(signature, NodeLimits.SIGNATURE_BYTES, "signature");
  }
}
