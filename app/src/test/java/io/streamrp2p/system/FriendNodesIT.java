package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.hub.nodes.NodeSessions;
import io.streamrp2p.hub.nodes.TicketKeys;
import io.streamrp2p.protocol.node.StreamState;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Friend nodes carrying a creator's audience, end to end with real processes: ffmpeg publishes to a
 * hub, three {@code streamrp2p node} processes join with invites, viewers ask the hub and are sent
 * to the nodes with tickets, and ffmpeg decodes what the nodes serve. Then a node dies and comes
 * back with its stored identity, and the hub restarts under the nodes. The steps build on each
 * other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FriendNodesIT {
  private static final Path JAR = Path.of("target", "streamrp2p.jar");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final int NODES = 3;
  private static final int VIEWERS = 30;

  @TempDir static Path dir;
  private static int hubHttp;
  private static int hubRtmp;
  private static TestHub hub;
  private static MediaProcess publisher;
  private static final List<NodeProcess> nodes = new ArrayList<>();

  /** A node process and what the test knows of it. */
  private static final class NodeProcess {
    final Path dataDir;
    final int httpPort;
    final int rtmpPort;
    MediaProcess process;
    String nodeId;

    NodeProcess(Path dataDir, int httpPort, int rtmpPort) {
      this.dataDir = dataDir;
      this.httpPort = httpPort;
      this.rtmpPort = rtmpPort;
    }

    String url() {
      return "http://127.0.0.1:" + httpPort;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    hubHttp = freePort();
    hubRtmp = freePort();
    hub = startHub();
    publisher = MediaProcess.ffmpegPublisher(dir, hub.rtmpUrl("k1"), 320, 180, "300k");
    await().atMost(PATIENCE).until(() -> hub.isLive("s1", 30));
    for (int i = 0; i < NODES; i++) {
      NodeProcess n = new NodeProcess(dir.resolve("node-" + i), freePort(), freePort());
      n.process = startNode(n, invite());
      nodes.add(n);
    }
    for (NodeProcess n : nodes) {
      n.nodeId = awaitIdentity(n);
    }
    awaitServing(nodes);
  }

  @AfterAll
  static void stop() {
    nodes.forEach(n -> n.process.close());
    if (publisher != null) {
      publisher.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private static TestHub startHub() {
    return TestHub.start(
        dir.resolve("hub"),
        "streamrp2p.hub.http.port = " + hubHttp,
        "streamrp2p.hub.rtmp.port = " + hubRtmp,
        // Every viewer goes to a node, so the test sees where each one lands.
        "streamrp2p.hub.nodes.hub-viewers-max = 0",
        "streamrp2p.hub.nodes.heartbeat-interval = 1s",
        "streamrp2p.hub.nodes.heartbeat-timeout = 3s",
        "streamrp2p.hub.nodes.assign-interval = 200ms");
  }

  private static MediaProcess startNode(NodeProcess n, String inviteCode) {
    List<String> c =
        new ArrayList<>(
            List.of(
                "java",
                "-Xmx96m",
                // Reconnect fast after the hub restarts: the test waits for it.
                "-Dstreamrp2p.node.session.backoff-max=2s",
                "-jar",
                JAR.toString(),
                "node",
                "--data-dir",
                n.dataDir.toString()));
    if (inviteCode != null) {
      c.addAll(
          List.of(
              "--hub",
              "http://127.0.0.1:" + hubHttp,
              "--invite",
              inviteCode,
              "--http-port",
              String.valueOf(n.httpPort),
              "--rtmp-port",
              String.valueOf(n.rtmpPort),
              "--capacity-mbps",
              "20"));
    }
    return MediaProcess.start(dir, "node", c);
  }

  private static String invite() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(hubUrl() + "/api/v1/invites"))
                .header("Authorization", "Bearer " + operatorToken())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"stream\":\"s1\",\"ttlSeconds\":600}")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("code").asText();
  }

  private static String operatorTokenValue;

  private static String operatorToken() {
    if (operatorTokenValue == null) {
      operatorTokenValue = hub.hub().bootstrap().operatorToken().orElseThrow();
    }
    return operatorTokenValue;
  }

  /** The node id the node saved at registration, once it printed it. */
  private static String awaitIdentity(NodeProcess n) {
    await().atMost(PATIENCE).until(() -> n.process.stdout().contains("registered as node "));
    String out = n.process.stdout();
    int at = out.indexOf("registered as node ") + "registered as node ".length();
    return out.substring(at, out.indexOf(' ', at));
  }

  /** Every node in {@code ns} has a session here, is reachable and serves s1. */
  private static void awaitServing(List<NodeProcess> ns) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (NodeProcess n : ns) {
                Optional<NodeSessions.Live> s = hub.hub().nodes().sessions().find(n.nodeId);
                assertThat(s).as("session of %s", n.nodeId).isPresent();
                assertThat(s.get().reachable()).isTrue();
                assertThat(s.get().assigned()).contains("s1");
                assertThat(s.get().lastHeartbeat().streams())
                    .anySatisfy(
                        h -> {
                          assertThat(h.stream()).isEqualTo("s1");
                          assertThat(h.state()).isEqualTo(StreamState.SERVING);
                        });
              }
            });
  }

  @Test
  @Order(1)
  void viewers_sentToTheNodesWithTickets_decodeCleanly_andSpreadByHeadroom() throws Exception {
    Map<Integer, Integer> perNode = new HashMap<>();
    List<MediaProcess> players = new ArrayList<>();
    assertPlayAnswer("flv", ".flv?t=");
    assertPlayAnswer("hls", "/index.m3u8?t=");
    assertThat(
            send(HttpRequest.newBuilder(URI.create(hubUrl() + "/api/v1/streams/nope/play")))
                .statusCode())
        .isEqualTo(404);
    String hlsLocation = redirect("/live/s1/index.m3u8");
    // A node has an HLS playlist once its segmenter cut the first segment.
    await().atMost(PATIENCE).until(() -> status(hlsLocation) == 200);
    for (int i = 0; i < VIEWERS; i++) {
      String location = redirect(i % 2 == 0 ? "/live/s1.flv" : "/live/s1/index.m3u8");
      perNode.merge(URI.create(location).getPort(), 1, Integer::sum);
      players.add(MediaProcess.ffmpegPlayer(dir, location, 10));
    }
    for (MediaProcess p : players) {
      assertThat(p.awaitExit()).as("%s: %s", p, p.stderr()).isZero();
      assertThat(p.stderr()).as("%s", p).isEmpty();
      assertThat(p.decodedFrames()).as("%s", p).isGreaterThan(200);
    }
    // Equal capacity: a third each, within 30 %.
    for (NodeProcess n : nodes) {
      assertThat(perNode.getOrDefault(n.httpPort, 0))
          .as("viewers sent to %s of %s", n.nodeId, perNode)
          .isBetween(7, 13);
    }
  }

  @Test
  @Order(2)
  void node_refusesMissingForgedExpiredOtherNodeAndOtherStreamTickets_withTheReason()
      throws Exception {
    NodeProcess a = nodes.get(0);
    NodeProcess b = nodes.get(1);
    TicketKeys keys = TicketKeys.loadOrCreate(dir.resolve("hub").resolve("ticket.key"));
    long now = System.currentTimeMillis();
    String forB = keys.signer().issue("s1", b.nodeId, "v-test", now, Duration.ofMinutes(5)).wire();
    String otherStream =
        keys.signer().issue("s2", a.nodeId, "v-test", now, Duration.ofMinutes(5)).wire();
    String expired =
        keys.signer().issue("s1", a.nodeId, "v-test", now - 7_200_000, Duration.ofHours(1)).wire();
    String good = keys.signer().issue("s1", a.nodeId, "v-test", now, Duration.ofMinutes(5)).wire();
    // One character in the middle of the signature changed: still well-formed, no longer signed.
    int at = good.lastIndexOf('.') + 20;
    String forged =
        good.substring(0, at) + (good.charAt(at) == 'A' ? 'B' : 'A') + good.substring(at + 1);
    assertRefused(a.url() + "/live/s1.flv", "missing");
    assertRefused(a.url() + "/live/s1.flv?t=" + forged, "forged");
    assertRefused(a.url() + "/live/s1.flv?t=" + expired, "expired");
    assertRefused(a.url() + "/live/s1.flv?t=" + forB, "other-node");
    assertRefused(a.url() + "/live/s1.flv?t=" + otherStream, "other-stream");
    assertRefused(a.url() + "/live/s1/index.m3u8?t=" + forB, "other-node");
    // A live body never ends: read the head, then hang up.
    HttpResponse<java.io.InputStream> served =
        http.send(
            HttpRequest.newBuilder(URI.create(a.url() + "/live/s1.flv?t=" + good))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    served.body().close();
    assertThat(served.statusCode()).isEqualTo(200);
    MediaProcess probe =
        MediaProcess.start(
            dir,
            "ffprobe",
            List.of(
                "ffprobe",
                "-v",
                "error",
                "-of",
                "json",
                "-show_format",
                a.url() + "/live/s1.flv?t=" + good));
    assertThat(probe.awaitExit()).as(probe.stderr()).isZero();
    assertThat(JSON.readTree(probe.stdout()).path("format").path("tags").path("servedBy").asText())
        .as("onMetaData names whose node serves")
        .isEqualTo("operator/" + a.nodeId);
    assertThat(served.headers().firstValue("X-StreamrP2P-Node")).hasValue("operator/" + a.nodeId);
  }

  @Test
  @Order(3)
  void killedNode_getsNoViewers_thenRejoinsWithItsStoredIdentity() throws Exception {
    NodeProcess victim = nodes.get(0);
    victim.process.kill();
    await()
        .atMost(PATIENCE)
        .until(() -> hub.hub().nodes().sessions().find(victim.nodeId).isEmpty());
    for (int i = 0; i < 10; i++) {
      assertThat(URI.create(redirect("/live/s1.flv")).getPort()).isNotEqualTo(victim.httpPort);
    }
    victim.process = startNode(victim, null); // node.json only: no invite, no hub URL
    awaitServing(List.of(victim));
    assertThat(victim.process.stderr()).doesNotContain("not registered");
  }

  @Test
  @Order(4)
  void hubRestart_nodesReconnectAndServeAgain_withoutAnyoneActing() throws Exception {
    // A viewer on a node keeps its connection while the hub is away (the node's grace).
    MediaProcess watching = MediaProcess.ffmpegPlayer(dir, redirect("/live/s1.flv"), 0);
    await().atMost(PATIENCE).until(() -> watching.decodedFrames() > 30);
    publisher.close();
    hub.close();
    hub = startHub();
    publisher = MediaProcess.ffmpegPublisher(dir, hub.rtmpUrl("k1"), 320, 180, "300k");
    await().atMost(PATIENCE).until(() -> hub.isLive("s1", 30));
    awaitServing(nodes);
    long atRestart = watching.decodedFrames();
    await().atMost(PATIENCE).until(() -> watching.decodedFrames() > atRestart + 60);
    assertThat(watching.isAlive()).as("the viewer on the node stayed connected").isTrue();
    watching.close();
    String location = redirect("/live/s1.flv");
    MediaProcess player = MediaProcess.ffmpegPlayer(dir, location, 5);
    assertThat(player.awaitExit()).as(player.stderr()).isZero();
    assertThat(player.stderr()).isEmpty();
  }

  /** The play API names a node's URL with a ticket, as the redirect would. */
  private static void assertPlayAnswer(String protocol, String urlPart) throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(
                URI.create(hubUrl() + "/api/v1/streams/s1/play?protocol=" + protocol)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    var json = JSON.readTree(r.body());
    assertThat(json.path("servedBy").asText()).isEqualTo("node");
    assertThat(json.path("url").asText()).contains(urlPart);
    assertThat(nodes.stream().map(n -> n.httpPort))
        .contains(URI.create(json.path("url").asText()).getPort());
  }

  private static String hubUrl() {
    return "http://127.0.0.1:" + hubHttp;
  }

  /** Asks the hub for {@code path} as a viewer and returns where it sends the viewer. */
  private static String redirect(String path) throws Exception {
    HttpResponse<Void> r =
        http.send(
            HttpRequest.newBuilder(URI.create(hubUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).as("hub answer to %s", path).isEqualTo(302);
    return r.headers().firstValue("Location").orElseThrow();
  }

  private static int status(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url))).statusCode();
  }

  private static void assertRefused(String url, String reason) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)));
    assertThat(r.statusCode()).as(url).isEqualTo(403);
    assertThat(r.body()).as(url).contains(reason);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
