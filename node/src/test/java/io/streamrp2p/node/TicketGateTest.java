package io.streamrp2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.media.live.ViewerGate.Decision;
import io.streamrp2p.media.live.ViewerGate.Door;
import io.streamrp2p.media.live.ViewerGate.Refuse;
import io.streamrp2p.media.live.ViewerGate.Request;
import io.streamrp2p.media.live.ViewerGate.Serve;
import io.streamrp2p.protocol.node.TicketKey;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.RefusalReason;
import io.streamrp2p.protocol.ticket.TicketSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketGateTest {
  private static final String NODE = "n_0123456789abcdef";
  private static final String OWNER = "alice";
  private static final String STREAM = "cooking";
  private static final String KEY_ID = "hub-1";
  private static final Duration TTL = Duration.ofHours(1);
  private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

  private final KeyPair hubKey = newKey();
  private final TicketSigner hub = new TicketSigner(KEY_ID, hubKey.getPrivate());

  private static KeyPair newKey() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Clock at(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  /** A gate of node {@link #NODE} at {@code clock} that trusts the hub's key. */
  private TicketGate trustingGate(Clock clock) {
    TicketGate gate = new TicketGate(NODE, OWNER, clock);
    gate.trust(List.of(new TicketKey(KEY_ID, Ed25519Keys.encodePublicKey(hubKey.getPublic()))));
    return gate;
  }

  private static Request flv(String query) {
    return new Request(STREAM, Door.HTTP_FLV, query, "203.0.113.7", 0);
  }

  private TicketSigner.Issued issue(String stream, String node) {
    return hub.issue(stream, node, "v-session1", NOW, TTL);
  }

  private static void assertRefused(Decision d, RefusalReason reason) {
    assertThat(d).isInstanceOf(Refuse.class);
    Refuse r = (Refuse) d;
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.reason()).contains(reason.wireName() + ":");
  }

  @Test
  void decide_validTicket_servesNamingTheOwnersNodeAndMeteringByTicketId() {
    TicketSigner.Issued issued = issue(STREAM, NODE);

    Decision d = trustingGate(at(NOW + 1000)).decide(flv("t=" + issued.wire()));

    assertThat(d).isInstanceOf(Serve.class);
    Serve s = (Serve) d;
    assertThat(s.headers()).containsExactly(Map.entry("X-StreamrP2P-Node", OWNER + "/" + NODE));
    assertThat(s.viewer()).isEqualTo(issued.ticket().ticketId());
  }

  @Test
  void decide_noTicketParameter_refusesAsMissing() {
    TicketGate gate = trustingGate(at(NOW));

    assertRefused(gate.decide(flv("")), RefusalReason.MISSING);
    assertRefused(gate.decide(flv("other=1")), RefusalReason.MISSING);
  }

  @Test
  void decide_ticketSignedByAnotherKeyWithTheSameKeyId_refusesAsForged() {
    TicketSigner impostor = new TicketSigner(KEY_ID, newKey().getPrivate());
    String wire = impostor.issue(STREAM, NODE, "v-session1", NOW, TTL).wire();

    assertRefused(trustingGate(at(NOW)).decide(flv("t=" + wire)), RefusalReason.FORGED);
  }

  @Test
  void decide_clockAtExpiry_refusesAsExpired() {
    String wire = issue(STREAM, NODE).wire();

    Decision d = trustingGate(at(NOW + TTL.toMillis())).decide(flv("t=" + wire));

    assertRefused(d, RefusalReason.EXPIRED);
  }

  @Test
  void decide_ticketForAnotherNode_refusesAsOtherNode() {
    String wire = issue(STREAM, "n_fedcba9876543210").wire();

    assertRefused(trustingGate(at(NOW)).decide(flv("t=" + wire)), RefusalReason.OTHER_NODE);
  }

  @Test
  void decide_ticketForAnotherStream_refusesAsOtherStream() {
    String wire = issue("gardening", NODE).wire();

    assertRefused(trustingGate(at(NOW)).decide(flv("t=" + wire)), RefusalReason.OTHER_STREAM);
  }

  @Test
  void decide_ticketSignedWithAnUntrustedKeyId_refusesAsUnknownKey() {
    TicketSigner retired = new TicketSigner("hub-0", hubKey.getPrivate());
    String wire = retired.issue(STREAM, NODE, "v-session1", NOW, TTL).wire();

    Decision d = trustingGate(at(NOW)).decide(flv("t=" + wire));

    assertRefused(d, RefusalReason.UNKNOWN_KEY);
    assertThat(((Refuse) d).reason()).contains("'hub-0'");
  }

  @Test
  void decide_percentEncodedTicketAmongOtherParameters_decodesAndServes() {
    TicketSigner.Issued issued = issue(STREAM, NODE);
    String encoded = issued.wire().replace(".", "%2E").replace("-", "%2D").replace("_", "%5f");
    assertThat(encoded).isNotEqualTo(issued.wire());

    Decision d = trustingGate(at(NOW)).decide(flv("player=web&t=" + encoded + "&x=1"));

    assertThat(d).isInstanceOf(Serve.class);
    assertThat(((Serve) d).viewer()).isEqualTo(issued.ticket().ticketId());
  }

  @Test
  void decide_beforeTrust_refusesEveryViewerSayingTheNodeHasNotReachedItsHub() {
    TicketGate gate = new TicketGate(NODE, OWNER, at(NOW));
    String wire = issue(STREAM, NODE).wire();

    Decision d = gate.decide(flv("t=" + wire));

    assertThat(d).isInstanceOf(Refuse.class);
    assertThat(((Refuse) d).status()).isEqualTo(403);
    assertThat(((Refuse) d).reason()).contains("not reached its hub");
  }
}
