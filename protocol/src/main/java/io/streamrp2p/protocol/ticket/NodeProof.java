package io.streamrp2p.protocol.ticket;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Locale;

/**
 * What a friend node signs to prove it holds the private key of the public key it registered, when
 * it registers or opens a session: the hub sends a random nonce, the node returns {@link #sign},
 * the hub checks it with {@link #verify}. This is the only thing a node's key signs to
 * authenticate: the session's {@code auth} (docs/protocol.md 5.3) and the registration proof
 * ({@link #registrationNonce}) are both this proof. The signed bytes (docs/protocol.md, "Viewer
 * tickets and node proofs"), with big-endian u16 lengths:
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

  /** SHA-256 output: the registration nonce is 32 bytes, inside the nonce bounds. */
  public static final int REGISTRATION_NONCE_BYTES = 32;

  private NodeProof() {}

  /**
   * The origin a node signs for the hub at {@code url} (RFC 6454 section 6.2, ASCII serialization):
   * {@code scheme://host[:port]} with scheme and host in lower case and the port left out when it
   * is the scheme's default (80 for http, 443 for https). Path, query and user info are dropped.
   * The hub gets the same string from the request it received ({@code "http://" + Host}, or https
   * behind TLS) and accepts it only when it is one of its own public origins, since the client
   * chooses the Host header.
   *
   * @throws IllegalArgumentException unless {@code url} is an absolute http or https URL with an
   *     ASCII host (an internationalized name must be given in its punycode form)
   */
  public static String origin(String url) {
    if (url == null) {
      throw new IllegalArgumentException("hub URL must not be null");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("hub URL is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort =
        switch (scheme) {
          case "http" -> 80;
          case "https" -> 443;
          default ->
              throw new IllegalArgumentException(
                  "hub URL must be http or https, got '" + shortened(url) + "'");
        };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("hub URL has no ASCII host: '" + shortened(url) + "'");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    return scheme + "://" + host + (port == -1 || port == defaultPort ? "" : ":" + port);
  }

  /**
   * The nonce of the registration proof: SHA-256 of the invite code's UTF-8 bytes. The node signs
   * it with node id = its public key as {@link Ed25519Keys#encodePublicKey} gives it and the origin
   * of the hub URL it registers with; the invite is good once, so the proof cannot be replayed.
   *
   * @throws IllegalArgumentException if {@code inviteCode} is null or empty
   */
  public static byte[] registrationNonce(String inviteCode) {
    if (inviteCode == null || inviteCode.isEmpty()) {
      throw new IllegalArgumentException("inviteCode must not be null or empty");
    }
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(inviteCode.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must implement SHA-256 (MessageDigest javadoc).
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

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

  private static String shortened(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }
}
