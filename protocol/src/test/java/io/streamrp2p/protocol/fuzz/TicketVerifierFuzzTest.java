package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.RefusalReason;
import io.streamrp2p.protocol.ticket.TicketVerdict;
import io.streamrp2p.protocol.ticket.TicketVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Viewer tickets as a node receives them from viewers. Whatever arrives, the verifier returns a
 * verdict and throws nothing; the only string it accepts is the one genuine ticket in the seeds
 * (decoding is strict, so no other spelling of that ticket exists); and a payload of any bytes
 * signed with the trusted key is never reported as forged.
 */
class TicketVerifierFuzzTest {
  /** RFC 8032 section 7.1 TEST 1 key, the one docs and unit tests sign the known ticket with. */
  private static final String SEED_HEX =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  private static final TicketVerifier VERIFIER =
      new TicketVerifier(
          Map.of(
              "hub-2026-11",
              Ed25519Keys.decodePublicKey("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")));

  /** The seed {@code ticket-known}: TicketWireTest.KNOWN signed with the RFC 8032 key. */
  private static final String KNOWN_WIRE =
      "v1.AQtodWItMjAyNi0xMQABAgMEBQYHCAkKCwwNDg8FYWxpY2USbl8wMTIzNDU2Nzg5YWJjZGVmCHNfNWYzYzlh"
          + "AAABoxhcUAAAAAGjGF06YA"
          + ".vE0-N7v0kXL1PfjhXQNirX99D8VUAeDqkc4fLfnCoGmQNPgrc_aJLOqhvtcwI6biaAxuxr3k4tei7PXZivxEAw";

  private static final PrivateKey PRIVATE = privateKey();

  private static final String NODE = "n_0123456789abcdef";
  private static final long NOW = 1_800_000_030_000L;

  @FuzzTest(maxDuration = "30s")
  void verify_anyString_neverThrowsAndAcceptsOnlyTheGenuineTicket(byte[] data) {
    String wire = new String(data, StandardCharsets.UTF_8);
    TicketVerdict verdict = VERIFIER.verify(wire, NODE, "alice", NOW);
    if (verdict instanceof TicketVerdict.Accepted && !wire.equals(KNOWN_WIRE)) {
      throw new AssertionError("accepted " + wire + " as " + verdict);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void verify_anyPayloadSignedByTheHub_neverForged(byte[] payload) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(PRIVATE);
    s.update("streamrp2p-viewer-ticket-v1\0".getBytes(StandardCharsets.US_ASCII));
    s.update(payload);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String wire = "v1." + b64.encodeToString(payload) + "." + b64.encodeToString(s.sign());
    TicketVerdict verdict = VERIFIER.verify(wire, NODE, "alice", NOW);
    if (verdict instanceof TicketVerdict.Refusal r && r.reason() == RefusalReason.FORGED) {
      throw new AssertionError("payload " + Hex.of(payload) + " signed by the hub: " + r);
    }
  }

  private static PrivateKey privateKey() {
    // PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410 section 7), then the 32-byte seed.
    byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420" + SEED_HEX);
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
