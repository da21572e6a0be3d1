package io.streamrp2p.hub.api;

import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;

/** Checks of what a friend node registers with: its Ed25519 public key and public URL. */
final class NodeInput {
  /** Browsers and proxies handle URLs up to 2,048 characters everywhere. */
  static final int URL_CHARS_MAX = 2048;

  /** Base64 of 32 bytes is 44 characters; leave room for nothing else. */
  static final int KEY_CHARS_MAX = 64;

  /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410, section 4). */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** Base64url of a 64-byte Ed25519 signature is 86 characters. */
  static final int PROOF_CHARS_MAX = 128;

  private NodeInput() {}

  /**
   * Checks the registration proof: the node's signature over the invite, its key and the origin of
   * the URL it registered at; a 400 naming {@code field} otherwise.
   *
   * @param key the public key as {@link #ed25519Key} returned it
   */
  static void requireProof(
      String field, String proof, String inviteCode, String key, String requestUri) {
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(proof);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, "must be base64url");
    }
    byte[] raw = Base64.getDecoder().decode(key);
    String keyText = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    boolean ok;
    try {
      ok =
          NodeProof.verify(
              Ed25519Keys.decodePublicKey(keyText),
              NodeProof.registrationNonce(inviteCode),
              keyText,
              NodeProof.origin(requestUri),
              signature);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw ApiError.invalid(
          field,
          "is not the signature of this invite, key and hub by the key's private half"
              + " (docs/protocol.md 6.8)");
    }
  }

  /** The key in canonical base64, or a 400 naming {@code field}. */
  static String ed25519Key(String field, String base64) {
    byte[] raw;
    try {
      raw =
          base64.contains("-") || base64.contains("_")
              ? Base64.getUrlDecoder().decode(base64)
              : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, "must be base64");
    }
    if (raw.length != 32) {
      throw ApiError.invalid(
          field, "must be a 32-byte Ed25519 public key, got " + raw.length + " bytes");
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    try {
      KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw ApiError.invalid(field, "is not an Ed25519 public key");
    }
    return Base64.getEncoder().encodeToString(raw);
  }

  /** An absolute http or https URL with a host, no user info and no fragment. */
  static String publicUrl(String field, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiError.invalid(field, "is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ApiError.invalid(field, "must be an http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw ApiError.invalid(field, "must name a host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw ApiError.invalid(field, "must not carry user info or a fragment");
    }
    if (uri.getRawQuery() != null) {
      throw ApiError.invalid(field, "must not carry a query");
    }
    // The hub appends /live/... and /health to it: a trailing slash would double it.
    return uri.toString().replaceAll("/+$", "");
  }
}
