package io.streamrp2p.hub.nodes;

import io.streamrp2p.protocol.keys.PrivateFiles;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.TicketSigner;
import io.streamrp2p.protocol.ticket.TicketVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The hub's viewer-ticket key: an Ed25519 key pair in a file only the hub's user can read, created
 * with mode 0600 from the start. Every member of a cluster uses the same file, so a node verifies a
 * ticket whichever member issued it. The key id is derived from the public key, so two members with
 * different files can never pass off each other's tickets.
 */
public final class TicketKeys {
  private static final int KEY_FILE_BYTES_MAX = 4096;

  private final String keyId;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private TicketKeys(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = keyIdOf(publicKey);
  }

  /** The key in {@code file}, created if absent. */
  public static TicketKeys loadOrCreate(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return load(file);
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is in every Java 17", e);
    }
    PrivateFiles.write(
        file,
        (Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n"
                + Ed25519Keys.encodePublicKey(pair.getPublic())
                + "\n")
            .getBytes(StandardCharsets.US_ASCII));
    return new TicketKeys(pair.getPrivate(), pair.getPublic());
  }

  private static TicketKeys load(Path file) throws IOException {
    List<String> lines =
        new String(
                PrivateFiles.read(
                    file, KEY_FILE_BYTES_MAX, "the key that signs viewer tickets", ""),
                StandardCharsets.US_ASCII)
            .lines()
            .toList();
    if (lines.size() < 2) {
      throw new IOException(file + " must hold the private key and the public key, one a line");
    }
    try {
      PrivateKey priv =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(
                  new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0).trim())));
      return new TicketKeys(priv, Ed25519Keys.decodePublicKey(lines.get(1).trim()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("cannot read the ticket key in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The first 12 characters of the base64url SHA-256 of the raw public key. */
  static String keyIdOf(PublicKey key) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(Ed25519Keys.encodePublicKey(key));
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is in every Java", e);
    }
  }

  public String keyId() {
    return keyId;
  }

  /** The public key as nodes receive it (unpadded base64url of its 32 bytes). */
  public String publicKeyText() {
    return Ed25519Keys.encodePublicKey(publicKey);
  }

  public TicketSigner signer() {
    return new TicketSigner(keyId, privateKey);
  }

  /** Checks tickets this key signed (the hub's own pull tickets). */
  public TicketVerifier verifier() {
    return new TicketVerifier(Map.of(keyId, publicKey));
  }
}
