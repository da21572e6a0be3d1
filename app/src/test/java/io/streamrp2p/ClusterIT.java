package io.streamrp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.hub.Hub;
import io.streamrp2p.hub.HubConfig;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three hub members on loopback: A and B in this JVM (their counters are asserted), C as its own
 * process from the built executable, so that killing it is a real kill -9. ffmpeg publishes to A;
 * ffprobe plays from B and C. The steps build on each other and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final String STREAM = "demo";
  private static final String KEY = "sk_cluster_it";
  private static final Duration CONVERGE = Duration.ofSeconds(45);
  private static final Path JAR = Path.of("target", "streamrp2p.jar");

  private Path dir;
  private ActorSystem systemA;
  private ActorSystem systemB;
  private Hub a;
  private Hub b;
  private Process c;
  private int cHttpPort;
  private int cManagementPort;
  private int aManagementPort;
  private Process ffmpeg;
  private Database db;
  private String operatorToken;
  private final Map<String, String> createdStreams = new HashMap<>();
  private final List<String> createdNodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startCluster() throws IOException {
    dir = Files.createDirectories(Path.of("target", "cluster-it"));
    db = TestDatabases.freshPostgres(); // every member's entities share one journal
    aManagementPort = freePort();
    systemA = ActorSystem.create("streamrp2p", memberConfig("a", aManagementPort, ""));
    a = Hub.start(systemA, HubConfig.from(systemA.settings().config()));
    operatorToken = a.bootstrap().operatorToken().orElseThrow();
    String seed = Cluster.get(systemA).selfAddress().toString();
    systemB = ActorSystem.create("streamrp2p", memberConfig("b", freePort(), seed));
    b = Hub.start(systemB, HubConfig.from(systemB.settings().config()));
    c = startProcessMember(seed);
  }

  @AfterAll
  void stop() {
    if (ffmpeg != null) {
      ffmpeg.destroyForcibly();
    }
    if (c != null) {
      c.destroyForcibly();
    }
    for (ActorSystem s : new ActorSystem[] {systemA, systemB}) {
      if (s != null) {
        s.terminate();
        s.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
      }
    }
    if (db != null) {
      TestDatabases.drop(db);
    }
  }

  @Test
  @Order(1)
  void start_threeMembers_allUpAndManagementReady() throws Exception {
    await().atMost(CONVERGE).until(() -> upMembers(systemA) == 3 && upMembers(systemB) == 3);
    String members = get("http://127.0.0.1:" + aManagementPort + "/cluster/members");
    assertThat(members)
        .contains("\"status\":\"Up\"")
        .contains(Cluster.get(systemB).selfAddress().toString());
    await()
        .atMost(CONVERGE)
        .until(() -> status("http://127.0.0.1:" + cManagementPort + "/ready") == 200);
    assertThat(status("http://127.0.0.1:" + aManagementPort + "/alive")).isEqualTo(200);
  }

  @Test
  @Order(2)
  void publishToA_ffprobeOnBAndC_decodesH264AndAac() throws Exception {
    ffmpeg =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=30",
                "-f",
                "lavfi",
                "-i",
                "sine",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-g",
                "60",
                "-c:a",
                "aac",
                "-f",
                "flv",
                "rtmp://127.0.0.1:" + a.rtmpAddress().getPort() + "/live/" + KEY)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ffmpeg.log").toFile())
            .start();
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                a.streams()
                    .find(STREAM)
                    .map(s -> s.state() == LiveStream.State.LIVE && s.videoHeader() != null)
                    .orElse(false));

    assertThat(ffprobe(b.httpAddress().getPort()))
        .contains("codec_name=h264", "width=640", "height=360", "codec_name=aac");
    assertThat(ffprobe(cHttpPort))
        .contains("codec_name=h264", "width=640", "height=360", "codec_name=aac");
    // HLS on a member that never saw the stream: the first playlist request opens the relay.
    String hls =
        "http://127.0.0.1:" + b.httpAddress().getPort() + "/live/" + STREAM + "/index.m3u8";
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> ffprobeUrl(hls).contains("codec_name=h264"));
  }

  @Test
  @Order(3)
  void twentyViewersOnB_aServesOneRelayToB() throws Exception {
    // The short ffprobe sessions left no viewers: their relays stop after the idle timeout.
    await().atMost(CONVERGE).until(() -> a.cluster().relays().relaysServed(STREAM) == 0);
    long startedBefore = b.cluster().relays().relaysStarted();
    List<AtomicLong> received = new ArrayList<>();
    ExecutorService viewers = Executors.newFixedThreadPool(20);
    try {
      for (int i = 0; i < 20; i++) {
        AtomicLong bytes = new AtomicLong();
        received.add(bytes);
        viewers.submit(() -> watch(b.httpAddress().getPort(), bytes));
      }
      // Joining viewers may first get B's cached tags; then the relay must carry the live ones.
      await()
          .atMost(CONVERGE)
          .until(
              () ->
                  b.cluster().relays().relaying(STREAM)
                      && b.streams().find(STREAM).map(LiveStream::viewers).orElse(0) == 20);
      long[] before = received.stream().mapToLong(AtomicLong::get).toArray();
      await()
          .atMost(CONVERGE)
          .until(
              () ->
                  java.util.stream.IntStream.range(0, 20)
                      .allMatch(i -> received.get(i).get() > before[i] + 100_000));
      assertThat(a.cluster().relays().relaysServed(STREAM)).isEqualTo(1);
      assertThat(b.cluster().relays().relaysStarted() - startedBefore).isEqualTo(1);
      assertThat(a.streams().find(STREAM).orElseThrow().viewers()).isEqualTo(1);
      assertThat(b.streams().find(STREAM).orElseThrow().viewers()).isEqualTo(20);
    } finally {
      viewers.shutdownNow();
      viewers.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(4)
  void createEntitiesOnC_killC_allAnswerFromOtherMembersWithStateIntact() throws Exception {
    String onC = "http://127.0.0.1:" + cHttpPort;
    for (int i = 0; i < 100; i++) {
      String name = "s" + i;
      String body =
          post(
              onC + "/api/v1/streams",
              "{\"name\":\"" + name + "\",\"rewardRateMicrosPerGb\":" + (1000 + i) + "}",
              201);
      createdStreams.put(name, body);
    }
    for (int i = 0; i < 30; i++) {
      String invite = post(onC + "/api/v1/invites", "{\"ttlSeconds\":3600}", 201);
      String code = invite.replaceAll(".*\"code\":\"([^\"]+)\".*", "$1");
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      String key = Ed25519Keys.encodePublicKey(pair.getPublic());
      // The node proves it holds the key: its signature over the invite, the key and this hub.
      String proof =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  NodeProof.sign(
                      pair.getPrivate(),
                      NodeProof.registrationNonce(code),
                      key,
                      NodeProof.origin(onC)));
      String node =
          post(
              onC + "/api/v1/nodes",
              "{\"inviteCode\":\""
                  + code
                  + "\",\"publicKey\":\""
                  + key
                  + "\",\"publicUrl\":\"https://node"
                  + i
                  + ".example.org\",\"proof\":\""
                  + proof
                  + "\"}",
              201);
      createdNodes.add(node.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
    }

    // The first member and the one that joined last both host Stream shards (each member's
    // management lists its own region's shards).
    for (int port : new int[] {aManagementPort, cManagementPort}) {
      String shards = get("http://127.0.0.1:" + port + "/cluster/shards/Stream");
      assertThat(shards).as("shards on management port %d", port).contains("\"shardId\"");
    }

    c.destroyForcibly(); // SIGKILL: no leave, no handoff; its shards move to A and B
    c.waitFor(10, TimeUnit.SECONDS);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                memberCount(systemA) == 2
                    && memberCount(systemB) == 2
                    && upMembers(systemA) == 2
                    && Cluster.get(systemA).state().getUnreachable().isEmpty());

    String onB = "http://127.0.0.1:" + b.httpAddress().getPort();
    for (int i = 0; i < 100; i++) {
      String got = get(onB + "/api/v1/streams/s" + i, 200);
      assertThat(got)
          .contains(
              "\"name\":\"s" + i + "\"",
              "\"owner\":\"operator\"",
              "\"rewardRateMicrosPerGb\":" + (1000 + i));
    }
    String nodes = get(onB + "/api/v1/nodes", 200);
    for (int i = 0; i < 30; i++) {
      assertThat(nodes).contains(createdNodes.get(i), "https://node" + i + ".example.org");
    }
  }

  @Test
  @Order(5)
  void killNonIngestMember_splitBrainResolverDownsIt_othersStillServe() throws Exception {
    // C was killed in the previous step; A and B still serve the stream ingested on A.
    assertThat(ffprobe(b.httpAddress().getPort()))
        .contains("codec_name=h264", "width=640", "height=360", "codec_name=aac");
  }

  @Test
  @Order(6)
  void coordinatedShutdownOfIngestMember_publisherClosed_memberRemoved() throws Exception {
    CoordinatedShutdown.get(systemA)
        .runAll(CoordinatedShutdown.unknownReason())
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    assertThat(ffmpeg.waitFor(20, TimeUnit.SECONDS)).as("ffmpeg disconnected").isTrue();
    await().atMost(CONVERGE).until(() -> memberCount(systemB) == 1 && upMembers(systemB) == 1);
    assertThat(a.streams().find(STREAM)).isEmpty();
  }

  private Config memberConfig(String name, int managementPort, String seeds) {
    Map<String, Object> m = new HashMap<>();
    m.put("pekko.remote.artery.canonical.port", 0);
    m.put("pekko.management.http.port", managementPort);
    m.put("streamrp2p.hub.cluster.management", true);
    m.put("pekko.cluster.split-brain-resolver.stable-after", "2s");
    m.put("streamrp2p.hub.cluster.seed-nodes", seeds);
    m.put("streamrp2p.hub.cluster.relay.idle-timeout", "2s");
    m.put("streamrp2p.hub.live.reconnect-grace", "3s");
    m.put("streamrp2p.hub.rtmp.port", 0);
    m.put("streamrp2p.hub.http.port", 0);
    m.put("streamrp2p.hub.data-dir", dir.resolve(name).toString());
    m.put("streamrp2p.hub.streams." + STREAM, KEY);
    m.put("streamrp2p.db.url", db.url());
    m.put("streamrp2p.db.user", db.user());
    return ConfigFactory.parseMap(m).withFallback(HubCommand.load(null));
  }

  private Process startProcessMember(String seed) throws IOException {
    assertThat(JAR).as("the executable is built by the package phase").exists();
    cHttpPort = freePort();
    cManagementPort = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
            "java",
            "-Xmx256m",
            "-Dstreamrp2p.hub.streams." + STREAM + "=" + KEY,
            "-Dstreamrp2p.hub.cluster.relay.idle-timeout=2s",
            "-jar",
            JAR.toString(),
            "hub");
    Map<String, String> env = pb.environment();
    env.put("STREAMRP2P_HTTP_PORT", Integer.toString(cHttpPort));
    env.put("STREAMRP2P_RTMP_PORT", Integer.toString(freePort()));
    env.put("STREAMRP2P_CLUSTER_PORT", Integer.toString(freePort()));
    env.put("STREAMRP2P_MANAGEMENT_PORT", Integer.toString(cManagementPort));
    env.put("STREAMRP2P_SEED_NODES", seed);
    env.put("STREAMRP2P_SBR_STABLE_AFTER", "2s");
    env.put("STREAMRP2P_DATA_DIR", dir.resolve("c").toString());
    env.put("STREAMRP2P_DB_URL", db.url());
    env.put("STREAMRP2P_DB_USER", db.user());
    return pb.redirectErrorStream(true).redirectOutput(dir.resolve("c.log").toFile()).start();
  }

  private String ffprobe(int httpPort) throws Exception {
    return ffprobeUrl("http://127.0.0.1:" + httpPort + "/live/" + STREAM + ".flv");
  }

  private String ffprobeUrl(String url) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-rw_timeout",
                "20000000",
                "-show_entries",
                "stream=codec_name,width,height",
                "-of",
                "default=nw=1",
                url)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private void watch(int httpPort, AtomicLong bytes) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + httpPort + "/live/" + STREAM + ".flv"))
              .build();
      try (InputStream in = http.send(req, HttpResponse.BodyHandlers.ofInputStream()).body()) {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0 && !Thread.currentThread().isInterrupted()) {
          bytes.addAndGet(n);
        }
      }
    } catch (IOException | InterruptedException e) {
      // the test ended the viewer
    }
  }

  private String post(String url, String json, int expectedStatus) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + operatorToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST %s: %s", url, r.body()).isEqualTo(expectedStatus);
    return r.body();
  }

  private String get(String url, int expectedStatus) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + operatorToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(expectedStatus);
    return r.body();
  }

  private String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long upMembers(ActorSystem system) {
    return members(system).stream().filter(m -> m.status() == MemberStatus.up()).count();
  }

  private static long memberCount(ActorSystem system) {
    return members(system).size();
  }

  private static List<Member> members(ActorSystem system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
