package io.streamrp2p.protocol.ticket;

import io.streamrp2p.protocol.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 keys in the form nodes send them (unpadded base64url of the raw 32-byte key, RFC 8032
 * section 5.1.5) and the signing primitives of this package, on the JDK's own Ed25519 (JEP 339).
 */
public final class Ed25519Keys {
  /** RFC 8032 section 5.1.5: an encoded Ed25519 public key is 32 bytes. */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** Unpadded base64url of 32 bytes is 43 characters; anything longer is not a key. */
  public static final int PUBLIC_KEY_CHARS = 43;

  static final String LAYER = "node.key";

  /**
   * The DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410 section 4):
   * SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes, 0 unused bits) }. The JDK's
   * {@code getEncoded()} is this prefix followed by the raw key.
   */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private Ed25519Keys() {}

  /** The raw 32-byte key as unpadded base64url (43 characters). */
  public static String encodePublicKey(PublicKey key) {
    requireEd25519(key, "key");
    byte[] spki = key.getEncoded();
    if (spki == null
        || spki.length != SPKI_PREFIX.length + PUBLIC_KEY_BYTES
        || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException("key does not encode as an Ed25519 SubjectPublicKeyInfo");
    }
    return TicketWire.base64Url(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
  }

  /**
   * Decodes what a node sent as its public key.
   *
   * @throws ProtocolException (layer {@code node.key}) unless {@code text} is canonical unpadded
   *     base64url of exactly 32 bytes that the JDK accepts as an Ed25519 public key
   */
  public static PublicKey decodePublicKey(String text) {
    if (text == null || text.isEmpty()) {
      throw new ProtocolException(LAYER, "no public key");
    }
    if (text.length() > PUBLIC_KEY_CHARS) {
      throw new ProtocolException(
          LAYER,
          "public key is "
              + text.length()
              + " characters, an Ed25519 key in base64url is "
              + PUBLIC_KEY_CHARS);
    }
    byte[] raw = TicketWire.base64UrlDecode(text);
    if (raw == null) {
      throw new ProtocolException(LAYER, "public key is not canonical unpadded base64url");
    }
    if (raw.length != PUBLIC_KEY_BYTES) {
      throw new ProtocolException(
          LAYER, "public key is " + raw.length + " bytes, an Ed25519 public key is 32");
    }
    byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_BYTES);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, PUBLIC_KEY_BYTES);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new ProtocolException(LAYER, "public key is not an Ed25519 public key", e);
    }
  }

  /** Throws IllegalArgumentException unless {@code key} is an Ed25519 key. */
  static void requireEd25519(Key key, String what) {
    if (key == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (!(key instanceof EdECKey ed) || !"Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
      throw new IllegalArgumentException(
          what + " must be an Ed25519 key, got " + key.getAlgorithm());
    }
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (NoSuchAlgorithmException | InvalidKeyException | SignatureException e) {
      // The key was checked as Ed25519 when it was handed over, and JDK 15+ always has Ed25519.
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** False for a signature that does not verify, including one the JDK cannot parse. */
  static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (SignatureException e) {
      return false;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("Ed25519 verification unavailable", e);
    }
  }
}
