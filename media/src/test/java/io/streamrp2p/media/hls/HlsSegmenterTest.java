package io.streamrp2p.media.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.protocol.flv.AudioTagHeader;
import io.streamrp2p.protocol.flv.FlvReader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.FlvUnit;
import io.streamrp2p.protocol.flv.VideoTagHeader;
import io.streamrp2p.protocol.testing.FfTools;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlsSegmenterTest {
  /** The fixture: 3 s of H.264 640x360 25 fps (keyframe every 25 frames) and AAC. */
  private static final List<FlvTag> FIXTURE = readFixture();

  @TempDir Path dir;

  @Test
  void onTag_fixture_segmentsDecodeCleanlyWithFfmpeg() throws Exception {
    HlsSegmenter seg = new HlsSegmenter("t", 1000, 6, 32 << 20);
    feed(seg, 0, 1);
    seg.end();
    Path playlist = write(seg.snapshot());

    String text = Files.readString(playlist);
    assertThat(text)
        .contains(
            "#EXT-X-TARGETDURATION:1",
            "#EXT-X-MEDIA-SEQUENCE:0",
            "t-0.ts",
            "t-1.ts",
            "t-2.ts",
            "#EXT-X-ENDLIST");
    FfTools.Result decode =
        FfTools.ffmpeg("-v", "error", "-i", playlist.toString(), "-f", "null", "-");
    assertThat(decode.exitCode()).isZero();
    assertThat(decode.stderr()).isEmpty();
    String probe =
        FfTools.ffprobe(
                "-v",
                "error",
                "-show_entries",
                "stream=codec_name,width,height,sample_rate:format=duration",
                "-of",
                "default=noprint_wrappers=1",
                playlist.toString())
            .requireSuccess()
            .stdout();
    assertThat(probe)
        .contains(
            "codec_name=h264", "width=640", "height=360", "codec_name=aac", "sample_rate=44100");
    double duration = Double.parseDouble(probe.replaceAll("(?s).*duration=([0-9.]+).*", "$1"));
    assertThat(duration).isBetween(2.9, 3.2);
  }

  @Test
  void onTag_aacFrames_ptsStepByTheFrameDurationNotByRoundedMilliseconds() throws Exception {
    HlsSegmenter seg = new HlsSegmenter("t", 1000, 6, 32 << 20);
    feed(seg, 0, 1);
    seg.end();
    write(seg.snapshot());

    for (String segment : List.of("t-0.ts", "t-1.ts", "t-2.ts")) {
      List<Long> pts =
          FfTools.ffprobe(
                  "-v",
                  "error",
                  "-select_streams",
                  "a",
                  "-show_entries",
                  "packet=pts",
                  "-of",
                  "csv=p=0",
                  dir.resolve(segment).toString())
              .requireSuccess()
              .stdout()
              .lines()
              .filter(l -> !l.isBlank())
              .map(l -> Long.parseLong(l.split(",")[0]))
              .toList();
      assertThat(pts).hasSizeGreaterThan(20);
      for (int i = 1; i < pts.size(); i++) {
        // 1024 samples at 44.1 kHz = 2089.8 ticks of 90 kHz; the FLV's whole milliseconds
        // would give steps of 2070 (23 ms) and 2160 (24 ms).
        assertThat(pts.get(i) - pts.get(i - 1))
            .as("%s audio packet %d", segment, i)
            .isBetween(2089L, 2090L);
      }
    }
  }

  @Test
  void onTag_publisherReconnect_marksDiscontinuityAndKeepsSequence() throws Exception {
    HlsSegmenter seg = new HlsSegmenter("t", 1000, 10, 32 << 20);
    feed(seg, 0, 1);
    feed(seg, 3100, 2); // the same encoder reconnected: a new session on the same timeline
    seg.end();
    String text = seg.snapshot().playlist();

    assertThat(text).contains("#EXT-X-DISCONTINUITY\n#EXTINF");
    assertThat(text.indexOf("#EXT-X-DISCONTINUITY\n")).isGreaterThan(text.indexOf("t-2.ts"));
    assertThat(text).contains("t-5.ts", "#EXT-X-MEDIA-SEQUENCE:0");
    Path playlist = write(seg.snapshot());
    FfTools.Result decode =
        FfTools.ffmpeg("-v", "error", "-i", playlist.toString(), "-f", "null", "-");
    assertThat(decode.stderr()).isEmpty();
  }

  @Test
  void onTag_windowFull_slidesAndDropsOldSegments() {
    HlsSegmenter seg = new HlsSegmenter("t", 1000, 3, 32 << 20);
    for (int i = 0; i < 3; i++) {
      feed(seg, i * 3100L, 1);
    }
    HlsSegmenter.Snapshot snap = seg.snapshot();
    assertThat(snap.playlist()).contains("#EXT-X-MEDIA-SEQUENCE:").doesNotContain("\nt-0.ts");
    List<String> listed = snap.playlist().lines().filter(l -> l.endsWith(".ts")).toList();
    assertThat(listed).hasSize(3);
    // listed segments plus the few retired ones kept for clients one playlist behind
    assertThat(snap.segments().keySet())
        .containsAll(listed)
        .hasSizeLessThanOrEqualTo(6)
        .doesNotContain("t-0.ts");
    assertThat(snap.playlist()).doesNotContain("#EXT-X-ENDLIST");
  }

  @Test
  void onTag_longGop_targetDurationNeverChanges() {
    HlsSegmenter seg = new HlsSegmenter("t", 1000, 20, 32 << 20);
    // Drop every keyframe after the first: one 3 s GOP, longer than the 1 s target.
    List<FlvTag> oneGop = new ArrayList<>();
    boolean seenKey = false;
    for (FlvTag t : FIXTURE) {
      boolean key = t.isVideo() && isKeyframe(t.body());
      if (key && seenKey) {
        continue;
      }
      seenKey |= key;
      oneGop.add(t);
    }
    feed(seg, 0, 1); // 1 s GOPs first: the target is fixed at 1 s
    for (FlvTag t : oneGop) {
      seg.onTag(toMediaTag(t, 3100, 1));
    }
    seg.end();
    String text = seg.snapshot().playlist();
    assertThat(text).contains("#EXT-X-TARGETDURATION:1");
    List<Double> durations =
        text.lines()
            .filter(l -> l.startsWith("#EXTINF:"))
            .map(l -> Double.parseDouble(l.substring(8, l.length() - 1)))
            .toList();
    assertThat(durations).hasSizeGreaterThan(4).allSatisfy(d -> assertThat(d).isLessThan(1.5));
  }

  @Test
  void onTag_garbageVideoTag_skippedWithoutEndingHls() {
    HlsSegmenter seg = new HlsSegmenter("t", 1000, 6, 32 << 20);
    seg.onTag(
        new MediaTag(MediaTag.Kind.VIDEO, 0, 0, false, true, new byte[] {0x17, 0, 0, 0, 9}, 1, 0));
    feed(seg, 0, 1);
    seg.end();
    assertThat(seg.snapshot().playlist()).contains("t-0.ts", "#EXT-X-ENDLIST");
  }

  private static void feed(HlsSegmenter seg, long offsetMs, int session) {
    for (FlvTag t : FIXTURE) {
      seg.onTag(toMediaTag(t, offsetMs, session));
    }
  }

  private static MediaTag toMediaTag(FlvTag t, long offsetMs, int session) {
    MediaTag.Kind kind =
        t.isVideo() ? MediaTag.Kind.VIDEO : t.isAudio() ? MediaTag.Kind.AUDIO : MediaTag.Kind.DATA;
    boolean header = false;
    boolean key = false;
    if (t.isVideo()) {
      VideoTagHeader h = VideoTagHeader.decode(t.body());
      header = h.isSequenceHeader();
      key = h.isKeyFrame() && !header;
    } else if (t.isAudio()) {
      header = AudioTagHeader.decode(t.body()).packetType() == AudioTagHeader.AAC_SEQUENCE_HEADER;
    }
    return new MediaTag(kind, 0, t.timestamp() + offsetMs, key, header, t.body(), session, 0);
  }

  private static boolean isKeyframe(byte[] body) {
    VideoTagHeader h = VideoTagHeader.decode(body);
    return h.isKeyFrame() && !h.isSequenceHeader();
  }

  private Path write(HlsSegmenter.Snapshot snap) throws Exception {
    for (Map.Entry<String, ByteString> e : snap.segments().entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue().toArray());
    }
    Path playlist = dir.resolve("index.m3u8");
    Files.writeString(playlist, snap.playlist());
    return playlist;
  }

  /** The fixture's tags, in file order. */
  static List<FlvTag> readFixture() {
    ByteBuffer in = ByteBuffer.wrap(FfTools.fixtureBytes("h264_aac.flv"));
    FlvReader reader = new FlvReader();
    List<FlvTag> tags = new ArrayList<>();
    FlvUnit unit;
    while ((unit = reader.poll(in)) != null) {
      if (unit instanceof FlvTag t) {
        tags.add(t);
      }
    }
    return tags;
  }
}
