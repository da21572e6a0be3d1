package io.streamrp2p.hub.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.media.live.ViewerGate.Decision;
import io.streamrp2p.media.live.ViewerGate.Door;
import io.streamrp2p.media.live.ViewerGate.Redirect;
import io.streamrp2p.media.live.ViewerGate.Refuse;
import io.streamrp2p.media.live.ViewerGate.Request;
import io.streamrp2p.media.live.ViewerGate.Serve;
import io.streamrp2p.protocol.node.Heartbeat;
import io.streamrp2p.protocol.node.StreamHealth;
import io.streamrp2p.protocol.node.StreamState;
import io.streamrp2p.protocol.ticket.TicketSigner;
import io.streamrp2p.protocol.ticket.TicketVerdict;
import io.streamrp2p.protocol.ticket.TicketVerifier;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRouterTest {
  private static final String STREAM = "cooking";
  private static final int HUB_VIEWERS_MAX = 2;
  private static final long MBIT = 1_000_000;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private TicketKeys keys;
  private NodeRouter router;

  @BeforeEach
  void setUp() throws IOException {
    keys = TicketKeys.loadOrCreate(dir.resolve("ticket.key"));
    NodeSettings settings =
        new NodeSettings(
            "",
            Duration.ofHours(1),
            HUB_VIEWERS_MAX,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            List.of());
    router = new NodeRouter(keys, settings, CLOCK);
  }

  /**
   * A reachable node on port {@code port} assigned {@link #STREAM}, reporting {@code state} and
   * {@code capacityLeftBps}. The connection is null: routing never sends to a node.
   */
  private NodeSessions.Live node(int port, StreamState state, long capacityLeftBps) {
    String id = String.format("n_%016x", port);
    NodeSessions.Live live =
        new NodeSessions.Live(
            id,
            "s-" + port,
            "alice",
            Optional.empty(),
            "http://127.0.0.1:" + port,
            "http://hub.example",
            null);
    live.reachable = true;
    live.assigned.add(STREAM);
    live.heartbeat(
        new Heartbeat(0, 0, capacityLeftBps, List.of(new StreamHealth(STREAM, 0, state))));
    router.sessions().add(live);
    return live;
  }

  private NodeSessions.Live serving(int port, long capacityLeftBps) {
    return node(port, StreamState.SERVING, capacityLeftBps);
  }

  private static Request request(Door door, String query, int viewersHere) {
    return new Request(STREAM, door, query, "203.0.113.7", viewersHere);
  }

  /** A viewer arriving when the hub already has all it keeps. */
  private static Request overflowViewer(Door door) {
    return request(door, "", HUB_VIEWERS_MAX);
  }

  private static String ticketOf(Redirect r) {
    return query(URI.create(r.location()).getRawQuery()).param("t");
  }

  /**
   * Sends {@code viewers} overflow HTTP-FLV viewers and counts the redirects by host:port, checking
   * each carries a ticket the hub's key signed for that node and stream.
   */
  private Map<String, Integer> redirectCounts(int viewers) {
    Map<String, NodeSessions.Live> byAuthority = new TreeMap<>();
    for (NodeSessions.Live n : router.sessions().all()) {
      byAuthority.put(URI.create(n.publicUrl()).getAuthority(), n);
    }
    TicketVerifier verifier = keys.verifier();
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < viewers; i++) {
      Decision d = router.decide(overflowViewer(Door.HTTP_FLV));
      assertThat(d).isInstanceOf(Redirect.class);
      URI location = URI.create(((Redirect) d).location());
      assertThat(location.getPath()).isEqualTo("/live/" + STREAM + ".flv");
      NodeSessions.Live target = byAuthority.get(location.getAuthority());
      assertThat(target).as("redirect to a known node: %s", location).isNotNull();
      TicketVerdict v =
          verifier.verify(ticketOf((Redirect) d), target.nodeId(), STREAM, CLOCK.millis());
      assertThat(v).isInstanceOf(TicketVerdict.Accepted.class);
      counts.merge(location.getAuthority(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void decide_underHubViewersMax_servesAtTheHub() {
    serving(9001, 10 * MBIT);

    Decision d = router.decide(request(Door.HTTP_FLV, "", HUB_VIEWERS_MAX - 1));

    assertThat(d).isSameAs(Serve.PLAIN);
  }

  @Test
  void decide_atHubViewersMaxWithNoNode_servesAtTheHub() {
    assertThat(router.decide(overflowViewer(Door.HTTP_FLV))).isSameAs(Serve.PLAIN);
  }

  @Test
  void decide_threeEqualNodes_spreadsRedirectsEvenly() {
    serving(9001, 10 * MBIT);
    serving(9002, 10 * MBIT);
    serving(9003, 10 * MBIT);

    assertThat(redirectCounts(30))
        .isEqualTo(Map.of("127.0.0.1:9001", 10, "127.0.0.1:9002", 10, "127.0.0.1:9003", 10));
  }

  @Test
  void decide_nodesOf10And20And30Mbit_spreadsRedirectsByCapacity() {
    serving(9001, 10 * MBIT);
    serving(9002, 20 * MBIT);
    serving(9003, 30 * MBIT);

    Map<String, Integer> counts = redirectCounts(60);

    assertThat(counts.get("127.0.0.1:9001")).isBetween(9, 11);
    assertThat(counts.get("127.0.0.1:9002")).isBetween(19, 21);
    assertThat(counts.get("127.0.0.1:9003")).isBetween(29, 31);
  }

  /** Adds one node of each kind that must get no viewer of {@link #STREAM}. */
  private void addUnfitNodes() {
    serving(9101, 10 * MBIT).reachable = false;
    serving(9102, 10 * MBIT).assigned.clear();
    node(9103, StreamState.PULLING, 10 * MBIT);
    node(9104, StreamState.STALLED, 10 * MBIT);
    NodeSessions.Live full = serving(9105, 0);
    full.heartbeat(
        new Heartbeat(
            40, 10 * MBIT, 0, List.of(new StreamHealth(STREAM, 40, StreamState.SERVING))));
  }

  @Test
  void decide_nodesUnreachableUnassignedPullingStalledOrFull_getNoViewers() {
    addUnfitNodes();
    serving(9001, 1 * MBIT);

    assertThat(redirectCounts(20)).isEqualTo(Map.of("127.0.0.1:9001", 20));
  }

  @Test
  void decide_onlyUnfitNodes_servesAtTheHub() {
    addUnfitNodes();

    assertThat(router.decide(overflowViewer(Door.HTTP_FLV))).isSameAs(Serve.PLAIN);
    assertThat(router.decide(overflowViewer(Door.HLS_PLAYLIST))).isSameAs(Serve.PLAIN);
  }

  @Test
  void decide_hlsPlaylistOverflow_redirectsToTheNodesPlaylistWithATicket() {
    NodeSessions.Live n = serving(9001, 10 * MBIT);

    Decision d = router.decide(overflowViewer(Door.HLS_PLAYLIST));

    assertThat(d).isInstanceOf(Redirect.class);
    assertThat(((Redirect) d).location())
        .startsWith("http://127.0.0.1:9001/live/" + STREAM + "/index.m3u8?t=");
    assertThat(keys.verifier().verify(ticketOf((Redirect) d), n.nodeId(), STREAM, CLOCK.millis()))
        .isInstanceOf(TicketVerdict.Accepted.class);
  }

  @Test
  void decide_hlsSegmentOrRtmpOverflow_servesAtTheHub() {
    serving(9001, 10 * MBIT);

    assertThat(router.decide(request(Door.HLS_SEGMENT, "", 100))).isSameAs(Serve.PLAIN);
    assertThat(router.decide(request(Door.RTMP, "", 100))).isSameAs(Serve.PLAIN);
  }

  @Test
  void decide_nodesOwnPullTicket_servesEvenOverHubViewersMax() {
    NodeSessions.Live n = serving(9001, 10 * MBIT);
    String pull = router.pullTicket(STREAM, n.nodeId(), "s-9001");

    Decision d = router.decide(request(Door.HTTP_FLV, "node=" + n.nodeId() + "&t=" + pull, 100));

    assertThat(d).isSameAs(Serve.PLAIN);
  }

  private static void assertRefused(Decision d, String reasonPart) {
    assertThat(d).isInstanceOf(Refuse.class);
    assertThat(((Refuse) d).status()).isEqualTo(403);
    assertThat(((Refuse) d).reason()).contains(reasonPart);
  }

  @Test
  void decide_viewerTicketUsedAsPull_isRefused() {
    NodeSessions.Live n = serving(9001, 10 * MBIT);
    String viewerTicket = ticketOf((Redirect) router.decide(overflowViewer(Door.HTTP_FLV)));

    Decision d =
        router.decide(request(Door.HTTP_FLV, "node=" + n.nodeId() + "&t=" + viewerTicket, 0));

    assertRefused(d, "a viewer ticket does not pull");
  }

  @Test
  void decide_anotherNodesPullTicket_isRefusedAsOtherNode() {
    NodeSessions.Live a = serving(9001, 10 * MBIT);
    NodeSessions.Live b = serving(9002, 10 * MBIT);
    String pullOfA = router.pullTicket(STREAM, a.nodeId(), "s-9001");

    Decision d = router.decide(request(Door.HTTP_FLV, "node=" + b.nodeId() + "&t=" + pullOfA, 0));

    assertRefused(d, "other-node:");
  }

  @Test
  void decide_forgedPullTicket_isRefusedAsForged() throws GeneralSecurityException {
    NodeSessions.Live n = serving(9001, 10 * MBIT);
    TicketSigner forger =
        new TicketSigner(
            keys.keyId(), KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
    String forged =
        forger
            .issue(
                STREAM,
                n.nodeId(),
                NodeRouter.PULL_SESSION_PREFIX + "s-9001",
                CLOCK.millis(),
                Duration.ofHours(1))
            .wire();

    Decision d = router.decide(request(Door.HTTP_FLV, "node=" + n.nodeId() + "&t=" + forged, 0));

    assertRefused(d, "forged:");
  }

  @Test
  void decide_pullTicketWithoutNode_isRefused() {
    NodeSessions.Live n = serving(9001, 10 * MBIT);
    String pull = router.pullTicket(STREAM, n.nodeId(), "s-9001");

    assertRefused(router.decide(request(Door.HTTP_FLV, "t=" + pull, 0)), "node=");
  }

  @Test
  void param_queryWithSeveralParameters_decodesTheNamedOneAndIgnoresOthers() {
    String q = "tt=no&x=1&t=v1.a%2Eb%2Bc+d&node=n_1&t=second";

    assertThat(query(q).param("t")).isEqualTo("v1.a.b+c d");
    assertThat(query(q).param("node")).isEqualTo("n_1");
    assertThat(query(q).param("tt")).isEqualTo("no");
    assertThat(query(q).param("missing")).isNull();
    assertThat(query("x=1&flag").param("flag")).isEmpty();
    assertThat(query("t=%zz").param("t")).isNull();
    assertThat(query("").param("t")).isNull();
    assertThat(query(null).param("t")).isNull();
  }

  /** A request carrying {@code q}, to read its parameters as the gate does. */
  private static Request query(String q) {
    return new Request("s1", Door.HTTP_FLV, q, "127.0.0.1", 0);
  }
}
