package io.streamrp2p.protocol.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeProofTest {
  static final String HUB = "https://hub.example.org";
  static final byte[] NONCE = nonce(100);
  static final KeyPair NODE = TestKeys.fresh();

  private static byte[] nonce(int first) {
    byte[] n = new byte[32];
    for (int i = 0; i < n.length; i++) {
      n[i] = (byte) (first + i);
    }
    return n;
  }

  @Test
  void signedBytes_fixedInputs_matchLayout() {
    String expected =
        HexFormat.of().formatHex("streamrp2p-node-auth-v1\0".getBytes()) // domain, 24 bytes
            + "0020"
            + HexFormat.of().formatHex(NONCE) // nonce, 32 bytes
            + "0003"
            + "6e5f31" // nodeId "n_1"
            + "0017"
            + HexFormat.of().formatHex(HUB.getBytes()); // hubOrigin, 23 bytes

    assertThat(HexFormat.of().formatHex(NodeProof.signedBytes(NONCE, "n_1", HUB)))
        .isEqualTo(expected);
  }

  @Test
  void signedBytes_sessionExampleOfProtocolMd_isTheDocumentedHex() {
    // docs/protocol.md 5.3 quotes these lines; this test keeps them true.
    byte[] nonce = new byte[32];
    for (int i = 0; i < nonce.length; i++) {
      nonce[i] = (byte) i;
    }
    String expected =
        "73747265616d727032702d6e6f64652d617574682d763100" // "streamrp2p-node-auth-v1\0"
            + "0020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" // nonce
            + "00126e5f30313233343536373839616263646566" // "n_0123456789abcdef"
            + "001768747470733a2f2f6875622e6578616d706c652e6f7267"; // "https://hub.example.org"

    assertThat(HexFormat.of().formatHex(NodeProof.signedBytes(nonce, "n_0123456789abcdef", HUB)))
        .isEqualTo(expected);
  }

  @Test
  void origin_urls_normalizedSchemeHostAndPort() {
    assertThat(NodeProof.origin("http://Hub.Example:80/x")).isEqualTo("http://hub.example");
    assertThat(NodeProof.origin("https://h:8443")).isEqualTo("https://h:8443");
    assertThat(NodeProof.origin("http://127.0.0.1:8080/api")).isEqualTo("http://127.0.0.1:8080");
    assertThat(NodeProof.origin("HTTPS://hub.example.org:443/api/v1/nodes?x=1")).isEqualTo(HUB);
    assertThat(NodeProof.origin("https://hub.example.org:80")).isEqualTo(HUB + ":80");
    assertThat(NodeProof.origin("http://user@[::1]:8080/")).isEqualTo("http://[::1]:8080");
  }

  @Test
  void origin_notAnHttpUrlWithAHost_isCallerMisuse() {
    assertThatThrownBy(() -> NodeProof.origin("ws://hub.example/node"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hub URL must be http or https, got 'ws://hub.example/node'");
    assertThatThrownBy(() -> NodeProof.origin("hub.example:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hub URL must be http or https");
    assertThatThrownBy(() -> NodeProof.origin("http:///path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hub URL has no ASCII host: 'http:///path'");
    assertThatThrownBy(() -> NodeProof.origin("http://bad host/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hub URL is not a URL");
    assertThatThrownBy(() -> NodeProof.origin(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registrationNonce_inviteCode_isSha256OfItsUtf8() {
    // FIPS 180-2 appendix B.1: SHA-256("abc").
    assertThat(HexFormat.of().formatHex(NodeProof.registrationNonce("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(NodeProof.registrationNonce("inv_7Qx")).hasSize(NodeProof.REGISTRATION_NONCE_BYTES);
    assertThatThrownBy(() -> NodeProof.registrationNonce(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verify_registrationProof_trueOnlyForThatInviteAndHub() {
    String publicKey = Ed25519Keys.encodePublicKey(NODE.getPublic());
    byte[] nonce = NodeProof.registrationNonce("inv_7Qx");
    String hub = NodeProof.origin("https://Hub.Example.org/api/v1/nodes");
    byte[] proof = NodeProof.sign(NODE.getPrivate(), nonce, publicKey, hub);

    assertThat(NodeProof.verify(NODE.getPublic(), nonce, publicKey, HUB, proof)).isTrue();
    assertThat(
            NodeProof.verify(
                NODE.getPublic(), NodeProof.registrationNonce("inv_other"), publicKey, HUB, proof))
        .isFalse();
    assertThat(NodeProof.verify(NODE.getPublic(), nonce, publicKey, "https://evil.example", proof))
        .isFalse();
  }

  @Test
  void verify_ownSignature_true() {
    byte[] proof = NodeProof.sign(NODE.getPrivate(), NONCE, "n_1", HUB);

    assertThat(proof).hasSize(64);
    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n_1", HUB, proof)).isTrue();
  }

  @Test
  void verify_signatureOverAnotherNonce_false() {
    byte[] proof = NodeProof.sign(NODE.getPrivate(), nonce(1), "n_1", HUB);

    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n_1", HUB, proof)).isFalse();
  }

  @Test
  void verify_otherNodeIdOrOtherHub_false() {
    byte[] proof = NodeProof.sign(NODE.getPrivate(), NONCE, "n_1", HUB);

    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n_2", HUB, proof)).isFalse();
    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n_1", "https://evil.example", proof))
        .isFalse();
  }

  @Test
  void verify_otherKeyOrBadSignatureBytes_false() {
    byte[] proof = NodeProof.sign(NODE.getPrivate(), NONCE, "n_1", HUB);

    assertThat(NodeProof.verify(TestKeys.fresh().getPublic(), NONCE, "n_1", HUB, proof)).isFalse();
    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n_1", HUB, Arrays.copyOf(proof, 63)))
        .isFalse();
    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n_1", HUB, new byte[64])).isFalse();
    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n_1", HUB, null)).isFalse();
    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n\n1", HUB, proof)).isFalse();
  }

  @Test
  void verify_ticketSignatureOverTheSameKey_neverAProof() {
    // Domain separation: a viewer-ticket signature by the same key is not a node proof.
    byte[] payload = NodeProof.signedBytes(NONCE, "n_1", HUB);
    byte[] asTicket = Ed25519Keys.sign(NODE.getPrivate(), TicketWire.signedBytes(payload));

    assertThat(NodeProof.verify(NODE.getPublic(), NONCE, "n_1", HUB, asTicket)).isFalse();
  }

  @Test
  void sign_rfc8032Key_givesIndependentlyComputedSignature() {
    // Computed with Python's cryptography package over the layout documented in NodeProof.
    PrivateKey key = TestKeys.privateFromSeed(TestKeys.RFC8032_SEED_HEX);
    byte[] proof = NodeProof.sign(key, nonce(100), "n_0123456789abcdef", HUB);

    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(proof))
        .isEqualTo(
            "mwNWh1tG90_QDW-KmPRtylOi2Ao3774yE-rNoyN0QWYSA0Y_dG2tKwpJZqW23iXKK4KDAOi3zQzi3aJjttyLDg");
  }

  @Test
  void signedBytes_badNonceOrOrigin_isCallerMisuse() {
    assertThatThrownBy(() -> NodeProof.signedBytes(new byte[15], "n_1", HUB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nonce must be 16..64 bytes");
    assertThatThrownBy(() -> NodeProof.verify(NODE.getPublic(), new byte[65], "n_1", HUB, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeProof.signedBytes(NONCE, "n_1", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hubOrigin must not be null");
    assertThatThrownBy(() -> NodeProof.verify(null, NONCE, "n_1", HUB, new byte[64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("publicKey must not be null");
  }

  @Test
  void encodePublicKey_rfc8032Key_isBase64urlOfTheRaw32Bytes() {
    assertThat(Ed25519Keys.encodePublicKey(TestKeys.rfc8032Public()))
        .isEqualTo("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
  }

  @Test
  void decodePublicKey_encodedKey_roundTrips() {
    String text = Ed25519Keys.encodePublicKey(NODE.getPublic());

    assertThat(text).hasSize(43);
    assertThat(Ed25519Keys.decodePublicKey(text).getEncoded())
        .isEqualTo(NODE.getPublic().getEncoded());
    byte[] proof = NodeProof.sign(NODE.getPrivate(), NONCE, "n_1", HUB);
    assertThat(NodeProof.verify(Ed25519Keys.decodePublicKey(text), NONCE, "n_1", HUB, proof))
        .isTrue();
  }

  @Test
  void decodePublicKey_wrongLengthsAndAlphabets_namePrecisely() {
    String b64of31 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]);
    String b64of33 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[33]);

    assertThatThrownBy(() -> Ed25519Keys.decodePublicKey(b64of31))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("node.key: public key is 31 bytes, an Ed25519 public key is 32");
    assertThatThrownBy(() -> Ed25519Keys.decodePublicKey(b64of33))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("node.key: public key is 44 characters, an Ed25519 key in base64url is 43");
    assertThatThrownBy(
            () -> Ed25519Keys.decodePublicKey("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("node.key: public key is not canonical unpadded base64url");
    assertThatThrownBy(() -> Ed25519Keys.decodePublicKey(""))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("node.key: no public key");
  }
}
