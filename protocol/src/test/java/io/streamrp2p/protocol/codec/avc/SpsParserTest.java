package io.streamrp2p.protocol.codec.avc;

import static io.streamrp2p.protocol.codec.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.BitWriter;
import io.streamrp2p.protocol.codec.Bytes;
import io.streamrp2p.protocol.codec.Nalus;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpsParserTest {
  /**
   * One SPS written syntax element by syntax element (H.264 7.3.2.1.1). Defaults describe a
   * progressive High 4:2:0 1920x1080 stream; each vector changes the fields it is about.
   */
  static final class Sps {
    int header = 0x67; // forbidden_zero_bit 0, nal_ref_idc 3, nal_unit_type 7
    int profileIdc = 100;
    int constraintFlags = 0;
    int levelIdc = 40;
    long spsId = 0;
    long chromaFormatIdc = 1;
    boolean separateColourPlane = false;
    long bitDepthLumaMinus8 = 0;
    long bitDepthChromaMinus8 = 0;
    boolean scalingMatrix = false;
    long log2MaxFrameNumMinus4 = 0;
    long pocType = 0;
    long pocCycle = 0;
    long maxNumRefFrames = 4;
    long widthInMbsMinus1 = 119;
    long heightInMapUnitsMinus1 = 67;
    boolean frameMbsOnly = true;
    long[] crop = {0, 0, 0, 4}; // left, right, top, bottom
    long[] timing = null; // num_units_in_tick, time_scale, fixed_frame_rate_flag

    Sps with(Consumer<Sps> change) {
      change.accept(this);
      return this;
    }

    byte[] rbsp() {
      BitWriter w = new BitWriter().u(8, header).u(8, profileIdc).u(8, constraintFlags);
      w.u(8, levelIdc).ue(spsId);
      if (profileIdc == 100 || profileIdc == 122 || profileIdc == 244) {
        w.ue(chromaFormatIdc);
        if (chromaFormatIdc == 3) {
          w.flag(separateColourPlane);
        }
        w.ue(bitDepthLumaMinus8).ue(bitDepthChromaMinus8);
        w.u(1, 0); // qpprime_y_zero_transform_bypass_flag
        w.flag(scalingMatrix);
        if (scalingMatrix) {
          writeScalingLists(w, chromaFormatIdc == 3 ? 12 : 8);
        }
      }
      w.ue(log2MaxFrameNumMinus4).ue(pocType);
      if (pocType == 0) {
        w.ue(2); // log2_max_pic_order_cnt_lsb_minus4
      } else if (pocType == 1) {
        w.u(1, 0).se(-1).se(2); // delta_pic_order_always_zero, offsets non-ref, top-to-bottom
        w.ue(pocCycle);
        for (long i = 0; i < Math.min(pocCycle, 300); i++) {
          w.se(i - 1); // offset_for_ref_frame[i]
        }
      }
      w.ue(maxNumRefFrames).u(1, 0); // gaps_in_frame_num_value_allowed_flag
      w.ue(widthInMbsMinus1).ue(heightInMapUnitsMinus1).flag(frameMbsOnly);
      if (!frameMbsOnly) {
        w.u(1, 1); // mb_adaptive_frame_field_flag
      }
      w.u(1, 1); // direct_8x8_inference_flag
      boolean cropping = crop[0] + crop[1] + crop[2] + crop[3] > 0;
      w.flag(cropping);
      if (cropping) {
        w.ue(crop[0]).ue(crop[1]).ue(crop[2]).ue(crop[3]);
      }
      w.flag(timing != null); // vui_parameters_present_flag
      if (timing != null) {
        w.u(1, 1).u(8, 255).u(16, 1).u(16, 1); // aspect ratio: Extended_SAR 1:1
        w.u(1, 0); // overscan_info_present_flag
        w.u(1, 1).u(3, 5).u(1, 0).u(1, 1).u(24, 0x010101); // video signal, colour description
        w.u(1, 1).ue(0).ue(0); // chroma_loc_info
        w.u(1, 1).u(32, timing[0]).u(32, timing[1]).u(1, timing[2]); // timing_info
        w.u(1, 0).u(1, 0).u(1, 0).u(1, 0); // nal/vcl hrd, pic_struct, bitstream_restriction
      }
      return w.trailingBits().toBytes();
    }

    /** The NAL unit: RBSP with emulation prevention. */
    byte[] nal() {
      return Nalus.escape(rbsp());
    }

    /** Present lists: list 0 with a zero delta then an end (nextScale 0), list 6 flat. */
    private static void writeScalingLists(BitWriter w, int count) {
      for (int i = 0; i < count; i++) {
        w.flag(i == 0 || i == 6);
        if (i == 0) {
          w.se(3).se(-11); // 8 -> 11 -> 0: the list ends early
        } else if (i == 6) {
          for (int j = 0; j < 64; j++) {
            w.se(j == 0 ? 8 : 0); // 8 + 8 = 16, then unchanged
          }
        }
      }
    }
  }

  record Expect(int width, int height, int profile, int level, int chromaArrayType, Double fps) {}

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "ffmpeg fixture SPS (High 640x360, VUI 1/50 not fixed)",
            AvcDecoderConfigurationRecordTest.SPS,
            new Expect(640, 360, 100, 30, 1, null)),
        Arguments.of(
            "High 1080p, crop bottom 4 x CropUnitY 2",
            new Sps().nal(),
            new Expect(1920, 1080, 100, 40, 1, null)),
        Arguments.of(
            "Baseline has no chroma syntax",
            new Sps().with(s -> s.profileIdc = 66).nal(),
            new Expect(1920, 1080, 66, 40, 1, null)),
        Arguments.of(
            "4:2:2 interlaced (CropUnitY 1 x 2), scaling lists, POC type 1, 29.97 fixed",
            new Sps()
                .with(
                    s -> {
                      s.profileIdc = 122;
                      s.chromaFormatIdc = 2;
                      s.scalingMatrix = true;
                      s.pocType = 1;
                      s.pocCycle = 3;
                      s.frameMbsOnly = false;
                      s.heightInMapUnitsMinus1 = 33; // 34 map units = 68 MB rows
                      s.crop = new long[] {0, 0, 0, 4};
                      s.timing = new long[] {1001, 60000, 1};
                    })
                .nal(),
            new Expect(1920, 1080, 122, 40, 2, 60000 / 2002.0)),
        Arguments.of(
            "4:4:4 separate planes: ChromaArrayType 0, CropUnitX 1",
            new Sps()
                .with(
                    s -> {
                      s.profileIdc = 244;
                      s.chromaFormatIdc = 3;
                      s.separateColourPlane = true;
                      s.scalingMatrix = true;
                      s.crop = new long[] {3, 5, 0, 8};
                    })
                .nal(),
            new Expect(1912, 1080, 244, 40, 0, null)),
        Arguments.of(
            "monochrome field coded: CropUnitY 2",
            new Sps()
                .with(
                    s -> {
                      s.chromaFormatIdc = 0;
                      s.frameMbsOnly = false;
                      s.heightInMapUnitsMinus1 = 33;
                      s.timing = new long[] {1, 50, 0}; // not fixed: no frame rate
                    })
                .nal(),
            new Expect(1920, 1080, 100, 40, 0, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_validSps_givesPictureFacts(String name, byte[] nal, Expect expected) {
    AvcSps sps = SpsParser.parse(nal);
    assertThat(
            new Expect(
                sps.width(),
                sps.height(),
                sps.profileIdc(),
                sps.levelIdc(),
                sps.chromaArrayType(),
                sps.frameRate().isPresent() ? sps.frameRate().getAsDouble() : null))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_mutatedSps_throwsOnlyProtocolException(String name, byte[] nal) {
    Bytes.assertOnlyProtocolException(nal, 3000, SpsParser::parse);
  }

  @Test
  void parse_fixtureSps_givesEveryField() {
    AvcSps sps = SpsParser.parse(AvcDecoderConfigurationRecordTest.SPS);
    assertThat(sps.seqParameterSetId()).isZero();
    assertThat(sps.constraintFlags()).isZero();
    assertThat(sps.chromaFormatIdc()).isEqualTo(1);
    assertThat(sps.bitDepthLuma()).isEqualTo(8);
    assertThat(sps.picWidthInMbs()).isEqualTo(40);
    assertThat(sps.picHeightInMapUnits()).isEqualTo(23);
    assertThat(sps.cropping()).isEqualTo(new AvcSps.Cropping(0, 0, 0, 4));
    assertThat(sps.frameMbsOnly()).isTrue();
    assertThat(sps.direct8x8Inference()).isTrue();
    assertThat(sps.timing()).contains(new AvcSps.Timing(1, 50, false));
    assertThat(sps.nominalFrameRate()).hasValue(25.0);
    assertThat(sps.frameRate()).isEmpty();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty", of(), "needs 1 bits at bit 0"),
        Arguments.of(
            "forbidden bit",
            new Sps().with(s -> s.header = 0xe7).nal(),
            "forbidden_zero_bit is set"),
        Arguments.of(
            "PPS, not SPS",
            new Sps().with(s -> s.header = 0x68).nal(),
            "nal_unit_type is 8, expected 7"),
        Arguments.of(
            "truncated in level_idc",
            of(0x67, 0x64, 0x00), // header, profile_idc 100, constraint flags; level_idc missing
            "needs 8 bits at bit 24"),
        Arguments.of(
            "exp-Golomb with 32 leading zeros",
            Bytes.concat(
                of(0x67, 0x64, 0x00, 0x28),
                new BitWriter().u(32, 0).u(1, 1).u(32, 0).trailingBits().toBytes()),
            "exp-Golomb code at bit 32 has more than 31 leading zeros"),
        Arguments.of(
            "seq_parameter_set_id 32",
            new Sps().with(s -> s.spsId = 32).nal(),
            "seq_parameter_set_id = 32 at bit 32 exceeds 31"),
        Arguments.of(
            "chroma_format_idc 4",
            new Sps().with(s -> s.chromaFormatIdc = 4).nal(),
            "chroma_format_idc = 4"),
        Arguments.of(
            "bit depth 15",
            new Sps().with(s -> s.bitDepthLumaMinus8 = 7).nal(),
            "bit_depth_luma_minus8 = 7"),
        Arguments.of(
            "log2_max_frame_num 17",
            new Sps().with(s -> s.log2MaxFrameNumMinus4 = 13).nal(),
            "log2_max_frame_num_minus4 = 13"),
        Arguments.of(
            "pic_order_cnt_type 3",
            new Sps().with(s -> s.pocType = 3).nal(),
            "pic_order_cnt_type = 3"),
        Arguments.of(
            "POC cycle of 256",
            new Sps()
                .with(
                    s -> {
                      s.pocType = 1;
                      s.pocCycle = 256;
                    })
                .nal(),
            "num_ref_frames_in_pic_order_cnt_cycle = 256"),
        Arguments.of(
            "17 reference frames",
            new Sps().with(s -> s.maxNumRefFrames = 17).nal(),
            "max_num_ref_frames = 17"),
        Arguments.of(
            "1056 MBs wide",
            new Sps().with(s -> s.widthInMbsMinus1 = 1055).nal(),
            "pic_width_in_mbs_minus1 = 1055"),
        Arguments.of(
            "cropping eats the picture",
            new Sps().with(s -> s.crop = new long[] {480, 480, 0, 0}).nal(),
            "leaves no picture"),
        Arguments.of(
            "VUI time_scale 0",
            new Sps().with(s -> s.timing = new long[] {1, 0, 1}).nal(),
            "time_scale must be positive"),
        Arguments.of(
            "cut inside the VUI timing",
            java.util.Arrays.copyOf(AvcDecoderConfigurationRecordTest.SPS, 18),
            "needs 32 bits"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void parse_malformed_throwsProtocolException(String name, byte[] nal, String message) {
    assertThatThrownBy(() -> SpsParser.parse(nal))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("avc.sps")
        .hasMessageContaining(message);
  }
}
