package io.streamrp2p.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.hub.Hub;
import io.streamrp2p.hub.HubConfig;
import io.streamrp2p.hub.HubConfigLoader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.testing.FfTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish and load clients against an in-process hub, with ffprobe as the player. */
class LoadToolIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static ActorSystem system;
  private static Hub hub;
  private static Path fixture;

  @BeforeAll
  static void startHub() {
    Config config =
        HubConfigLoader.load(
            ConfigFactory.parseString(
                "pekko.remote.artery.canonical.port = 0\n"
                    + "streamrp2p.hub.rtmp.port = 0\n"
                    + "streamrp2p.hub.http.port = 0\n"
                    + "streamrp2p.hub.live.time-jitter = off\n"
                    + "streamrp2p.hub.streams { s1 = k1, s2 = k2, s3 = k3, s4 = k4 }\n"
                    + "streamrp2p.hub.data-dir = \""
                    + dir.resolve("data")
                    + "\""));
    system = ActorSystem.create("t", config);
    hub = Hub.start(system, HubConfig.from(config));
    fixture = FfTools.fixture("h264_aac.flv", dir);
  }

  @AfterAll
  static void stopHub() {
    hub.close();
    system.terminate();
  }

  @Test
  void publish_loopedFlv_playsAsH264AndAacOverHttpFlv() throws Exception {
    try (Background publishing = publish(MediaFiles.readFlv(fixture), "k1")) {
      String url = httpUrl("s1");
      FfTools.Result probe =
          await()
              .atMost(TIMEOUT)
              .until(
                  () ->
                      FfTools.ffprobe(
                          "-v",
                          "error",
                          "-show_entries",
                          "stream=codec_name,width,height",
                          "-of",
                          "csv=p=0",
                          url),
                  r -> r.exitCode() == 0 && r.stdout().contains("aac"));
      assertThat(probe.stdout()).contains("h264,640,360").contains("aac");
      publishing.assertHealthy();
    }
  }

  @Test
  void load_twentyViewersOfOwnPublisher_allConnectWithoutStalls() throws Exception {
    LoadPlan plan =
        new LoadPlan(
            URI.create(httpUrl("s2")),
            20,
            Duration.ofMillis(500),
            Duration.ofSeconds(3),
            fixture,
            rtmpUrl("k2"),
            true,
            Duration.ofSeconds(1),
            -1);

    LoadReport report = new LoadRun(plan).run();

    assertThat(report.failures()).isEmpty();
    assertThat(report.connected()).isEqualTo(20);
    assertThat(report.withFirstFrame()).isEqualTo(20);
    assertThat(report.stallFree()).isEqualTo(20);
    assertThat(report.latencySamples()).isPositive();
    assertThat(report.videoLatencyP50Ms())
        .isPositive()
        .isLessThanOrEqualTo(report.videoLatencyP99Ms());
    assertThat(report.throughputMBps()).isPositive();
    assertThat(report.targets())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.target()).isEqualTo(hubTarget());
              assertThat(t.viewers()).isEqualTo(20);
              assertThat(t.stallFree()).isEqualTo(20);
              assertThat(t.bytes()).isPositive();
              assertThat(t.sharePercent()).isEqualTo(100.0);
            });
  }

  /**
   * A stand-in for a hub that sends viewers on: every other viewer is sent straight to the real
   * hub, the others to a second path that sends them there again, relative the first time.
   */
  @Test
  void load_viewersRedirectedOnceOrTwice_allEndUpAtTheHub() throws Exception {
    HttpServer redirector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    String hub4 = httpUrl("s4");
    redirector.createContext(
        "/live/s4.flv",
        x -> redirect(x, first.getAndIncrement() % 2 == 0 ? hub4 : "/hop/s4.flv?via=hop"));
    redirector.createContext(
        "/hop/s4.flv",
        x -> {
          String query = x.getRequestURI().getRawQuery();
          second.addAndGet("via=hop".equals(query) ? 1 : 1000); // the relative Location's query
          redirect(x, hub4 + "?" + query);
        });
    redirector.start();
    try {
      int port = redirector.getAddress().getPort();
      LoadPlan plan =
          new LoadPlan(
              URI.create("http://127.0.0.1:" + port + "/live/s4.flv"),
              10,
              Duration.ofMillis(500),
              Duration.ofSeconds(2),
              fixture,
              rtmpUrl("k4"),
              true,
              Duration.ofSeconds(1),
              -1);

      LoadReport report = new LoadRun(plan).run();

      assertThat(report.failures()).isEmpty();
      assertThat(first.get()).isEqualTo(10);
      assertThat(second.get()).isEqualTo(5);
      assertThat(report.connected()).isEqualTo(10);
      assertThat(report.withFirstFrame()).isEqualTo(10);
      assertThat(report.targets())
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.target()).isEqualTo(hubTarget());
                assertThat(t.viewers()).isEqualTo(10);
                assertThat(t.sharePercent()).isEqualTo(100.0);
              });
      assertThat(report.toText()).containsPattern(hubTarget() + " +10 +\\d+ +[0-9.]+ +100\\.0 %");
      assertThat(report.toJson())
          .contains("\"targets\":[{\"target\":\"" + hubTarget() + "\",\"viewers\":10,");
    } finally {
      redirector.stop(0);
    }
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(302, -1);
    }
  }

  @Test
  void publish_hevcAnnexB_viewersReceiveEnhancedKeyframes() throws Exception {
    Path h265 = dir.resolve("x.h265");
    FfTools.ffmpeg(
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=30",
            "-t",
            "2",
            "-c:v",
            "libx265",
            "-x265-params",
            "keyint=30:bframes=0:log-level=error",
            "-f",
            "hevc",
            h265.toString())
        .requireSuccess();
    List<FlvTag> tags = MediaFiles.readHevcAnnexB(h265, 30);
    assertThat(tags.get(0).body()[0] & 0xFF).isEqualTo(0x90); // Ex header, key, SequenceStart

    try (Background publishing = publish(tags, "k3")) {
      LoadPlan plan =
          new LoadPlan(
              URI.create(httpUrl("s3")),
              2,
              Duration.ZERO,
              Duration.ofSeconds(2),
              null,
              null,
              false,
              Duration.ZERO,
              -1);
      LoadReport report = new LoadRun(plan).run();
      assertThat(report.withFirstFrame()).isEqualTo(2);
      publishing.assertHealthy();
    }
  }

  @Test
  void open_wrongStreamKey_failsWithTheServersReason() {
    assertThatThrownBy(() -> RtmpPublisher.open(rtmpUrl("wrong"), TIMEOUT).close())
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("NetStream.Publish.BadName")
        .hasMessageContaining("unknown stream key");
  }

  private static String httpUrl(String stream) {
    return "http://127.0.0.1:" + hub.httpAddress().getPort() + "/live/" + stream + ".flv";
  }

  private static String hubTarget() {
    return "127.0.0.1:" + hub.httpAddress().getPort();
  }

  private static RtmpUrl rtmpUrl(String key) {
    return RtmpUrl.parse("rtmp://127.0.0.1:" + hub.rtmpAddress().getPort() + "/live/" + key);
  }

  /** Publishes {@code tags} in a loop on a thread until closed. */
  private static Background publish(List<FlvTag> tags, String key) throws IOException {
    RtmpPublisher publisher = RtmpPublisher.open(rtmpUrl(key), TIMEOUT);
    Background b = new Background();
    b.thread =
        new Thread(
            () -> {
              try (publisher) {
                PacedPublishing.run(tags, true, publisher::send, (t, ts, n) -> {}, b.stop::get);
              } catch (IOException | InterruptedException | RuntimeException e) {
                b.error.set(e);
              }
            },
            "test-publisher");
    b.thread.start();
    return b;
  }

  private static final class Background implements AutoCloseable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<Exception> error = new AtomicReference<>();
    Thread thread;

    void assertHealthy() {
      assertThat(error.get()).isNull();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(TIMEOUT.toMillis());
    }
  }
}
