package io.streamrp2p.media.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.media.live.LiveSettings;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.media.live.StreamDirectory;
import io.streamrp2p.media.live.ViewerGate;
import io.streamrp2p.media.testing.TestDirectory;
import io.streamrp2p.media.testing.TestPublisher;
import io.streamrp2p.protocol.flv.FlvTag;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HLS on demand, as a friend node runs it: nothing segmented until asked, freed when idle. */
class HlsOnDemandTest {
  private static final Duration IDLE = Duration.ofSeconds(60);
  private static ActorSystem system;
  private static LiveStreams streams;
  private static HlsService hls;
  private static ServerBinding binding;
  private static final HttpClient client = HttpClient.newHttpClient();

  /** 3 s of H.264 640x360 25 fps (a keyframe each second) and AAC. */
  private static final List<FlvTag> FIXTURE = HlsSegmenterTest.readFixture();

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create("hls-on-demand");
    StreamDirectory directory = TestDirectory.knowing(n -> false);
    streams =
        new LiveStreams(
            directory, ViewerGate.OPEN, LiveSettings.defaults(), Clock.systemUTC(), system);
    hls =
        new HlsService(new HlsSettings(Duration.ofSeconds(1), 3, 32 << 20, IDLE), streams, system);
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(Directives.pathPrefix("live", hls::route))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    binding.unbind();
    TestKit.shutdownActorSystem(system);
  }

  private static CompletableFuture<HttpResponse<String>> get(String path) {
    URI uri = URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
    return client.sendAsync(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void liveStream_segmentedFromTheFirstRequestWhichWaitsForTheFirstSegment_freedWhenIdle()
      throws Exception {
    TestPublisher p = new TestPublisher();
    LiveStream s = streams.open("show");
    assertThat(streams.claim(s, p)).isNull();
    publish(s, p, 0);
    assertThat(hls.segmenting()).doesNotContain("show");

    // The first request starts the segmenter at the newest keyframe; its answer waits for the
    // first segment, cut at a keyframe of the media published after it.
    CompletableFuture<HttpResponse<String>> first = get("/live/show/index.m3u8?t=abc");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> hls.segmenting().contains("show"));
    assertThat(first).isNotDone();
    publish(s, p, 3000);
    HttpResponse<String> playlist = first.get(20, TimeUnit.SECONDS);
    assertThat(playlist.statusCode()).isEqualTo(200);
    assertThat(playlist.body()).startsWith("#EXTM3U").contains("#EXTINF:");
    String segment =
        playlist.body().lines().filter(l -> l.endsWith(".ts?t=abc")).findFirst().orElseThrow();
    assertThat(get("/live/show/" + segment).get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    // Asked for within the idle time: kept. Not asked for: stopped, and its segments go.
    hls.stopIdle(System.nanoTime() + IDLE.toNanos() / 2);
    assertThat(hls.segmenting()).contains("show");
    hls.stopIdle(System.nanoTime() + IDLE.toNanos());
    assertThat(hls.segmenting()).doesNotContain("show");
    HttpResponse<String> gone = get("/live/show/" + segment).get(20, TimeUnit.SECONDS);
    assertThat(gone.statusCode()).isEqualTo(404);
    s.end("test over");
  }

  @Test
  void liveStreamWithoutMedia_firstRequestAnswered404AfterItsWait() throws Exception {
    TestPublisher p = new TestPublisher();
    LiveStream s = streams.open("quiet");
    assertThat(streams.claim(s, p)).isNull();
    long started = System.nanoTime();
    HttpResponse<String> r = get("/live/quiet/index.m3u8").get(20, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("no HLS playlist for quiet yet");
    assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofSeconds(3).toNanos());
    s.end("test over");
  }

  private static void publish(LiveStream s, TestPublisher p, long offsetMs) {
    for (FlvTag t : FIXTURE) {
      MediaTag.Kind kind =
          t.isVideo()
              ? MediaTag.Kind.VIDEO
              : t.isAudio() ? MediaTag.Kind.AUDIO : MediaTag.Kind.DATA;
      s.publish(p, kind, t.timestamp() + offsetMs, t.body());
    }
  }
}
