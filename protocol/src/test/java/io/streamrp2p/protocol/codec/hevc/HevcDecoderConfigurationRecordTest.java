package io.streamrp2p.protocol.codec.hevc;

import static io.streamrp2p.protocol.codec.Bytes.concat;
import static io.streamrp2p.protocol.codec.Bytes.hex;
import static io.streamrp2p.protocol.codec.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.Bytes;
import io.streamrp2p.protocol.codec.FixtureWalkers;
import io.streamrp2p.protocol.codec.hevc.HevcDecoderConfigurationRecord.NalArray;
import io.streamrp2p.protocol.testing.FfTools;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HevcDecoderConfigurationRecordTest {
  /** Parameter sets x265 wrote into the hevc.mp4 fixture (Main, level 2, 320x240). */
  static final byte[] VPS = hex("40010c01ffff01600000030090000003000003003c959409");

  static final byte[] SPS =
      hex("42010101600000030090000003000003003ca00a080f16595952930bc05a020000030002000003003210");
  static final byte[] PPS = hex("4401c073c189");

  /** The fixed 22-byte part of the fixture record, up to numOfArrays. */
  static final byte[] FIXTURE_HEADER =
      concat(
          of(0x01), // configurationVersion
          of(0x01), // general_profile_space 00 | general_tier_flag 0 | general_profile_idc 1
          of(0x60, 0x00, 0x00, 0x00), // general_profile_compatibility_flags: 1 and 2
          of(0x90, 0x00, 0x00, 0x00, 0x00, 0x00), // constraints: progressive, frame_only
          of(0x3c), // general_level_idc 60 (level 2)
          of(0xf0, 0x00), // reserved 1111 | min_spatial_segmentation_idc 0
          of(0xfc), // reserved 111111 | parallelismType 0
          of(0xfd), // reserved 111111 | chromaFormat 1
          of(0xf8), // reserved 11111 | bitDepthLumaMinus8 0
          of(0xf8), // reserved 11111 | bitDepthChromaMinus8 0
          of(0x00, 0x00), // avgFrameRate 0 (unspecified)
          of(0x0f)); // constantFrameRate 00 | numTemporalLayers 001 | nested 1 | lengthSize 11

  static HevcDecoderConfigurationRecord fixtureFields(List<NalArray> arrays) {
    return new HevcDecoderConfigurationRecord(
        0, false, 1, 0x60000000, 0x900000000000L, 60, 0, 0, 1, 0, 0, 0, 0, 1, true, 3, arrays);
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "x265 record without its SEI array",
            concat(
                FIXTURE_HEADER,
                of(0x03), // numOfArrays
                of(0xa0), // array_completeness 1 | reserved 0 | NAL_unit_type 32 (VPS)
                of(0x00, 0x01, 0x00, 0x18), // numNalus 1 | nalUnitLength 24
                VPS,
                of(0xa1, 0x00, 0x01, 0x00, 0x2a), // complete, type 33 (SPS), 1 NAL of 42 bytes
                SPS,
                of(0xa2, 0x00, 0x01, 0x00, 0x06), // complete, type 34 (PPS), 1 NAL of 6 bytes
                PPS),
            fixtureFields(
                List.of(
                    new NalArray(true, 32, List.of(VPS)),
                    new NalArray(true, 33, List.of(SPS)),
                    new NalArray(true, 34, List.of(PPS))))),
        Arguments.of(
            "Main 10 high tier, every header field non-zero, two PPS, empty array",
            of(
                0x01, // configurationVersion
                0x62, // profile_space 01 | tier 1 | profile_idc 2 (Main 10)
                0x20, 0x00, 0x00, 0x01, // compatibility flags 2 and 31
                0x80, 0x00, 0x00, 0x00, 0x00, 0x01, // constraint bits 47 and 0
                0x99, // general_level_idc 153 (5.1)
                0xf1, 0x23, // reserved | min_spatial_segmentation_idc 0x123
                0xfe, // reserved | parallelismType 2
                0xfe, // reserved | chromaFormat 2 (4:2:2)
                0xfa, // reserved | bitDepthLumaMinus8 2
                0xfb, // reserved | bitDepthChromaMinus8 3
                0x0b, 0xb8, // avgFrameRate 3000 (frames per 256 s: 11.7 fps)
                0x55, // constantFrameRate 01 | numTemporalLayers 010 | nested 1 | lengthSize 01
                0x02, // numOfArrays
                0x22, // array_completeness 0 | reserved 0 | NAL_unit_type 34 (PPS)
                0x00, 0x02, // numNalus 2
                0x00, 0x02, 0x44, 0x01, // nalUnitLength 2, PPS 0
                0x00, 0x01, 0x44, // nalUnitLength 1, PPS 1
                0x27, // incomplete, type 39 (prefix SEI)
                0x00, 0x00), // numNalus 0
            new HevcDecoderConfigurationRecord(
                1,
                true,
                2,
                0x20000001,
                0x800000000001L,
                153,
                0x123,
                2,
                2,
                2,
                3,
                3000,
                1,
                2,
                true,
                1,
                List.of(
                    new NalArray(false, 34, List.of(of(0x44, 0x01), of(0x44))),
                    new NalArray(false, 39, List.of())))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_validVector_givesRecord(
      String name, byte[] bytes, HevcDecoderConfigurationRecord expected) {
    assertThat(HevcDecoderConfigurationRecord.parse(bytes)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_record_givesVectorBytes(
      String name, byte[] bytes, HevcDecoderConfigurationRecord record) {
    assertThat(record.encode()).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_mutatedVector_throwsOnlyProtocolException(String name, byte[] bytes) {
    Bytes.assertOnlyProtocolException(bytes, 3000, HevcDecoderConfigurationRecord::parse);
  }

  @Test
  void parse_fixtureHvcC_reencodesByteExact() {
    byte[] hvcC = FixtureWalkers.mp4HvcC(FfTools.fixtureBytes("hevc.mp4"));
    HevcDecoderConfigurationRecord record = HevcDecoderConfigurationRecord.parse(hvcC);
    assertThat(record.encode()).isEqualTo(hvcC);
    assertThat(record.vps()).containsExactly(VPS);
    assertThat(record.sps()).containsExactly(SPS);
    assertThat(record.pps()).containsExactly(PPS);
    assertThat(record.nalUnitsOfType(39)).hasSize(1);
  }

  static Stream<Arguments> malformed() {
    byte[] good = (byte[]) vectors().findFirst().orElseThrow().get()[1];
    byte[] header = FIXTURE_HEADER;
    return Stream.of(
        Arguments.of("empty", of(), "truncated at configurationVersion (byte 0)"),
        Arguments.of(
            "version 0",
            concat(of(0x00), Arrays.copyOfRange(good, 1, good.length)),
            "configurationVersion at byte 0 is 0"),
        Arguments.of("truncated at profile", of(0x01), "truncated at general_profile_space"),
        Arguments.of(
            "truncated in compatibility flags",
            Arrays.copyOf(good, 4),
            "truncated at general_profile_compatibility_flags (byte 2): needs 4 bytes, 2 remain"),
        Arguments.of(
            "truncated in constraint flags",
            Arrays.copyOf(good, 8),
            "truncated at general_constraint_indicator_flags"),
        Arguments.of(
            "truncated at level", Arrays.copyOf(good, 12), "truncated at general_level_idc"),
        Arguments.of(
            "truncated in segmentation",
            Arrays.copyOf(good, 14),
            "truncated at min_spatial_segmentation_idc"),
        Arguments.of(
            "truncated at parallelism", Arrays.copyOf(good, 15), "truncated at parallelismType"),
        Arguments.of("truncated at chroma", Arrays.copyOf(good, 16), "truncated at chromaFormat"),
        Arguments.of(
            "truncated at luma depth", Arrays.copyOf(good, 17), "truncated at bitDepthLumaMinus8"),
        Arguments.of(
            "truncated at chroma depth",
            Arrays.copyOf(good, 18),
            "truncated at bitDepthChromaMinus8"),
        Arguments.of(
            "truncated in avgFrameRate", Arrays.copyOf(good, 20), "truncated at avgFrameRate"),
        Arguments.of(
            "truncated at flags", Arrays.copyOf(good, 21), "truncated at constantFrameRate"),
        Arguments.of("truncated at numOfArrays", header, "truncated at numOfArrays (byte 22)"),
        Arguments.of(
            "lengthSizeMinusOne 2",
            concat(Arrays.copyOf(header, 21), of(0x0e, 0x00)),
            "lengthSizeMinusOne at byte 21 is 2"),
        Arguments.of(
            "array count overruns",
            concat(header, of(0x02, 0xa2, 0x00, 0x01, 0x00, 0x01, 0x44)),
            "truncated at array[1] NAL_unit_type (byte 29)"),
        Arguments.of(
            "truncated in numNalus",
            concat(header, of(0x01, 0xa2, 0x00)),
            "truncated at array[0] numNalus"),
        Arguments.of(
            "NAL count overruns",
            concat(header, of(0x01, 0xa2, 0x00, 0x02, 0x00, 0x01, 0x44)),
            "truncated at array[0] nalUnit[1] length"),
        Arguments.of(
            "NAL length overruns",
            concat(header, of(0x01, 0xa2, 0x00, 0x01, 0x00, 0x09, 0x44)),
            "truncated at array[0] nalUnit[0] (byte 28): needs 9 bytes, 1 remain"),
        Arguments.of(
            "NAL of length 0",
            concat(header, of(0x01, 0xa2, 0x00, 0x01, 0x00, 0x00)),
            "array[0] nalUnit[0] at byte 26 has length 0"),
        Arguments.of(
            "257 NAL units claimed",
            concat(header, of(0x01, 0xa2, 0x01, 0x01)),
            "array[0] numNalus 257 at byte 24 brings the record over 256 NAL units"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void parse_malformed_throwsProtocolException(String name, byte[] bytes, String message) {
    assertThatThrownBy(() -> HevcDecoderConfigurationRecord.parse(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("hevc.config")
        .hasMessageContaining(message);
  }

  @Test
  void new_lengthSizeMinusOne2_throwsIllegalArgument() {
    assertThatThrownBy(
            () ->
                new HevcDecoderConfigurationRecord(
                    0, false, 1, 0, 0, 60, 0, 0, 1, 0, 0, 0, 0, 1, true, 2, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void new_constraintFlagsOver48Bits_throwsIllegalArgument() {
    assertThatThrownBy(
            () ->
                new HevcDecoderConfigurationRecord(
                    0, false, 1, 0, 1L << 48, 60, 0, 0, 1, 0, 0, 0, 0, 1, true, 3, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
