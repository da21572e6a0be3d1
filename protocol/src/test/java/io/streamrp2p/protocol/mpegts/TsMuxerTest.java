package io.streamrp2p.protocol.mpegts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.mpegts.TsMuxer.AudioCodec;
import io.streamrp2p.protocol.mpegts.TsMuxer.Config;
import io.streamrp2p.protocol.mpegts.TsMuxer.VideoCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TsMuxerTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final ByteSlice SPS = slice("6764001f"); // nal_unit_type 7
  private static final ByteSlice PPS = slice("68ee3c80"); // nal_unit_type 8
  private static final ByteSlice IDR = slice("658884"); // nal_unit_type 5
  private static final ByteSlice NON_IDR = slice("419a"); // nal_unit_type 1
  private static final ByteSlice H264_AUD = slice("09f0"); // nal_unit_type 9

  // PAT and PMT packets below were written by ffmpeg 5.1 (-f mpegts; -mpegts_start_pid 0x101 for
  // the audio-only case), payload up to the CRC; the rest of each packet is 0xFF.
  private static final String FFMPEG_PAT =
      "474000" // sync byte, payload_unit_start_indicator, PID 0x0000
          + "10" // payload only, continuity_counter 0
          + "00" // pointer_field
          + "00b00d" // table_id 0, section_length 13
          + "0001c10000" // transport_stream_id 1, version 0 current, section 0/0
          + "0001f000" // program_number 1 -> PMT PID 0x1000
          + "2ab104b2"; // CRC_32

  static Stream<Arguments> pmtVectors() {
    return Stream.of(
        Arguments.of(
            "h264",
            VideoCodec.H264,
            AudioCodec.NONE,
            "475000" // sync byte, payload_unit_start_indicator, PID 0x1000
                + "10" // payload only, continuity_counter 0
                + "00" // pointer_field
                + "02b012" // table_id 2, section_length 18
                + "0001c10000" // program_number 1, version 0 current, section 0/0
                + "e100f000" // PCR_PID 0x100, program_info_length 0
                + "1be100f000" // stream_type 0x1B on PID 0x100, no descriptors
                + "15bd4d56"),
        Arguments.of(
            "h264 + aac",
            VideoCodec.H264,
            AudioCodec.AAC_ADTS,
            "475000"
                + "10"
                + "00"
                + "02b017"
                + "0001c10000"
                + "e100f000"
                + "1be100f000"
                + "0fe101f000" // stream_type 0x0F on PID 0x101
                + "2f44b99b"),
        Arguments.of(
            "aac only",
            VideoCodec.NONE,
            AudioCodec.AAC_ADTS,
            "475000"
                + "10"
                + "00"
                + "02b012"
                + "0001c10000"
                + "e101f000" // PCR_PID is the audio PID
                + "0fe101f000"
                + "ece2b094"),
        Arguments.of(
            "hevc",
            VideoCodec.HEVC,
            AudioCodec.NONE,
            "475000"
                + "10"
                + "00"
                + "02b018"
                + "0001c10000"
                + "e100f000"
                + "24e100f006" // stream_type 0x24, ES_info_length 6
                + "050448455643" // registration_descriptor "HEVC"
                + "cb9e0052"),
        Arguments.of(
            "hevc + aac",
            VideoCodec.HEVC,
            AudioCodec.AAC_ADTS,
            "475000"
                + "10"
                + "00"
                + "02b01d"
                + "0001c10000"
                + "e100f000"
                + "24e100f006"
                + "050448455643"
                + "0fe101f000"
                + "6c37cf8a"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pmtVectors")
  void startSegment_codecs_matchFfmpegPatAndPmt(
      String name, VideoCodec video, AudioCodec audio, String pmtHex) {
    TsBuffer sink = sink();

    new TsMuxer(new Config(video, audio)).startSegment(sink);

    assertThat(HEX.formatHex(sink.toByteArray()))
        .isEqualTo(HEX.formatHex(padded(FFMPEG_PAT)) + HEX.formatHex(padded(pmtHex)));
  }

  static Stream<Arguments> timestampVectors() {
    return Stream.of(
        // name, pts, dts, header bytes after header_data_length
        Arguments.of("zero, pts only", 0L, 0L, "80" + "05" + "2100010001"),
        // 90000 = 0x15F90: bits 32..30 = 0, 29..15 = 2, 14..0 = 0x5F90
        Arguments.of("one second", 90_000L, 90_000L, "80" + "05" + "210005bf21"),
        Arguments.of("bit 32 set", 1L << 32, 1L << 32, "80" + "05" + "2900010001"),
        Arguments.of("largest 33-bit", (1L << 33) - 1, (1L << 33) - 1, "80" + "05" + "2fffffffff"),
        Arguments.of(
            "wraps modulo 2^33", (1L << 33) + 5, (1L << 33) + 5, "80" + "05" + "210001000b"),
        Arguments.of("negative wraps", -1L, -1L, "80" + "05" + "2fffffffff"),
        // PTS '0011' 3600 = 0xE10, DTS '0001' 0
        Arguments.of("pts and dts", 3_600L, 0L, "c0" + "0a" + "3100011c21" + "1100010001"),
        Arguments.of("equal after wrap", (1L << 33) + 7, 7L, "80" + "05" + "210001000f"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("timestampVectors")
  void pesHeaderWrite_timestamps_encodeMarkersAndWrap(String name, long pts, long dts, String hex) {
    byte[] b = new byte[PesHeader.length(true)];

    int length = PesHeader.write(b, 0, PesHeader.STREAM_ID_VIDEO, 0, pts, dts);

    assertThat(HEX.formatHex(Arrays.copyOf(b, length)))
        .isEqualTo("000001" + "e0" + "0000" + "84" + hex); // start code, stream_id, length 0
  }

  @Test
  void writeVideo_idrWithoutParameterSets_writesAudSpsPpsAndPcrOnRandomAccess() {
    TsMuxer muxer = startedMuxer(VideoCodec.H264, AudioCodec.NONE);
    muxer.setParameterSets(List.of(SPS, PPS));
    TsBuffer sink = sink();

    muxer.writeVideo(sink, 90_000, 93_600, true, List.of(IDR));

    List<TsPacketView> packets = TsPacketView.split(sink.toByteArray());
    assertThat(packets).hasSize(1);
    TsPacketView p = packets.get(0);
    assertThat(p.pid()).isEqualTo(TsMuxer.VIDEO_PID);
    assertThat(p.unitStart()).isTrue();
    assertThat(p.randomAccess()).isTrue();
    assertThat(p.hasPcr()).isTrue();
    assertThat(p.pcrBase()).isEqualTo(90_000 - TsMuxer.PCR_LEAD_90K);
    assertThat(HEX.formatHex(p.payload()))
        .isEqualTo(
            "000001e0"
                + "0000"
                + "84c00a" // video, unbounded length, aligned, PTS+DTS
                + "310005db41" // PTS 93600 = 0x16DA0
                + "110005bf21" // DTS 90000
                + "0000000109f0" // AUD
                + "000000016764001f" // SPS
                + "0000000168ee3c80" // PPS
                + "00000001658884"); // IDR slice
  }

  static Stream<Arguments> parameterSetInsertion() {
    return Stream.of(
        // name, keyframe flag, access unit, expected Annex B after the PES header
        Arguments.of("inter frame", false, List.of(NON_IDR), "0000000109f0" + "00000001419a"),
        Arguments.of(
            "aud already first",
            false,
            List.of(H264_AUD, NON_IDR),
            "0000000109f0" + "00000001419a"),
        Arguments.of(
            "idr without keyframe flag",
            false,
            List.of(IDR),
            "0000000109f0" + "000000016764001f" + "0000000168ee3c80" + "00000001658884"),
        Arguments.of(
            "idr carrying own sps and pps",
            true,
            List.of(H264_AUD, slice("6742"), slice("68ce"), IDR),
            "0000000109f0" + "000000016742" + "0000000168ce" + "00000001658884"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parameterSetInsertion")
  void writeVideo_accessUnitShapes_insertAudAndParameterSetsOnlyWhenMissing(
      String name, boolean keyframe, List<ByteSlice> units, String annexB) {
    TsMuxer muxer = startedMuxer(VideoCodec.H264, AudioCodec.NONE);
    muxer.setParameterSets(List.of(SPS, PPS));
    TsBuffer sink = sink();

    muxer.writeVideo(sink, 0, 0, keyframe, units);

    byte[] pes = TsPacketView.pesPackets(TsPacketView.split(sink.toByteArray()), 0x100).get(0);
    assertThat(HEX.formatHex(Arrays.copyOfRange(pes, 14, pes.length))).isEqualTo(annexB);
  }

  @Test
  void writeVideo_hevcIrap_writesHevcAudAndVpsSpsPps() {
    TsMuxer muxer = startedMuxer(VideoCodec.HEVC, AudioCodec.NONE);
    // NAL headers: type << 1, then nuh_temporal_id_plus1 1.
    muxer.setParameterSets(List.of(slice("4001"), slice("4201"), slice("4401")));
    TsBuffer sink = sink();

    muxer.writeVideo(sink, 0, 0, false, List.of(slice("2601af"))); // IDR_W_RADL (19)

    byte[] pes = TsPacketView.pesPackets(TsPacketView.split(sink.toByteArray()), 0x100).get(0);
    assertThat(HEX.formatHex(Arrays.copyOfRange(pes, 14, pes.length)))
        .isEqualTo(
            "00000001460150" // AUD, pic_type 2
                + "000000014001" // VPS
                + "000000014201" // SPS
                + "000000014401" // PPS
                + "000000012601af");
  }

  static Stream<Arguments> stuffingVectors() {
    // PES length = 14 (header with PTS) + ADTS frame length.
    return Stream.of(
        // name, PES bytes, expected adaptation field bytes of each packet
        Arguments.of("fills exactly one packet", 184, new int[] {0}),
        Arguments.of("one short: length byte alone", 183, new int[] {1}),
        Arguments.of("two short: length and flags", 182, new int[] {2}),
        Arguments.of("smallest frame", 21, new int[] {163}),
        Arguments.of("one over", 185, new int[] {0, 183}),
        Arguments.of("two whole packets", 368, new int[] {0, 0}),
        // 8205 bytes: 44 full packets, then 109 bytes behind a 75-byte adaptation field.
        Arguments.of("largest ADTS frame", 14 + 8191, lastStuffed(45, 75)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stuffingVectors")
  void writeAudio_pesLengths_stuffLastPacketTo188Bytes(String name, int pesBytes, int[] afBytes) {
    TsMuxer muxer = startedMuxer(VideoCodec.H264, AudioCodec.AAC_ADTS);
    TsBuffer sink = sink();
    ByteSlice frame = adts(pesBytes - 14);

    muxer.writeAudio(sink, 0, List.of(frame));

    List<TsPacketView> packets = TsPacketView.split(sink.toByteArray());
    assertThat(packets.stream().mapToInt(TsPacketView::adaptationFieldBytes).toArray())
        .containsExactly(afBytes);
    assertThat(packets).allSatisfy(p -> assertThat(p.sync()).isEqualTo(0x47));
    assertThat(packets).noneMatch(p -> p.hasPcr() || p.randomAccess());
    byte[] pes = TsPacketView.pesPackets(packets, TsMuxer.AUDIO_PID).get(0);
    assertThat(pes).hasSize(pesBytes);
    assertThat(HEX.formatHex(pes, 0, 14))
        .isEqualTo(
            "000001c0" // audio stream_id
                + String.format("%04x", pesBytes - 6) // PES_packet_length
                + "848005" // aligned, PTS only
                + "2100010001");
    assertThat(Arrays.copyOfRange(pes, 14, pes.length)).isEqualTo(frame.toByteArray());
  }

  @Test
  void writeAudio_audioOnly_carriesPcrAndRandomAccessOnAudioPid() {
    TsMuxer muxer = startedMuxer(VideoCodec.NONE, AudioCodec.AAC_ADTS);
    TsBuffer sink = sink();

    muxer.writeAudio(sink, (1L << 33) + TsMuxer.PCR_LEAD_90K + 7, List.of(adts(100), adts(50)));

    TsPacketView p = TsPacketView.split(sink.toByteArray()).get(0);
    assertThat(p.pid()).isEqualTo(TsMuxer.AUDIO_PID);
    assertThat(p.hasPcr()).isTrue();
    assertThat(p.randomAccess()).isTrue();
    assertThat(p.pcrBase()).isEqualTo(7); // wrapped modulo 2^33 like the PTS
  }

  @Test
  void continuityCounters_manyPackets_wrapAfter15PerPidAcrossSegments() {
    TsMuxer muxer = new TsMuxer(new Config(VideoCodec.H264, AudioCodec.AAC_ADTS));
    TsBuffer sink = sink();
    for (int segment = 0; segment < 17; segment++) {
      muxer.startSegment(sink);
      muxer.writeAudio(sink, segment * 1920L, List.of(adts(100)));
    }
    muxer.writeAudio(sink, 0, List.of(adts(300))); // two packets

    List<TsPacketView> packets = TsPacketView.split(sink.toByteArray());
    assertThat(counters(packets, 0)).containsExactlyElementsOf(wrapping(0, 17));
    assertThat(counters(packets, TsMuxer.PMT_PID)).containsExactlyElementsOf(wrapping(0, 17));
    assertThat(counters(packets, TsMuxer.AUDIO_PID)).containsExactlyElementsOf(wrapping(0, 19));
  }

  @Test
  void writeVideo_accessUnitOverLimit_throwsIllegalArgument() {
    TsMuxer muxer = new TsMuxer(new Config(VideoCodec.H264, AudioCodec.NONE, 100));
    muxer.startSegment(sink());
    // 6 (AUD) + 4 (start code) + 90 = 100 fits; 91 does not.
    muxer.writeVideo(sink(), 0, 0, false, List.of(new ByteSlice(new byte[90], 0, 90)));

    assertThatThrownBy(
            () ->
                muxer.writeVideo(sink(), 0, 0, false, List.of(new ByteSlice(new byte[91], 0, 91))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds 100");
  }

  @Test
  void writeAudio_pesOverSixteenBitLength_throwsIllegalArgument() {
    TsMuxer muxer = startedMuxer(VideoCodec.NONE, AudioCodec.AAC_ADTS);
    List<ByteSlice> frames = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      frames.add(adts(8000)); // 72000 bytes > 65535 - 8
    }

    assertThatThrownBy(() -> muxer.writeAudio(sink(), 0, frames))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writeVideo_sinkWithoutRoom_throwsIllegalStateAndWritesNothing() {
    TsMuxer muxer = startedMuxer(VideoCodec.H264, AudioCodec.NONE);
    TsBuffer small = new TsBuffer(0, 188);
    List<ByteSlice> au = List.of(new ByteSlice(new byte[400], 0, 400));

    assertThatThrownBy(() -> muxer.writeVideo(small, 0, 0, false, au))
        .isInstanceOf(IllegalStateException.class);
    assertThat(small.length()).isZero();
    TsBuffer sink = sink();
    muxer.writeVideo(sink, 0, 0, false, au);
    assertThat(TsPacketView.split(sink.toByteArray()).get(0).continuityCounter()).isZero();
  }

  static Stream<Arguments> videoMisuse() {
    return Stream.of(
        Arguments.of(
            "before startSegment",
            (Runnable)
                () -> {
                  TsMuxer m = new TsMuxer(new Config(VideoCodec.H264, AudioCodec.AAC_ADTS));
                  m.writeVideo(sink(), 0, 0, false, List.of(NON_IDR));
                },
            IllegalStateException.class),
        Arguments.of(
            "keyframe without parameter sets",
            (Runnable)
                () ->
                    startedMuxer(VideoCodec.H264, AudioCodec.NONE)
                        .writeVideo(sink(), 0, 0, true, List.of(IDR)),
            IllegalStateException.class),
        Arguments.of(
            "pts before dts",
            (Runnable)
                () ->
                    startedMuxer(VideoCodec.H264, AudioCodec.NONE)
                        .writeVideo(sink(), 10, 9, false, List.of(NON_IDR)),
            IllegalArgumentException.class),
        Arguments.of(
            "empty NAL unit",
            (Runnable)
                () ->
                    startedMuxer(VideoCodec.H264, AudioCodec.NONE)
                        .writeVideo(sink(), 0, 0, false, List.of(slice(""))),
            IllegalArgumentException.class));
  }

  static Stream<Arguments> audioAndConfigMisuse() {
    return Stream.of(
        Arguments.of(
            "audio on video-only muxer",
            (Runnable)
                () ->
                    startedMuxer(VideoCodec.H264, AudioCodec.NONE)
                        .writeAudio(sink(), 0, List.of(adts(9))),
            IllegalStateException.class),
        Arguments.of(
            "ADTS frame_length mismatch",
            (Runnable)
                () ->
                    startedMuxer(VideoCodec.NONE, AudioCodec.AAC_ADTS)
                        .writeAudio(
                            sink(), 0, List.of(new ByteSlice(adts(20).toByteArray(), 0, 19))),
            IllegalArgumentException.class),
        Arguments.of(
            "no ADTS syncword",
            (Runnable)
                () ->
                    startedMuxer(VideoCodec.NONE, AudioCodec.AAC_ADTS)
                        .writeAudio(sink(), 0, List.of(slice("00112233445566"))),
            IllegalArgumentException.class),
        Arguments.of(
            "parameter sets without PPS",
            (Runnable)
                () -> startedMuxer(VideoCodec.H264, AudioCodec.NONE).setParameterSets(List.of(SPS)),
            IllegalArgumentException.class),
        Arguments.of(
            "slice as parameter set",
            (Runnable)
                () ->
                    startedMuxer(VideoCodec.H264, AudioCodec.NONE)
                        .setParameterSets(List.of(SPS, IDR)),
            IllegalArgumentException.class),
        Arguments.of(
            "no streams",
            (Runnable) () -> new Config(VideoCodec.NONE, AudioCodec.NONE),
            IllegalArgumentException.class),
        Arguments.of(
            "limit above default",
            (Runnable) () -> new Config(VideoCodec.H264, AudioCodec.NONE, (8 << 20) + 1),
            IllegalArgumentException.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"videoMisuse", "audioAndConfigMisuse"})
  void muxer_callerMisuse_throws(String name, Runnable call, Class<? extends Throwable> type) {
    assertThatThrownBy(call::run).isInstanceOf(type);
  }

  private static TsMuxer startedMuxer(VideoCodec video, AudioCodec audio) {
    TsMuxer muxer = new TsMuxer(new Config(video, audio));
    muxer.startSegment(sink());
    return muxer;
  }

  private static TsBuffer sink() {
    return new TsBuffer(1024, 1 << 20);
  }

  private static ByteSlice slice(String hex) {
    return ByteSlice.of(HEX.parseHex(hex));
  }

  /** An ADTS frame of {@code length} bytes: AAC LC, 44.1 kHz, 2 channels, zero payload. */
  static ByteSlice adts(int length) {
    byte[] f = new byte[length];
    f[0] = (byte) 0xFF; // syncword
    f[1] = (byte) 0xF1; // syncword, MPEG-4, layer 00, protection_absent 1
    f[2] = (byte) 0x50; // profile 1 (LC), sampling_frequency_index 4, channel_configuration hi 0
    f[3] = (byte) (0x80 | length >>> 11); // channel_configuration lo 10, frame_length 12..11
    f[4] = (byte) (length >>> 3);
    f[5] = (byte) ((length & 7) << 5 | 0x1F); // frame_length 2..0, buffer fullness 0x7FF
    f[6] = (byte) 0xFC; // buffer fullness, one raw data block
    return ByteSlice.of(f);
  }

  private static int[] lastStuffed(int packets, int lastAdaptationBytes) {
    int[] out = new int[packets];
    out[packets - 1] = lastAdaptationBytes;
    return out;
  }

  private static byte[] padded(String hex) {
    byte[] packet = new byte[188];
    Arrays.fill(packet, (byte) 0xFF);
    byte[] head = HEX.parseHex(hex);
    System.arraycopy(head, 0, packet, 0, head.length);
    return packet;
  }

  private static List<Integer> counters(List<TsPacketView> packets, int pid) {
    return packets.stream()
        .filter(p -> p.pid() == pid)
        .map(TsPacketView::continuityCounter)
        .toList();
  }

  private static List<Integer> wrapping(int from, int count) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add((from + i) & 0x0F);
    }
    return out;
  }
}
