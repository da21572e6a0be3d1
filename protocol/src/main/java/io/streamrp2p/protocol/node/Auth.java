package io.streamrp2p.protocol.node;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code auth}, node to hub, the answer to {@link Challenge}.
 *
 * @param nodeId the id the hub gave the node when it redeemed its invite
 * @param signature Ed25519 signature (RFC 8032) with the node's registered key over {@link
 *     #signedBytes}, unpadded base64url
 */
public record Auth(String nodeId, String signature) implements NodeMessage.FromNode {

  /**
   * Starts the signed bytes. Naming the purpose and version keeps a signature made here from being
   * valid for anything else the node's key ever signs.
   */
  public static final String SIGNED_PREFIX = "streamrp2p node-auth v1";

  public Auth {
    NodeLimits.requireName(nodeId, "nodeId");
    NodeLimits.requireBase64Url(signature, NodeLimits.SIGNATURE_BYTES, "signature");
  }

  /**
   * The bytes the node signs: the ASCII of {@link #SIGNED_PREFIX}, one 0x00 byte, the 32 nonce
   * bytes (base64url-decoded), then the ASCII of the node id. The nonce has a fixed length and the
   * node id comes last, so no two (nonce, node id) pairs give the same bytes.
   */
  public static byte[] signedBytes(String nonce, String nodeId) {
    NodeLimits.requireBase64Url(nonce, NodeLimits.NONCE_BYTES, "nonce");
    NodeLimits.requireName(nodeId, "nodeId");
    var out = new ByteArrayOutputStream();
    out.writeBytes(SIGNED_PREFIX.getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    out.writeBytes(Base64.getUrlDecoder().decode(nonce));
    out.writeBytes(nodeId.getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
