package io.streamrp2p.protocol.ticket;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;

/** Ed25519 keys for tests: fixed ones from a seed, fresh ones from the JDK. */
final class TestKeys {
  /** RFC 8032 section 7.1, TEST 1: secret key (seed) and the public key it gives. */
  static final String RFC8032_SEED_HEX =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  static final String RFC8032_PUBLIC_HEX =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  /**
   * PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410 section 7) up to the key: SEQUENCE, version 0,
   * AlgorithmIdentifier { 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) }.
   */
  private static final String PKCS8_PREFIX_HEX = "302e020100300506032b657004220420";

  private TestKeys() {}

  static PrivateKey privateFromSeed(String seedHex) {
    try {
      byte[] pkcs8 = HexFormat.of().parseHex(PKCS8_PREFIX_HEX + seedHex);
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The RFC 8032 TEST 1 public key. */
  static PublicKey rfc8032Public() {
    return Ed25519Keys.decodePublicKey(
        TicketWire.base64Url(HexFormat.of().parseHex(RFC8032_PUBLIC_HEX)));
  }

  static KeyPair fresh() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Signs arbitrary payload bytes the way the hub does, to craft tickets a signer would refuse. */
  static String signRaw(PrivateKey key, byte[] payload) {
    return TicketWire.wire(payload, Ed25519Keys.sign(key, TicketWire.signedBytes(payload)));
  }
}
