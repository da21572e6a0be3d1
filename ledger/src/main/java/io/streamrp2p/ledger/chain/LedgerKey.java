package io.streamrp2p.ledger.chain;

import io.streamrp2p.protocol.keys.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The ledger's Ed25519 signing key. Stored as base64 PKCS#8 in a file only the hub reads; the
 * public key (base64 X.509) is published so auditors can pin it.
 */
public final class LedgerKey {
  private static final int KEY_FILE_BYTES_MAX = 4096;

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private LedgerKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  public static LedgerKey generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new LedgerKey(kp.getPrivate(), kp.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is in every Java 17", e);
    }
  }

  /**
   * Loads the key at {@code file}, creating it if absent: mode 0600 from its first byte, and an
   * existing file others may read or write is refused.
   */
  public static LedgerKey loadOrCreate(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] text =
          PrivateFiles.read(
              file, KEY_FILE_BYTES_MAX, "the ledger's signing key", "if no one else saw it");
      return fromPkcs8(new String(text, StandardCharsets.US_ASCII).trim());
    }
    LedgerKey k = generate();
    PrivateFiles.write(
        file,
        Base64.getEncoder()
            .encodeToString(k.privateKey.getEncoded())
            .getBytes(StandardCharsets.US_ASCII));
    return k;
  }

  static LedgerKey fromPkcs8(String base64) {
    try {
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      PrivateKey priv =
          kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      // The JDK's Ed25519 PKCS#8 encoding is version 1 (no public key): derive it by signing
      // is not possible, so the public key is stored next to it on first creation instead.
      return new LedgerKey(priv, derivePublic(priv));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 PKCS#8 key", e);
    }
  }

  private static PublicKey derivePublic(PrivateKey priv) throws GeneralSecurityException {
    // Ed25519 public key = [s]B where s is derived from the seed; the JDK has no API for it, so
    // we compute it through a throwaway KeyPairGenerator seeded with the same 32 bytes.
    byte[] enc = priv.getEncoded();
    byte[] seed = java.util.Arrays.copyOfRange(enc, enc.length - 32, enc.length);
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(255, new FixedRandom(seed));
    return g.generateKeyPair().getPublic();
  }

  /** Base64 of the X.509 public key. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  /** Base64 Ed25519 signature of {@code message}. */
  public String sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign", e);
    }
  }

  /** Whether {@code signatureBase64} is a valid signature of {@code message} by the key. */
  public static boolean verify(String publicKeyBase64, byte[] message, String signatureBase64) {
    try {
      PublicKey pk =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(pk);
      s.update(message);
      return s.verify(Base64.getDecoder().decode(signatureBase64));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Hands out the given seed bytes, so a key pair can be regenerated from its seed. */
  private static final class FixedRandom extends java.security.SecureRandom {
    private final byte[] seed;

    FixedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }
}
