package io.streamrp2p.protocol.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ticket.TicketVerdict.Accepted;
import io.streamrp2p.protocol.ticket.TicketVerdict.Refusal;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketVerifierTest {
  static final long NOW = 1_800_000_000_000L;
  static final KeyPair HUB = TestKeys.fresh();
  static final TicketSigner SIGNER = new TicketSigner("hub-1", HUB.getPrivate());
  static final TicketVerifier VERIFIER = new TicketVerifier(Map.of("hub-1", HUB.getPublic()));

  private static TicketSigner.Issued issue() {
    return SIGNER.issue("alice", "n_1", "s_1", NOW, Duration.ofMinutes(1));
  }

  private static TicketVerdict verify(String wire) {
    return VERIFIER.verify(wire, "n_1", "alice", NOW);
  }

  private static Refusal refusal(TicketVerdict verdict) {
    assertThat(verdict).isInstanceOf(Refusal.class);
    return (Refusal) verdict;
  }

  private static void assertRefused(TicketVerdict verdict, RefusalReason reason, String message) {
    Refusal r = refusal(verdict);
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.message()).isEqualTo(message);
  }

  @Test
  void verify_issuedTicket_acceptsTheSameTicket() {
    TicketSigner.Issued issued = issue();

    assertThat(verify(issued.wire())).isEqualTo(new Accepted(issued.ticket()));
    assertThat(issued.ticket().lifetimeMillis()).isEqualTo(60_000);
    assertThat(issued.wire()).matches("v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");
  }

  @Test
  void issue_twice_givesDistinctTicketIds() {
    assertThat(issue().ticket().ticketId()).isNotEqualTo(issue().ticket().ticketId());
  }

  @Test
  void verify_rotatedKeys_acceptsTicketsOfEitherKey() {
    KeyPair next = TestKeys.fresh();
    TicketVerifier both =
        new TicketVerifier(Map.of("hub-1", HUB.getPublic(), "hub-2", next.getPublic()));
    String old = issue().wire();
    String fresh =
        new TicketSigner("hub-2", next.getPrivate())
            .issue("alice", "n_1", "s_1", NOW, Duration.ofMinutes(1))
            .wire();

    assertThat(both.verify(old, "n_1", "alice", NOW)).isInstanceOf(Accepted.class);
    assertThat(both.verify(fresh, "n_1", "alice", NOW)).isInstanceOf(Accepted.class);
  }

  @Test
  void verify_noTicket_missing() {
    assertRefused(verify(null), RefusalReason.MISSING, "no ticket");
    assertRefused(verify(""), RefusalReason.MISSING, "no ticket");
  }

  @Test
  void verify_truncatedSignature_malformed() {
    String wire = issue().wire();

    assertRefused(
        verify(wire.substring(0, wire.length() - 1)),
        RefusalReason.MALFORMED,
        "signature is not canonical unpadded base64url");
    assertRefused(
        verify(wire.substring(0, wire.length() - 2)),
        RefusalReason.MALFORMED,
        "signature is 63 bytes, Ed25519 signatures are 64");
  }

  @Test
  void verify_truncatedPayloadSignedByTheHub_malformed() {
    byte[] payload = TicketWire.encodePayload(issue().ticket());
    String wire = TestKeys.signRaw(HUB.getPrivate(), Arrays.copyOf(payload, payload.length - 1));

    assertRefused(
        verify(wire),
        RefusalReason.MALFORMED,
        "payload ends at offset 52, inside expiresAtMillis (8 bytes at offset 45)");
  }

  @Test
  void verify_truncatedToPrefix_malformed() {
    assertRefused(
        verify("v1."), RefusalReason.MALFORMED, "ticket has 2 dot-separated parts, expected 3");
  }

  @Test
  void verify_badBase64_malformed() {
    String wire = issue().wire();
    String bad = "v1.*" + wire.substring(4);

    assertRefused(
        verify(bad), RefusalReason.MALFORMED, "payload is not canonical unpadded base64url");
  }

  @Test
  void verify_paddedBase64_malformed() {
    String wire = issue().wire();

    assertRefused(
        verify(wire + "=="),
        RefusalReason.MALFORMED,
        "signature is not canonical unpadded base64url");
  }

  @Test
  void verify_overLong_malformedBeforeDecoding() {
    String wire = "v1." + "A".repeat(TicketWire.TICKET_CHARS_MAX);

    assertRefused(verify(wire), RefusalReason.MALFORMED, "ticket is 441 characters, at most 438");
  }

  @Test
  void verify_wrongVersionPrefix_malformed() {
    String wire = "v2." + issue().wire().substring(3);

    assertRefused(
        verify(wire),
        RefusalReason.MALFORMED,
        "ticket does not start with 'v1.' (the only version this node reads)");
  }

  @Test
  void verify_payloadVersionTwoSignedByTheHub_malformed() {
    byte[] payload = TicketWire.encodePayload(issue().ticket());
    payload[0] = 2;

    assertRefused(
        verify(TestKeys.signRaw(HUB.getPrivate(), payload)),
        RefusalReason.MALFORMED,
        "payload version is 2, this node reads 1");
  }

  @Test
  void verify_extraDots_malformed() {
    String wire = issue().wire();

    assertRefused(
        verify(wire + ".x"),
        RefusalReason.MALFORMED,
        "ticket has 4 dot-separated parts, expected 3");
    assertRefused(
        verify(wire.replaceFirst("\\.", "..")),
        RefusalReason.MALFORMED,
        "ticket has 4 dot-separated parts, expected 3");
  }

  @Test
  void verify_lifetimeOverTheBoundSignedByTheHub_malformed() {
    byte[] payload = TicketWire.encodePayload(issue().ticket());
    long expires = NOW + ViewerTicket.LIFETIME_MILLIS_MAX + 1;
    for (int i = 0; i < 8; i++) {
      payload[payload.length - 1 - i] = (byte) (expires >>> (8 * i));
    }

    assertRefused(
        verify(TestKeys.signRaw(HUB.getPrivate(), payload)),
        RefusalReason.MALFORMED,
        "lifetime 86400001 ms is longer than 86400000");
  }

  @Test
  void verify_unknownKeyId_unknownKey() {
    String wire =
        new TicketSigner("hub-0", TestKeys.fresh().getPrivate())
            .issue("alice", "n_1", "s_1", NOW, Duration.ofMinutes(1))
            .wire();

    assertRefused(
        verify(wire),
        RefusalReason.UNKNOWN_KEY,
        "ticket is signed with key id 'hub-0', this node trusts [hub-1]");
  }

  @Test
  void verify_bitFlippedInPayload_forged() {
    String wire = issue().wire();
    int dot = wire.lastIndexOf('.');
    byte[] payload = Base64.getUrlDecoder().decode(wire.substring(3, dot));
    payload[10] ^= 0x01; // inside the ticket id: still well formed, no longer what the hub signed
    String flipped =
        TicketWire.wire(payload, Base64.getUrlDecoder().decode(wire.substring(dot + 1)));

    assertRefused(
        verify(flipped), RefusalReason.FORGED, "signature does not verify under key id 'hub-1'");
  }

  @Test
  void verify_bitFlippedInSignature_forged() {
    String wire = issue().wire();
    int dot = wire.lastIndexOf('.');
    byte[] signature = Base64.getUrlDecoder().decode(wire.substring(dot + 1));
    signature[5] ^= 0x20;
    String flipped =
        TicketWire.wire(Base64.getUrlDecoder().decode(wire.substring(3, dot)), signature);

    assertRefused(
        verify(flipped), RefusalReason.FORGED, "signature does not verify under key id 'hub-1'");
  }

  @Test
  void verify_otherKeyWithTheSameKeyId_forged() {
    String wire =
        new TicketSigner("hub-1", TestKeys.fresh().getPrivate())
            .issue("alice", "n_1", "s_1", NOW, Duration.ofMinutes(1))
            .wire();

    assertRefused(
        verify(wire), RefusalReason.FORGED, "signature does not verify under key id 'hub-1'");
  }

  @Test
  void verify_atExpiry_expired() {
    ViewerTicket t = issue().ticket();
    String wire = SIGNER.sign(t);

    assertThat(VERIFIER.verify(wire, "n_1", "alice", t.expiresAtMillis() - 1))
        .isInstanceOf(Accepted.class);
    assertRefused(
        VERIFIER.verify(wire, "n_1", "alice", t.expiresAtMillis()),
        RefusalReason.EXPIRED,
        "ticket expired at 2027-01-15T08:01:00Z; this node's clock is 2027-01-15T08:01:00Z,"
            + " 0 ms later");
    assertRefused(
        VERIFIER.verify(wire, "n_1", "alice", t.expiresAtMillis() + 1),
        RefusalReason.EXPIRED,
        "ticket expired at 2027-01-15T08:01:00Z; this node's clock is 2027-01-15T08:01:00.001Z,"
            + " 1 ms later");
  }

  @Test
  void verify_issuedBeyondTheSkewAllowance_notYetValid() {
    String wire = issue().wire();
    long earliest = NOW - TicketVerifier.CLOCK_SKEW_MILLIS_MAX;

    assertThat(VERIFIER.verify(wire, "n_1", "alice", earliest)).isInstanceOf(Accepted.class);
    assertRefused(
        VERIFIER.verify(wire, "n_1", "alice", earliest - 1),
        RefusalReason.NOT_YET_VALID,
        "ticket issued at 2027-01-15T08:00:00Z, 30001 ms ahead of this node's clock"
            + " (2027-01-15T07:59:29.999Z); at most 30000 ms allowed");
  }

  @Test
  void verify_otherNode_otherNode() {
    assertRefused(
        VERIFIER.verify(issue().wire(), "n_2", "alice", NOW),
        RefusalReason.OTHER_NODE,
        "ticket is for node 'n_1', this is node 'n_2'");
  }

  @Test
  void verify_otherStream_otherStream() {
    assertRefused(
        VERIFIER.verify(issue().wire(), "n_1", "bob", NOW),
        RefusalReason.OTHER_STREAM,
        "ticket is for stream 'alice', not 'bob'");
  }

  @Test
  void refusalReason_wireNames_areStable() {
    assertThat(Arrays.stream(RefusalReason.values()).map(RefusalReason::wireName))
        .containsExactly(
            "missing",
            "malformed",
            "unknown-key",
            "forged",
            "expired",
            "not-yet-valid",
            "other-node",
            "other-stream");
    assertThat(new Refusal(RefusalReason.MISSING, "no ticket")).hasToString("missing: no ticket");
  }

  @Test
  void issue_nonPositiveOrTooLongTtl_isCallerMisuse() {
    assertThatThrownBy(() -> SIGNER.issue("alice", "n_1", "s_1", NOW, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, got PT0S");
    assertThatThrownBy(() -> SIGNER.issue("alice", "n_1", "s_1", NOW, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SIGNER.issue("alice", "n_1", "s_1", NOW, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SIGNER.issue("alice", "n_1", "s_1", NOW, Duration.ofHours(25)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl PT25H is longer than 86400000 ms");
  }

  @Test
  void constructors_nullOrNonEd25519Keys_areCallerMisuse() throws Exception {
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();

    assertThatThrownBy(() -> new TicketSigner("hub-1", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("privateKey must not be null");
    assertThatThrownBy(() -> new TicketSigner("hub-1", rsa.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("privateKey must be an Ed25519 key, got RSA");
    assertThatThrownBy(() -> new TicketVerifier(Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, PublicKey> withRsa = Map.of("hub-1", rsa.getPublic());
    assertThatThrownBy(() -> new TicketVerifier(withRsa))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'hub-1' must be an Ed25519 key, got RSA");
    assertThatThrownBy(() -> VERIFIER.verify("v1.x.y", null, "alice", NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SIGNER.sign(TicketWireTest.KNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ticket names key id 'hub-2026-11', this signer holds 'hub-1'");
  }

  @Test
  void verify_knownWireWithTheRfc8032Key_accepted() {
    TicketVerifier verifier = new TicketVerifier(Map.of("hub-2026-11", TestKeys.rfc8032Public()));

    assertThat(verifier.verify(TicketWireTest.KNOWN_WIRE, "n_0123456789abcdef", "alice", NOW))
        .isEqualTo(new Accepted(TicketWireTest.KNOWN));
    assertThat(HexFormat.of().formatHex(TicketWire.SIGNING_DOMAIN))
        .isEqualTo(HexFormat.of().formatHex("streamrp2p-viewer-ticket-v1\0".getBytes()));
  }
}
