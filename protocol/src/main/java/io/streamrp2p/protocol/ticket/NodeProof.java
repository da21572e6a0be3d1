package io.streamrp2p.protocol.ticket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * What a friend node signs to prove it holds the private key of the public key it registered, when
 * it registers or opens a session: the hub sends a random nonce, the node returns {@link #sign},
 * the hub checks it with {@link #verify}. The signed bytes (docs/protocol.md, "Viewer tickets and
 * node proofs"), with big-endian u16 lengths:
 *
 * <pre>
 * "streamrp2p-node-auth-v1\0"   24 ASCII bytes, the domain
 * u16 + n   nonce       n in 16..64, from the hub
 * u16 + n   nodeId      UTF-8, n in 1..64
 * u16 + n   hubOrigin   UTF-8, n in 1..300, for example "https://hub.example.org"
 * </pre>
 *
 * The node id is signed so that a proof made for one node cannot be presented for another that
 * registered the same public key. The hub's origin is signed because the nonce alone does not say
 * which hub asked: a hostile hub the node connects to could forward a challenge from a real hub and
 * replay the node's answer there, logging in as the node. The node signs the origin it dialled
 * (from its own configuration, RFC 6454 ASCII serialization: scheme, host, port if not default),
 * and each hub accepts only its own public origin, so such a relayed proof fails. Pure functions.
 */
public final class NodeProof {
  static final byte[] DOMAIN = "streamrp2p-node-auth-v1\0".getBytes(StandardCharsets.US_ASCII);

  /** 128 bits at least, so nonces never repeat; 64 bytes leaves room for a hub-chosen format. */
  public static final int NONCE_BYTES_MIN = 16;

  public static final int NONCE_BYTES_MAX = 64;

  /** "https://" (8), a DNS name (253 at most, RFC 1035 2.3.4) and ":65535" (6) is 267 bytes. */
  public static final int HUB_ORIGIN_BYTES_MAX = 300;

  private NodeProof() {}

  /**
   * The exact bytes a node signs.
   *
   * @throws IllegalArgumentException if an argument is null or out of its bounds
   */
  public static byte[] signedBytes(byte[] nonce, String nodeId, String hubOrigin) {
    requireNonce(nonce);
    TicketWire.requireText("nodeId", nodeId, ViewerTicket.NODE_ID_BYTES_MAX);
    TicketWire.requireText("hubOrigin", hubOrigin, HUB_ORIGIN_BYTES_MAX);
    byte[] node = TicketWire.utf8(nodeId);
    byte[] origin = TicketWire.utf8(hubOrigin);
    return ByteBuffer.allocate(DOMAIN.length + 6 + nonce.length + node.length + origin.length)
        .put(DOMAIN)
        .putShort((short) nonce.length)
        .put(nonce)
        .putShort((short) node.length)
        .put(node)
        .putShort((short) origin.length)
        .put(origin)
        .array();
  }

  /** The node's Ed25519 signature (64 bytes) over {@link #signedBytes}. */
  public static byte[] sign(PrivateKey privateKey, byte[] nonce, String nodeId, String hubOrigin) {
    Ed25519Keys.requireEd25519(privateKey, "privateKey");
    return Ed25519Keys.sign(privateKey, signedBytes(nonce, nodeId, hubOrigin));
  }

  /**
   * Whether {@code signature}, as the node sent it, is the node's proof for this nonce and hub. A
   * signature of the wrong length, or a node id no node could have signed, gives false.
   *
   * @throws IllegalArgumentException if publicKey is not Ed25519, or the nonce or origin (both the
   *     hub's own) are null or out of bounds
   */
  public static boolean verify(
      PublicKey publicKey, byte[] nonce, String nodeId, String hubOrigin, byte[] signature) {
    Ed25519Keys.requireEd25519(publicKey, "publicKey");
    requireNonce(nonce);
    TicketWire.requireText("hubOrigin", hubOrigin, HUB_ORIGIN_BYTES_MAX);
    if (nodeId == null
        || TicketWire.textProblem("nodeId", nodeId, ViewerTicket.NODE_ID_BYTES_MAX) != null
        || signature == null
        || signature.length != TicketWire.SIGNATURE_BYTES) {
      return false;
    }
    return Ed25519Keys.verify(publicKey, signedBytes(nonce, nodeId, hubOrigin), signature);
  }

  private static void requireNonce(byte[] nonce) {
    if (nonce == null || nonce.length < NONCE_BYTES_MIN || nonce.length > NONCE_BYTES_MAX) {
      throw new IllegalArgumentException(
          "nonce must be " + NONCE_BYTES_MIN + ".." + NONCE_BYTES_MAX + " bytes");
    }
  }
}
