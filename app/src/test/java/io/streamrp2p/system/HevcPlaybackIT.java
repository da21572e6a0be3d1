package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.hub.Hub;
import io.streamrp2p.hub.HubConfig;
import io.streamrp2p.hub.HubConfigLoader;
import io.streamrp2p.protocol.codec.NalUnit;
import io.streamrp2p.protocol.codec.Nalus;
import io.streamrp2p.protocol.codec.aac.Adts;
import io.streamrp2p.protocol.codec.aac.AudioSpecificConfig;
import io.streamrp2p.protocol.codec.hevc.HevcDecoderConfigurationRecord;
import io.streamrp2p.protocol.flv.AudioTagHeader;
import io.streamrp2p.protocol.flv.FlvReader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.FlvUnit;
import io.streamrp2p.protocol.flv.VideoTagHeader;
import io.streamrp2p.protocol.testing.FfTools;
import io.streamrp2p.tools.MediaFiles;
import io.streamrp2p.tools.PacedPublishing;
import io.streamrp2p.tools.RtmpPublisher;
import io.streamrp2p.tools.RtmpUrl;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEVC from the project's own publisher (Enhanced RTMP, FourCC hvc1) with AAC. ffmpeg 5.1 cannot
 * read HEVC in FLV, so HTTP-FLV is checked by unpacking what the hub sends into an Annex B stream
 * and ADTS, which ffmpeg decodes; HLS is decoded by ffmpeg directly.
 */
class HevcPlaybackIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static ActorSystem system;
  private static Hub hub;
  private static final AtomicBoolean stop = new AtomicBoolean();
  private static Thread publisher;

  @BeforeAll
  static void startHubAndPublish() throws Exception {
    Config config =
        HubConfigLoader.load(
            ConfigFactory.parseString(
                "pekko.remote.artery.canonical.port = 0\n"
                    + "streamrp2p.hub { rtmp.port = 0, http.port = 0, streams { hevc = hk }\n"
                    + "data-dir = \""
                    + dir.resolve("data")
                    + "\" }"));
    system = ActorSystem.create("hevc", config);
    hub = Hub.start(system, HubConfig.from(config));

    Path video = dir.resolve("v.h265");
    Path audio = dir.resolve("a.aac");
    FfTools.ffmpeg(
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=1280x720:rate=30",
            "-t",
            "4",
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-x265-params",
            "log-level=error:keyint=30:bframes=0",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "hevc",
            video.toString())
        .requireSuccess();
    FfTools.ffmpeg(
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=44100",
            "-t",
            "4",
            "-ac",
            "2",
            "-c:a",
            "aac",
            "-f",
            "adts",
            audio.toString())
        .requireSuccess();
    List<FlvTag> tags =
        MediaFiles.interleave(MediaFiles.readHevcAnnexB(video, 30), MediaFiles.readAdts(audio));
    RtmpPublisher rtmp =
        RtmpPublisher.open(
            RtmpUrl.parse("rtmp://127.0.0.1:" + hub.rtmpAddress().getPort() + "/live/hk"),
            Duration.ofSeconds(10));
    publisher =
        new Thread(
            () -> {
              try (rtmp) {
                PacedPublishing.run(tags, true, rtmp::send, (t, ts, n) -> {}, stop::get);
              } catch (Exception e) {
                // the test's assertions report a publisher that stopped early
              }
            },
            "hevc-publisher");
    publisher.start();
  }

  @AfterAll
  static void stopAll() throws Exception {
    stop.set(true);
    if (publisher != null) {
      publisher.join(10_000);
    }
    if (hub != null) {
      hub.close();
    }
    if (system != null) {
      system.terminate();
    }
  }

  @Test
  void hls_hevcPublish_decodesCleanlyAsHevc720pWithAac() {
    String url = "http://127.0.0.1:" + hub.httpAddress().getPort() + "/live/hevc/index.m3u8";
    HttpClient http = HttpClient.newHttpClient();
    Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body()
                        .split("#EXTINF")
                        .length
                    > 2);

    FfTools.Result decode = FfTools.ffmpeg("-v", "error", "-i", url, "-t", "10", "-f", "null", "-");
    assertThat(decode.exitCode()).isZero();
    assertThat(decode.stderr()).isEmpty();
    String probe =
        FfTools.ffprobe(
                "-v",
                "error",
                "-show_entries",
                "stream=codec_name,width,height,r_frame_rate,sample_rate",
                "-of",
                "default=noprint_wrappers=1",
                url)
            .requireSuccess()
            .stdout();
    assertThat(probe)
        .contains(
            "codec_name=hevc",
            "width=1280",
            "height=720",
            "r_frame_rate=30/1",
            "codec_name=aac",
            "sample_rate=44100");
  }

  @Test
  void httpFlv_hevcPublish_carriesEnhancedHevcThatDecodesCleanly() throws Exception {
    List<FlvTag> tags =
        readFlv("http://127.0.0.1:" + hub.httpAddress().getPort() + "/live/hevc.flv", 5_000);
    VideoTagHeader first = null;
    HevcDecoderConfigurationRecord hvcc = null;
    AudioSpecificConfig asc = null;
    ByteArrayOutputStream annexB = new ByteArrayOutputStream();
    ByteArrayOutputStream adts = new ByteArrayOutputStream();
    for (FlvTag t : tags) {
      byte[] b = t.body();
      if (t.isVideo()) {
        VideoTagHeader h = VideoTagHeader.decode(b);
        first = first == null ? h : first;
        int at = h.headerLength();
        if (h.isSequenceHeader()) {
          hvcc = HevcDecoderConfigurationRecord.parse(b, at, b.length - at);
          List<byte[]> sets = new ArrayList<>(hvcc.vps());
          sets.addAll(hvcc.sps());
          sets.addAll(hvcc.pps());
          annexB.write(Nalus.writeAnnexB(sets));
        } else if (h.isCodedFrames() && hvcc != null) {
          List<byte[]> units =
              Nalus.splitLengthPrefixed(b, at, b.length - at, hvcc.lengthSize()).stream()
                  .map(NalUnit::toArray)
                  .toList();
          annexB.write(Nalus.writeAnnexB(units));
        }
      } else if (t.isAudio()) {
        AudioTagHeader h = AudioTagHeader.decode(b);
        int at = h.headerLength();
        if (h.packetType() == AudioTagHeader.AAC_SEQUENCE_HEADER) {
          asc = AudioSpecificConfig.parse(b, at, b.length - at);
        } else if (asc != null) {
          adts.write(Adts.header(asc, b.length - at));
          adts.write(b, at, b.length - at);
        }
      }
    }
    assertThat(first).isNotNull();
    assertThat(first.exHeader()).isTrue();
    assertThat(first.fourCc()).isEqualTo(VideoTagHeader.FOURCC_HVC1);
    assertThat(first.isSequenceHeader()).isTrue();

    Path video = dir.resolve("from-flv.h265");
    Path audio = dir.resolve("from-flv.aac");
    Files.write(video, annexB.toByteArray());
    Files.write(audio, adts.toByteArray());
    for (Path p : List.of(video, audio)) {
      FfTools.Result decode = FfTools.ffmpeg("-v", "error", "-i", p.toString(), "-f", "null", "-");
      assertThat(decode.exitCode()).isZero();
      assertThat(decode.stderr()).as("decoding %s", p).isEmpty();
    }
    assertThat(FfTools.probeJson(video, "-show_streams").stdout())
        .contains("\"codec_name\": \"hevc\"", "\"width\": 1280", "\"height\": 720");
    assertThat(FfTools.probeJson(audio, "-show_streams").stdout())
        .contains("\"codec_name\": \"aac\"", "\"sample_rate\": \"44100\"");
  }

  /** Reads HTTP-FLV tags until the video spans {@code spanMs} after its first frame. */
  private static List<FlvTag> readFlv(String url, long spanMs) throws Exception {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    FlvReader reader = new FlvReader();
    ByteBuffer buf = ByteBuffer.allocate(8 << 20);
    List<FlvTag> tags = new ArrayList<>();
    long firstVideo = -1;
    try (InputStream in = response.body()) {
      byte[] chunk = new byte[64 * 1024];
      while (true) {
        int n = in.read(chunk);
        assertThat(n).as("the stream ended early").isPositive();
        buf.put(chunk, 0, n).flip();
        for (FlvUnit u = reader.poll(buf); u != null; u = reader.poll(buf)) {
          if (u instanceof FlvTag t) {
            tags.add(t);
            if (t.isVideo()) {
              firstVideo = firstVideo < 0 ? t.timestamp() : firstVideo;
              if (t.timestamp() - firstVideo >= spanMs) {
                return tags;
              }
            }
          }
        }
        buf.compact();
      }
    }
  }
}
