package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.hub.nodes.NodeSessions;
import io.streamrp2p.protocol.amf.AmfObject;
import io.streamrp2p.protocol.node.StreamHealth;
import io.streamrp2p.protocol.node.StreamState;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile peers against a friend node's doors: the cases of {@link HostileClientCases} run against
 * a real {@code streamrp2p node} process that relays s1 from an in-process hub, with a legitimate
 * viewer the hub sent there with a ticket. The node's log lines are read from its stderr.
 *
 * <p>The hub's publisher case (a publisher that never reads its socket) does not apply: a node
 * takes no publishers. Instead a publish attempt on the node's RTMP port must be refused. The hub's
 * in-process heap check does not apply either: the node is another process, so the end checks what
 * the node reports to the hub and what it logged.
 */
class NodeHostileClientsIT extends HostileClientCases {
  private static final Path JAR = Path.of("target", "streamrp2p.jar");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A node process starts, registers and is assigned s1 in seconds; the rest is a busy CI. */
  private static final Duration NODE_PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static TestHub hub;
  private static MediaProcess publisher;
  private static MediaProcess node;
  private static String nodeId;
  private static int nodeHttp;
  private static int nodeRtmp;
  private static HttpFlvViewer viewer;

  @BeforeAll
  static void startHubPublisherNodeAndViewer() throws Exception {
    hub =
        TestHub.start(
            dir.resolve("hub"),
            // Every viewer goes to the node.
            "streamrp2p.hub.nodes.hub-viewers-max = 0",
            "streamrp2p.hub.nodes.heartbeat-interval = 1s",
            "streamrp2p.hub.nodes.assign-interval = 200ms");
    publisher = MediaProcess.ffmpegPublisher(dir, hub.rtmpUrl("k1"), 640, 360, "2M");
    await().atMost(TestHub.PATIENCE).until(() -> hub.isLive("s1", 30));
    nodeHttp = freePort();
    nodeRtmp = freePort();
    node = startNode(invite());
    nodeId = awaitIdentity();
    awaitServing();
    String location = viewerLocation();
    assertThat(URI.create(location).getPort()).as(location).isEqualTo(nodeHttp);
    viewer = HttpFlvViewer.open(location);
    assertPlays(viewer);
  }

  @AfterAll
  static void stop() {
    try {
      if (viewer != null) {
        viewer.close();
      }
      if (node != null) {
        node.close();
      }
      if (publisher != null) {
        publisher.close();
      }
    } finally {
      if (hub != null) {
        hub.close();
      }
    }
  }

  @Override
  int rtmpPort() {
    return nodeRtmp;
  }

  @Override
  int httpPort() {
    return nodeHttp;
  }

  /** A fresh ticket from the hub for each viewer, as a real viewer gets one. */
  @Override
  String s1FlvTarget() throws Exception {
    URI location = URI.create(viewerLocation());
    assertThat(location.getPort()).as("%s", location).isEqualTo(nodeHttp);
    return location.getRawPath() + "?" + location.getRawQuery();
  }

  @Override
  boolean logged(String... parts) {
    return node.stderr().lines().anyMatch(l -> Arrays.stream(parts).allMatch(l::contains));
  }

  @Override
  HttpFlvViewer viewer() {
    return viewer;
  }

  @Test
  void publish_onTheNodesRtmpPort_refusedAndClosed() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(nodeRtmp).handshake()) {
      c.publish("k1"); // the hub's real key for s1: a node still takes no publishers
      List<String> codes =
          c.commandsUntilClosed(CLOSE_WITHIN).stream()
              .filter(m -> m.name().equals("onStatus"))
              .map(m -> ((AmfObject) m.argument(0)).string("code"))
              .toList();
      assertThat(codes).contains("NetStream.Publish.BadName");
      assertThat(codes).doesNotContain("NetStream.Publish.Start");
      awaitLog(c, "closing: publish refused: unknown stream key");
    }
    assertViewerPlays();
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void afterTheAttacks_nodeServesItsOneViewer_andLoggedNoErrors() {
    // The node reports its viewers to the hub each second: only the legitimate one is left.
    await().atMost(NODE_PATIENCE).until(() -> s1Health().filter(h -> h.viewers() == 1).isPresent());
    assertThat(s1Health().orElseThrow().state()).isEqualTo(StreamState.SERVING);
    assertThat(node.isAlive()).as("node: %s", node.stderr()).isTrue();
    assertThat(publisher.isAlive()).as("publisher: %s", publisher.stderr()).isTrue();
    // expected: pekko-http reports the aborted response of the viewer that was cut off
    assertThat(node.stderr().lines())
        .filteredOn(l -> l.contains(" ERROR ") && !l.contains("Aborting connection"))
        .as("unexpected errors in the node")
        .isEmpty();
  }

  private static MediaProcess startNode(String inviteCode) {
    return MediaProcess.start(
        dir,
        "node",
        List.of(
            "java",
            "-Xmx128m",
            "-Dstreamrp2p.node.rtmp.handshake-timeout=" + HANDSHAKE_TIMEOUT,
            "-Dstreamrp2p.node.live.viewer-bytes-max=" + VIEWER_BYTES_MAX,
            "-jar",
            JAR.toString(),
            "node",
            "--data-dir",
            dir.resolve("node").toString(),
            "--hub",
            hubUrl(),
            "--invite",
            inviteCode,
            "--http-port",
            String.valueOf(nodeHttp),
            "--rtmp-port",
            String.valueOf(nodeRtmp),
            "--capacity-mbps",
            "50"));
  }

  private static String invite() throws Exception {
    String operator = hub.hub().bootstrap().operatorToken().orElseThrow();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(hubUrl() + "/api/v1/invites"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + operator)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":\"s1\",\"ttlSeconds\":600}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("code").asText();
  }

  /** The node id the node saved at registration, once it printed it. */
  private static String awaitIdentity() {
    String marker = "registered as node ";
    await().atMost(NODE_PATIENCE).until(() -> node.stdout().contains(marker) || !node.isAlive());
    String out = node.stdout();
    assertThat(out).as("node: %s", node.stderr()).contains(marker);
    int at = out.indexOf(marker) + marker.length();
    return out.substring(at, out.indexOf(' ', at));
  }

  /** The node has a session, is reachable and reports s1 as serving. */
  private static void awaitServing() {
    await()
        .atMost(NODE_PATIENCE)
        .untilAsserted(
            () -> {
              Optional<NodeSessions.Live> s = hub.hub().nodes().sessions().find(nodeId);
              assertThat(s).as("session of %s", nodeId).isPresent();
              assertThat(s.get().reachable()).isTrue();
              assertThat(s1Health().map(StreamHealth::state)).contains(StreamState.SERVING);
            });
  }

  private static Optional<StreamHealth> s1Health() {
    return hub.hub().nodes().sessions().find(nodeId).stream()
        .flatMap(s -> s.lastHeartbeat().streams().stream())
        .filter(h -> h.stream().equals("s1"))
        .findFirst();
  }

  /** Asks the hub for s1 over HTTP-FLV and returns where it sends the viewer (with a ticket). */
  private static String viewerLocation() throws Exception {
    HttpResponse<Void> r =
        http.send(
            HttpRequest.newBuilder(URI.create(hubUrl() + "/live/s1.flv"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).as("hub answer to /live/s1.flv").isEqualTo(302);
    return r.headers().firstValue("Location").orElseThrow();
  }

  private static String hubUrl() {
    return "http://127.0.0.1:" + hub.httpPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
