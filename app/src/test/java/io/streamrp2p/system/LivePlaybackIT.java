package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real encoder publishes 720p30 H.264 + AAC over RTMP and real players read it back over each
 * play protocol: what they get must decode without a single error and describe the same media.
 */
class LivePlaybackIT {
  /** Seconds each player decodes: five GOPs, long enough to cross keyframes and A/V interleave. */
  private static final int PLAY_SECONDS = 10;

  @TempDir static Path dir;
  private static TestHub hub;
  private static MediaProcess publisher;

  @BeforeAll
  static void startHubAndPublisher() {
    hub = TestHub.start(dir.resolve("hub"));
    publisher = MediaProcess.ffmpegPublisher(dir, hub.rtmpUrl("k1"), 1280, 720, "3M");
    await().atMost(TestHub.PATIENCE).until(() -> hub.isLive("s1", 60));
  }

  @AfterAll
  static void stop() {
    try {
      if (publisher != null) {
        publisher.close();
      }
    } finally {
      if (hub != null) {
        hub.close();
      }
    }
  }

  @Test
  void httpFlv_livePublisher_decodesWithoutErrorsAsH264AndAac() throws Exception {
    checkPlayback(hub.flvUrl("s1"));
  }

  @Test
  void rtmpPlay_livePublisher_decodesWithoutErrorsAsH264AndAac() throws Exception {
    checkPlayback(hub.rtmpUrl("s1"));
  }

  @Test
  void hls_livePublisher_decodesWithoutErrorsAsH264AndAac() throws Exception {
    String url = hub.flvUrl("s1").replace("s1.flv", "s1/index.m3u8");
    HttpClient http = HttpClient.newHttpClient();
    // The playlist appears once the first segment (2 s) is complete.
    await()
        .atMost(TestHub.PATIENCE)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("#EXTINF"));
    checkPlayback(url);
  }

  private void checkPlayback(String url) throws Exception {
    try (MediaProcess player = MediaProcess.ffmpegPlayer(dir, url, PLAY_SECONDS);
        MediaProcess probe = MediaProcess.ffprobe(dir, url)) {
      assertThat(probe.awaitExit()).as("ffprobe exit; stderr: %s", probe.stderr()).isZero();
      assertMedia(probe.stdout());
      assertThat(player.awaitExit()).as("ffmpeg exit; stderr: %s", player.stderr()).isZero();
      assertThat(player.stderr()).as("ffmpeg decode errors").isEmpty();
    }
    assertThat(publisher.isAlive()).as("publisher; stderr: %s", publisher.stderr()).isTrue();
  }

  private static void assertMedia(String probeJson) throws Exception {
    JsonNode streams = new ObjectMapper().readTree(probeJson).path("streams");
    JsonNode video = null;
    JsonNode audio = null;
    for (JsonNode s : streams) {
      if ("video".equals(s.path("codec_type").asText())) {
        video = s;
      } else if ("audio".equals(s.path("codec_type").asText())) {
        audio = s;
      }
    }
    assertThat(video).as("video stream in %s", probeJson).isNotNull();
    assertThat(audio).as("audio stream in %s", probeJson).isNotNull();
    assertThat(video.path("codec_name").asText()).isEqualTo("h264");
    assertThat(video.path("width").asInt()).isEqualTo(1280);
    assertThat(video.path("height").asInt()).isEqualTo(720);
    assertThat(frameRate(video.path("r_frame_rate").asText())).isBetween(29.0, 31.0);
    assertThat(audio.path("codec_name").asText()).isEqualTo("aac");
  }

  private static double frameRate(String ratio) {
    String[] p = ratio.split("/");
    return Double.parseDouble(p[0]) / (p.length > 1 ? Double.parseDouble(p[1]) : 1);
  }
}
