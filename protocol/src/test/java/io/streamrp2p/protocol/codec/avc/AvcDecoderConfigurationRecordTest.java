package io.streamrp2p.protocol.codec.avc;

import static io.streamrp2p.protocol.codec.Bytes.concat;
import static io.streamrp2p.protocol.codec.Bytes.hex;
import static io.streamrp2p.protocol.codec.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.Bytes;
import io.streamrp2p.protocol.codec.avc.AvcDecoderConfigurationRecord.HighProfileTrailer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvcDecoderConfigurationRecordTest {
  /** The SPS and PPS ffmpeg/x264 wrote into the h264_aac.flv fixture (High, level 3.0). */
  static final byte[] SPS = hex("6764001eacd940a02ff97011000003000100000300320f162d96");

  static final byte[] PPS = hex("68efbcb0");

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "ffmpeg High record with trailer",
            concat(
                of(0x01), // configurationVersion
                of(0x64), // AVCProfileIndication = 100 (High)
                of(0x00), // profile_compatibility
                of(0x1e), // AVCLevelIndication = 30
                of(0xff), // reserved 111111, lengthSizeMinusOne = 3
                of(0xe1), // reserved 111, numOfSequenceParameterSets = 1
                of(0x00, 0x1a), // sequenceParameterSetLength = 26
                SPS,
                of(0x01), // numOfPictureParameterSets = 1
                of(0x00, 0x04), // pictureParameterSetLength = 4
                PPS,
                of(0xfd), // reserved 111111, chroma_format = 1 (4:2:0)
                of(0xf8), // reserved 11111, bit_depth_luma_minus8 = 0
                of(0xf8), // reserved 11111, bit_depth_chroma_minus8 = 0
                of(0x00)), // numOfSequenceParameterSetExt = 0
            new AvcDecoderConfigurationRecord(
                100,
                0,
                30,
                3,
                List.of(SPS),
                List.of(PPS),
                new HighProfileTrailer(1, 0, 0, List.of()))),
        Arguments.of(
            "High record without the trailer",
            concat(
                of(0x01, 0x64, 0x00, 0x1e), // version, profile 100, compatibility, level 30
                of(0xff), // lengthSizeMinusOne = 3
                of(0xe1, 0x00, 0x1a), // one SPS of 26 bytes
                SPS,
                of(0x01, 0x00, 0x04), // one PPS of 4 bytes
                PPS), // no trailer: tolerated
            new AvcDecoderConfigurationRecord(100, 0, 30, 3, List.of(SPS), List.of(PPS), null)),
        Arguments.of(
            "Baseline, 2-byte lengths, two SPS, no PPS",
            concat(
                of(0x01, 0x42, 0xc0, 0x0d), // version, profile 66, constraint_set0+1, level 13
                of(0xfd), // lengthSizeMinusOne = 1
                of(0xe2), // numOfSequenceParameterSets = 2
                of(0x00, 0x02, 0x67, 0x42), // SPS 0: 2 bytes
                of(0x00, 0x01, 0x67), // SPS 1: 1 byte
                of(0x00)), // numOfPictureParameterSets = 0
            new AvcDecoderConfigurationRecord(
                66, 0xc0, 13, 1, List.of(of(0x67, 0x42), of(0x67)), List.of(), null)),
        Arguments.of(
            "Main, 1-byte lengths, no parameter sets",
            of(
                0x01, 0x4d, 0x40, 0x1f, // version, profile 77, compatibility 0x40, level 31
                0xfc, // lengthSizeMinusOne = 0
                0xe0, // numOfSequenceParameterSets = 0
                0x00), // numOfPictureParameterSets = 0
            new AvcDecoderConfigurationRecord(77, 0x40, 31, 0, List.of(), List.of(), null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_validVector_givesRecord(
      String name, byte[] bytes, AvcDecoderConfigurationRecord expected) {
    assertThat(AvcDecoderConfigurationRecord.parse(bytes)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_record_givesVectorBytes(
      String name, byte[] bytes, AvcDecoderConfigurationRecord record) {
    assertThat(record.encode()).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_mutatedVector_throwsOnlyProtocolException(String name, byte[] bytes) {
    Bytes.assertOnlyProtocolException(bytes, 3000, AvcDecoderConfigurationRecord::parse);
  }

  static Stream<Arguments> malformed() {
    byte[] good = (byte[]) vectors().findFirst().orElseThrow().get()[1];
    return Stream.of(
        Arguments.of("empty", of(), "truncated at configurationVersion (byte 0)"),
        Arguments.of(
            "version 0",
            of(0x00, 0x64, 0x00, 0x1e, 0xff, 0xe0, 0x00),
            "configurationVersion at byte 0 is 0"),
        Arguments.of(
            "version 2",
            of(0x02, 0x64, 0x00, 0x1e, 0xff, 0xe0, 0x00),
            "configurationVersion at byte 0 is 2"),
        Arguments.of("truncated at profile", of(0x01), "truncated at AVCProfileIndication"),
        Arguments.of(
            "truncated at compatibility", of(0x01, 0x64), "truncated at profile_compatibility"),
        Arguments.of("truncated at level", of(0x01, 0x64, 0x00), "truncated at AVCLevelIndication"),
        Arguments.of(
            "truncated at length size",
            of(0x01, 0x64, 0x00, 0x1e),
            "truncated at lengthSizeMinusOne"),
        Arguments.of(
            "lengthSizeMinusOne 2",
            of(0x01, 0x64, 0x00, 0x1e, 0xfe, 0xe0, 0x00),
            "lengthSizeMinusOne at byte 4 is 2"),
        Arguments.of(
            "truncated at SPS count",
            of(0x01, 0x64, 0x00, 0x1e, 0xff),
            "truncated at numOfSequenceParameterSets"),
        Arguments.of(
            "SPS count overruns",
            of(0x01, 0x64, 0x00, 0x1e, 0xff, 0xe2, 0x00, 0x01, 0x67),
            "truncated at sequenceParameterSetNALUnit[1] length (byte 9)"),
        Arguments.of(
            "SPS length overruns",
            of(0x01, 0x64, 0x00, 0x1e, 0xff, 0xe1, 0x00, 0x05, 0x67),
            "truncated at sequenceParameterSetNALUnit[0] (byte 8): needs 5 bytes, 1 remain"),
        Arguments.of(
            "SPS length cut",
            of(0x01, 0x64, 0x00, 0x1e, 0xff, 0xe1, 0x00),
            "truncated at sequenceParameterSetNALUnit[0] length"),
        Arguments.of(
            "SPS of length 0",
            of(0x01, 0x64, 0x00, 0x1e, 0xff, 0xe1, 0x00, 0x00, 0x00),
            "sequenceParameterSetNALUnit[0] at byte 6 has length 0"),
        Arguments.of(
            "truncated at PPS count",
            of(0x01, 0x42, 0x00, 0x1e, 0xff, 0xe1, 0x00, 0x01, 0x67),
            "truncated at numOfPictureParameterSets"),
        Arguments.of(
            "PPS count overruns",
            of(0x01, 0x42, 0x00, 0x1e, 0xff, 0xe0, 0x03, 0x00, 0x01, 0x68),
            "truncated at pictureParameterSetNALUnit[1] length"),
        Arguments.of(
            "trailer cut after chroma_format",
            java.util.Arrays.copyOf(good, good.length - 3),
            "truncated at bit_depth_luma_minus8"),
        Arguments.of(
            "trailer SPS-ext count overruns",
            concat(java.util.Arrays.copyOf(good, good.length - 1), of(0x01)),
            "truncated at sequenceParameterSetExtNALUnit[0] length"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void parse_malformed_throwsProtocolException(String name, byte[] bytes, String message) {
    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("avc.config")
        .hasMessageContaining(message);
  }

  @Test
  void parse_bytesAfterBaselineRecord_ignored() {
    byte[] record = of(0x01, 0x42, 0x00, 0x1e, 0xff, 0xe0, 0x00);
    byte[] padded = concat(record, of(0x00, 0x00));
    assertThat(AvcDecoderConfigurationRecord.parse(padded))
        .isEqualTo(AvcDecoderConfigurationRecord.parse(record));
  }

  @Test
  void parse_zeroReservedBits_tolerated() {
    AvcDecoderConfigurationRecord r =
        AvcDecoderConfigurationRecord.parse(of(0x01, 0x42, 0x00, 0x1e, 0x03, 0x00, 0x00));
    assertThat(r.lengthSize()).isEqualTo(4);
  }

  @Test
  void new_lengthSizeMinusOne2_throwsIllegalArgument() {
    assertThatThrownBy(
            () -> new AvcDecoderConfigurationRecord(66, 0, 30, 2, List.of(), List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void new_emptySps_throwsIllegalArgument() {
    assertThatThrownBy(
            () -> new AvcDecoderConfigurationRecord(66, 0, 30, 3, List.of(of()), List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void new_32Sps_throwsIllegalArgument() {
    List<byte[]> sps = java.util.Collections.nCopies(32, of(0x67));
    assertThatThrownBy(() -> new AvcDecoderConfigurationRecord(66, 0, 30, 3, sps, List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
