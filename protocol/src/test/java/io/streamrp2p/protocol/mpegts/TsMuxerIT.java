package io.streamrp2p.protocol.mpegts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrp2p.protocol.hls.MediaPlaylist;
import io.streamrp2p.protocol.mpegts.TsMuxer.AudioCodec;
import io.streamrp2p.protocol.mpegts.TsMuxer.Config;
import io.streamrp2p.protocol.mpegts.TsMuxer.VideoCodec;
import io.streamrp2p.protocol.testing.FfTools;
import io.streamrp2p.protocol.testing.FfTools.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Muxes the H.264/AAC fixture into two HLS segments and a playlist, then has ffmpeg, the
 * independent implementation, decode and probe them.
 */
class TsMuxerIT {
  private static final String FIXTURE = "h264_aac.flv";

  /** The fixture has a keyframe every second; the second segment starts at the third one. */
  private static final int CUT_AT_KEYFRAME = 2;

  private static final int TARGET_DURATION_SECONDS = 2;
  private static final int FRAME_MILLIS = 40; // 25 fps
  private static final int AAC_FRAME_SAMPLES = 1024;

  /** Several ADTS frames per PES, as ffmpeg does, to exercise multi-frame audio PES. */
  private static final int AUDIO_FRAMES_PER_PES = 3;

  @TempDir static Path dir;

  @BeforeAll
  static void muxFixture() throws IOException {
    new Segmenter(dir).run(FfTools.fixtureBytes(FIXTURE));
  }

  @Test
  void segments_decodedByFfmpeg_reportNoErrors() {
    for (String segment : List.of("seg0.ts", "seg1.ts")) {
      Result result =
          FfTools.ffmpeg("-v", "error", "-i", dir.resolve(segment).toString(), "-f", "null", "-");

      assertThat(result.exitCode()).as(segment).isZero();
      assertThat(result.stderr()).as(segment).isEmpty();
    }
  }

  @Test
  void playlist_decodedByFfmpeg_reportsNoErrors() {
    Result result =
        FfTools.ffmpeg(
            "-v", "error", "-allowed_extensions", "ALL", "-i", playlist(), "-f", "null", "-");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void playlist_probed_matchesFixtureStreamsFramesAndDuration() {
    Map<String, String> video = probe(playlist(), "v", "stream=codec_name,width,height");
    Map<String, String> audio = probe(playlist(), "a", "stream=codec_name,sample_rate,channels");
    Path input = FfTools.fixture(FIXTURE, dir);

    assertThat(video)
        .containsEntry("codec_name", "h264")
        .containsEntry("width", "640")
        .containsEntry("height", "360");
    assertThat(audio)
        .containsEntry("codec_name", "aac")
        .containsEntry("sample_rate", "44100")
        .containsEntry("channels", "2");
    assertThat(frames(playlist())).isEqualTo(frames(input.toString()));
    assertThat(duration(playlist())).isCloseTo(duration(input.toString()), within(0.1));
  }

  @Test
  void hevcFixture_muxedAndDecodedByFfmpeg_reportsNoErrorsAndAllFrames() throws IOException {
    Path input = FfTools.fixture("hevc.mp4", dir);
    Path output = dir.resolve("hevc.ts");
    TsMuxer muxer = new TsMuxer(new Config(VideoCodec.HEVC, AudioCodec.NONE));
    TsBuffer sink = new TsBuffer(1 << 16, 16 << 20);
    muxer.startSegment(sink);
    List<ProbedPacket> packets = ProbedPacket.read(input);
    muxer.setParameterSets(HevcConfig.parameterSets(ProbedPacket.extradata(input)));
    long firstDts = packets.get(0).dts90k(); // RTMP ingest delivers timelines starting at 0
    for (ProbedPacket p : packets) {
      muxer.writeVideo(
          sink, p.dts90k() - firstDts, p.pts90k() - firstDts, p.keyframe(), p.nalUnits());
    }
    Files.write(output, sink.toByteArray());

    Result decoded = FfTools.ffmpeg("-v", "error", "-i", output.toString(), "-f", "null", "-");
    Map<String, String> video = probe(output.toString(), "v", "stream=codec_name,width,height");

    assertThat(decoded.exitCode()).isZero();
    assertThat(decoded.stderr()).isEmpty();
    assertThat(video)
        .containsEntry("codec_name", "hevc")
        .containsEntry("width", "320")
        .containsEntry("height", "240");
    assertThat(frames(output.toString())).isEqualTo(String.valueOf(packets.size()));
  }

  private static String playlist() {
    return dir.resolve("index.m3u8").toString();
  }

  private static double duration(String file) {
    return Double.parseDouble(probe(file, null, "format=duration").get("duration"));
  }

  private static String frames(String file) {
    return probe(file, "v", "stream=nb_read_packets", "-count_packets").get("nb_read_packets");
  }

  /** ffprobe key=value output (no JSON parser in this module). */
  private static Map<String, String> probe(
      String file, String stream, String entries, String... extra) {
    List<String> args = new ArrayList<>(List.of("-v", "error", "-allowed_extensions", "ALL"));
    if (stream != null) {
      args.addAll(List.of("-select_streams", stream));
    }
    args.addAll(List.of(extra));
    args.addAll(List.of("-show_entries", entries, "-of", "default=noprint_wrappers=1", file));
    String out = FfTools.ffprobe(args.toArray(String[]::new)).requireSuccess().stdout();
    Map<String, String> values = new HashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return values;
  }

  /** Feeds FLV tags to the muxer and cuts segments at keyframes, as the HLS server will. */
  private static final class Segmenter {
    private final Path dir;
    private final TsMuxer muxer = new TsMuxer(new Config(VideoCodec.H264, AudioCodec.AAC_ADTS));
    private final MediaPlaylist playlist = new MediaPlaylist(TARGET_DURATION_SECONDS, 3);
    private final TsBuffer segment = new TsBuffer(1 << 16, 16 << 20);
    private final List<ByteSlice> pendingAudio = new ArrayList<>();
    private long pendingAudioPtsMillis;
    private byte[] audioSpecificConfig;
    private int keyframes;
    private int segments;
    private long segmentStartMillis;
    private long endMillis;

    Segmenter(Path dir) {
      this.dir = dir;
    }

    void run(byte[] flv) throws IOException {
      muxer.startSegment(segment);
      for (FlvTag tag : FlvTag.walk(flv)) {
        if (tag.type() == FlvTag.VIDEO) {
          video(tag);
        } else if (tag.type() == FlvTag.AUDIO) {
          audio(tag);
        }
      }
      flushAudio();
      finishSegment(endMillis);
      playlist.end();
      Files.writeString(dir.resolve("index.m3u8"), playlist.render(), StandardCharsets.UTF_8);
    }

    private void video(FlvTag tag) throws IOException {
      boolean keyframe = tag.u8(0) >> 4 == 1;
      int packetType = tag.u8(1);
      if (packetType == 0) {
        muxer.setParameterSets(AvcConfig.parameterSets(tag, 5));
        return;
      }
      if (packetType != 1) {
        return; // end of sequence
      }
      long dtsMillis = tag.timestampMillis();
      if (keyframe && keyframes++ == CUT_AT_KEYFRAME) {
        flushAudio();
        finishSegment(dtsMillis);
        muxer.startSegment(segment);
      }
      long ptsMillis = dtsMillis + tag.s24(2); // composition time offset
      muxer.writeVideo(segment, dtsMillis * 90, ptsMillis * 90, keyframe, tag.nalUnits(5));
      endMillis = Math.max(endMillis, dtsMillis + FRAME_MILLIS);
    }

    private void audio(FlvTag tag) {
      if (tag.u8(1) == 0) {
        audioSpecificConfig = tag.body(2);
        return;
      }
      byte[] frame = Adts.frame(audioSpecificConfig, tag.data(), tag.offset() + 2, tag.size() - 2);
      if (pendingAudio.isEmpty()) {
        pendingAudioPtsMillis = tag.timestampMillis();
      }
      pendingAudio.add(ByteSlice.of(frame));
      endMillis = Math.max(endMillis, tag.timestampMillis() + AAC_FRAME_SAMPLES * 1000L / 44_100);
      if (pendingAudio.size() == AUDIO_FRAMES_PER_PES) {
        flushAudio();
      }
    }

    private void flushAudio() {
      if (!pendingAudio.isEmpty()) {
        muxer.writeAudio(segment, pendingAudioPtsMillis * 90, pendingAudio);
        pendingAudio.clear();
      }
    }

    private void finishSegment(long untilMillis) throws IOException {
      String name = "seg" + segments++ + ".ts";
      Files.write(dir.resolve(name), segment.toByteArray());
      segment.clear();
      playlist.addSegment(name, (untilMillis - segmentStartMillis) * 1000, false);
      segmentStartMillis = untilMillis;
    }
  }

  /**
   * One FLV tag (Adobe FLV 10.1 E.4.1): type(1) dataSize(3) timestamp(3) timestampExtended(1)
   * streamId(3), then the body. Test-only; the production FLV reader lives elsewhere.
   */
  private record FlvTag(int type, long timestampMillis, byte[] data, int offset, int size) {
    static final int AUDIO = 8;
    static final int VIDEO = 9;

    static List<FlvTag> walk(byte[] flv) {
      assertThat(new String(flv, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("FLV");
      int position = (int) u32(flv, 5); // DataOffset: header size
      List<FlvTag> tags = new ArrayList<>();
      while (position + 4 + 11 <= flv.length) {
        position += 4; // PreviousTagSize
        int type = flv[position] & 0x1F;
        int size = (int) u24(flv, position + 1);
        long timestamp = u24(flv, position + 4) | (long) (flv[position + 7] & 0xFF) << 24;
        tags.add(new FlvTag(type, timestamp, flv, position + 11, size));
        position += 11 + size;
      }
      return tags;
    }

    int u8(int at) {
      return data[offset + at] & 0xFF;
    }

    /** Signed 24-bit, as CompositionTime is. */
    int s24(int at) {
      return (int) u24(data, offset + at) << 8 >> 8;
    }

    byte[] body(int from) {
      byte[] out = new byte[size - from];
      System.arraycopy(data, offset + from, out, 0, out.length);
      return out;
    }

    /** AVCC NAL units with 4-byte length prefixes, viewed in place. */
    List<ByteSlice> nalUnits(int from) {
      List<ByteSlice> units = new ArrayList<>();
      int at = offset + from;
      while (at < offset + size) {
        int length = (int) u32(data, at);
        units.add(new ByteSlice(data, at + 4, length));
        at += 4 + length;
      }
      return units;
    }

    static long u24(byte[] b, int at) {
      return (b[at] & 0xFFL) << 16 | (b[at + 1] & 0xFF) << 8 | b[at + 2] & 0xFF;
    }

    static long u32(byte[] b, int at) {
      return u24(b, at) << 8 | b[at + 3] & 0xFF;
    }
  }

  /** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1): pulls out its SPS and PPS. */
  private static final class AvcConfig {
    static List<ByteSlice> parameterSets(FlvTag tag, int from) {
      byte[] b = tag.data();
      int at = tag.offset() + from + 5; // version, profile, compatibility, level, lengthSize
      assertThat(b[at - 1] & 0x03).as("lengthSizeMinusOne").isEqualTo(3);
      List<ByteSlice> sets = new ArrayList<>();
      for (int kind = 0; kind < 2; kind++) { // SPS, then PPS
        int count = kind == 0 ? b[at++] & 0x1F : b[at++] & 0xFF;
        for (int i = 0; i < count; i++) {
          int length = (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
          sets.add(new ByteSlice(b, at + 2, length));
          at += 2 + length;
        }
      }
      return sets;
    }
  }

  /** ADTS header (ISO/IEC 13818-7 6.2) built from the AudioSpecificConfig (14496-3 1.6.2.1). */
  private static final class Adts {
    static byte[] frame(byte[] asc, byte[] raw, int offset, int length) {
      int objectType = (asc[0] & 0xFF) >> 3;
      int frequencyIndex = (asc[0] & 0x07) << 1 | (asc[1] & 0xFF) >> 7;
      int channels = (asc[1] >> 3) & 0x0F;
      int frameLength = 7 + length;
      byte[] f = new byte[frameLength];
      f[0] = (byte) 0xFF;
      f[1] = (byte) 0xF1; // MPEG-4, layer 0, no CRC
      f[2] = (byte) ((objectType - 1) << 6 | frequencyIndex << 2 | channels >> 2);
      f[3] = (byte) ((channels & 3) << 6 | frameLength >> 11);
      f[4] = (byte) (frameLength >> 3);
      f[5] = (byte) ((frameLength & 7) << 5 | 0x1F); // buffer fullness 0x7FF: VBR
      f[6] = (byte) 0xFC; // one raw data block
      System.arraycopy(raw, offset, f, 7, length);
      return f;
    }
  }

  /**
   * One video packet as {@code ffprobe -show_packets -show_data} prints it: timestamps, flags and a
   * hex dump of the MP4 sample (NAL units with 4-byte length prefixes).
   */
  private record ProbedPacket(long pts90k, long dts90k, boolean keyframe, byte[] data) {
    static List<ProbedPacket> read(Path file) {
      List<ProbedPacket> packets = new ArrayList<>();
      for (Map<String, String> p : sections(file, "-show_packets", "codec_type")) {
        packets.add(
            new ProbedPacket(
                ticks(p.get("pts_time")),
                ticks(p.get("dts_time")),
                p.get("flags").startsWith("K"),
                HexFormat.of().parseHex(p.get("data"))));
      }
      return packets;
    }

    static byte[] extradata(Path file) {
      return HexFormat.of()
          .parseHex(sections(file, "-show_streams", "index").get(0).get("extradata"));
    }

    List<ByteSlice> nalUnits() {
      List<ByteSlice> units = new ArrayList<>();
      for (int at = 0; at < data.length; ) {
        int length = (int) FlvTag.u32(data, at);
        units.add(new ByteSlice(data, at + 4, length));
        at += 4 + length;
      }
      return units;
    }

    private static long ticks(String seconds) {
      return Math.round(Double.parseDouble(seconds) * 90_000);
    }

    /**
     * Splits key=value output where {@code firstKey} starts a section and joins hex dump lines into
     * their key.
     */
    private static List<Map<String, String>> sections(Path file, String show, String firstKey) {
      String out =
          FfTools.ffprobe(
                  "-v",
                  "error",
                  "-select_streams",
                  "v",
                  show,
                  "-show_data",
                  "-of",
                  "default=noprint_wrappers=1",
                  file.toString())
              .requireSuccess()
              .stdout();
      List<Map<String, String>> sections = new ArrayList<>();
      String dumpKey = null;
      for (String line : out.split("\n")) {
        if (line.matches("^[0-9a-f]{8}: .*")) {
          // "00000010: 4dd8 7c40 ... 34eb  ascii": hex groups end at the double space.
          String hex = line.substring(10).split("  ", 2)[0].replace(" ", "");
          sections.get(sections.size() - 1).merge(dumpKey, hex, String::concat);
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String key = line.substring(0, eq);
        if (key.equals(firstKey)) {
          sections.add(new HashMap<>());
        }
        if (!sections.isEmpty()) {
          sections.get(sections.size() - 1).put(key, line.substring(eq + 1));
        }
        dumpKey = key;
      }
      return sections;
    }
  }

  /** HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1): its VPS, SPS and PPS arrays. */
  private static final class HevcConfig {
    static List<ByteSlice> parameterSets(byte[] hvcc) {
      assertThat(hvcc[21] & 0x03).as("lengthSizeMinusOne").isEqualTo(3);
      int arrays = hvcc[22] & 0xFF;
      List<ByteSlice> sets = new ArrayList<>();
      int at = 23;
      for (int a = 0; a < arrays; a++) {
        int type = hvcc[at] & 0x3F;
        int count = (hvcc[at + 1] & 0xFF) << 8 | hvcc[at + 2] & 0xFF;
        at += 3;
        for (int i = 0; i < count; i++) {
          int length = (hvcc[at] & 0xFF) << 8 | hvcc[at + 1] & 0xFF;
          if (type >= 32 && type <= 34) { // VPS, SPS, PPS; SEI arrays stay out
            sets.add(new ByteSlice(hvcc, at + 2, length));
          }
          at += 2 + length;
        }
      }
      return sets;
    }
  }
}
