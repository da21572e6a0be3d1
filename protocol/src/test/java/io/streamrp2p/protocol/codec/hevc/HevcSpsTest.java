package io.streamrp2p.protocol.codec.hevc;

import static io.streamrp2p.protocol.codec.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.BitWriter;
import io.streamrp2p.protocol.codec.Bytes;
import io.streamrp2p.protocol.codec.Nalus;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HevcSpsTest {
  /**
   * One SPS written syntax element by syntax element (H.265 7.3.2.2.1, 7.3.3) up to the bit depths.
   * Defaults: Main, level 4.1, 4:2:0 1920x1080 coded as 1920x1088 with a conformance window of 4
   * chroma rows at the bottom.
   */
  static final class Sps {
    int nalType = 33;
    int layerId = 0;
    int maxSubLayersMinus1 = 0;
    boolean[] subLayerProfilePresent = new boolean[7];
    boolean[] subLayerLevelPresent = new boolean[7];
    long spsId = 0;
    long chromaFormatIdc = 1;
    long width = 1920;
    long height = 1088;
    long[] window = {0, 0, 0, 4};
    long bitDepthLumaMinus8 = 0;

    Sps with(Consumer<Sps> change) {
      change.accept(this);
      return this;
    }

    byte[] nal() {
      BitWriter w = new BitWriter();
      w.u(1, 0).u(6, nalType).u(6, layerId).u(3, 1); // NAL header, temporal_id_plus1 1
      w.u(4, 0).u(3, maxSubLayersMinus1).u(1, 1); // vps id, sub layers, temporal nesting
      w.u(2, 0).u(1, 0).u(5, 1); // general_profile_space, tier, profile_idc 1 (Main)
      w.u(32, 0x60000000L); // general_profile_compatibility_flags 1, 2
      w.u(4, 0b1001).u(43, 0).u(1, 0); // progressive, frame_only; constraint; inbld
      w.u(8, 123); // general_level_idc (4.1)
      for (int i = 0; i < maxSubLayersMinus1; i++) {
        w.flag(subLayerProfilePresent[i]).flag(subLayerLevelPresent[i]);
      }
      if (maxSubLayersMinus1 > 0) {
        w.u(2 * (8 - maxSubLayersMinus1), 0); // reserved_zero_2bits
      }
      for (int i = 0; i < maxSubLayersMinus1; i++) {
        if (subLayerProfilePresent[i]) {
          w.u(8, 0xff).u(32, 0xffffffffL).u(48, 0xffffffffffffL); // all ones: must be skipped
        }
        if (subLayerLevelPresent[i]) {
          w.u(8, 0xff); // sub_layer_level_idc
        }
      }
      w.ue(spsId).ue(chromaFormatIdc);
      if (chromaFormatIdc == 3) {
        w.u(1, 0); // separate_colour_plane_flag
      }
      w.ue(width).ue(height);
      boolean windowed = window[0] + window[1] + window[2] + window[3] > 0;
      w.flag(windowed);
      if (windowed) {
        w.ue(window[0]).ue(window[1]).ue(window[2]).ue(window[3]);
      }
      w.ue(bitDepthLumaMinus8).ue(0); // bit depths
      w.ue(4); // log2_max_pic_order_cnt_lsb_minus4: a taste of what follows
      return Nalus.escape(w.trailingBits().toBytes());
    }
  }

  record Expect(int width, int height, int profileIdc, int levelIdc, boolean tier) {}

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "x265 fixture SPS, Main 320x240 level 2",
            HevcDecoderConfigurationRecordTest.SPS,
            new Expect(320, 240, 1, 60, false)),
        Arguments.of(
            "1080p, window 4 chroma rows = 8 luma rows",
            new Sps().nal(),
            new Expect(1920, 1080, 1, 123, false)),
        Arguments.of(
            "3 sub-layers, sub-layer 0 with profile, sub-layer 1 with level",
            new Sps()
                .with(
                    s -> {
                      s.maxSubLayersMinus1 = 2;
                      s.subLayerProfilePresent[0] = true;
                      s.subLayerLevelPresent[1] = true;
                    })
                .nal(),
            new Expect(1920, 1080, 1, 123, false)),
        Arguments.of(
            "7 sub-layers, all present",
            new Sps()
                .with(
                    s -> {
                      s.maxSubLayersMinus1 = 6;
                      Arrays.fill(s.subLayerProfilePresent, true);
                      Arrays.fill(s.subLayerLevelPresent, true);
                    })
                .nal(),
            new Expect(1920, 1080, 1, 123, false)),
        Arguments.of(
            "4:2:2: SubWidthC 2, SubHeightC 1",
            new Sps()
                .with(
                    s -> {
                      s.chromaFormatIdc = 2;
                      s.window = new long[] {1, 2, 0, 8};
                    })
                .nal(),
            new Expect(1914, 1080, 1, 123, false)),
        Arguments.of(
            "4:4:4: window in luma samples",
            new Sps()
                .with(
                    s -> {
                      s.chromaFormatIdc = 3;
                      s.window = new long[] {0, 0, 3, 5};
                    })
                .nal(),
            new Expect(1920, 1080, 1, 123, false)),
        Arguments.of(
            "monochrome, no window",
            new Sps()
                .with(
                    s -> {
                      s.chromaFormatIdc = 0;
                      s.height = 1080;
                      s.window = new long[] {0, 0, 0, 0};
                    })
                .nal(),
            new Expect(1920, 1080, 1, 123, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_validSps_givesPictureFacts(String name, byte[] nal, Expect expected) {
    HevcSps sps = HevcSps.parse(nal);
    assertThat(
            new Expect(
                sps.width(),
                sps.height(),
                sps.generalProfileIdc(),
                sps.generalLevelIdc(),
                sps.generalTierFlag()))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_mutatedSps_throwsOnlyProtocolException(String name, byte[] nal) {
    Bytes.assertOnlyProtocolException(nal, 3000, HevcSps::parse);
  }

  @Test
  void parse_fixtureSps_givesEveryField() {
    HevcSps sps = HevcSps.parse(HevcDecoderConfigurationRecordTest.SPS);
    assertThat(sps.vpsId()).isZero();
    assertThat(sps.maxSubLayersMinus1()).isZero();
    assertThat(sps.generalProfileCompatibilityFlags()).isEqualTo(0x60000000);
    assertThat(sps.seqParameterSetId()).isZero();
    assertThat(sps.chromaFormatIdc()).isEqualTo(1);
    assertThat(sps.picWidthInLumaSamples()).isEqualTo(320);
    assertThat(sps.picHeightInLumaSamples()).isEqualTo(240);
    assertThat(sps.conformanceWindow()).isEqualTo(HevcSps.ConformanceWindow.NONE);
    assertThat(sps.bitDepthLuma()).isEqualTo(8);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty", of(), "needs 1 bits at bit 0"),
        Arguments.of(
            "forbidden bit",
            Bytes.concat(of(0xc2, 0x01), Arrays.copyOfRange(new Sps().nal(), 2, 20)),
            "forbidden_zero_bit is set"),
        Arguments.of(
            "PPS, not SPS",
            new Sps().with(s -> s.nalType = 34).nal(),
            "nal_unit_type is 34, expected 33"),
        Arguments.of(
            "enhancement layer", new Sps().with(s -> s.layerId = 1).nal(), "nuh_layer_id is 1"),
        Arguments.of(
            "8 sub-layers",
            new Sps().with(s -> s.maxSubLayersMinus1 = 7).nal(),
            "sps_max_sub_layers_minus1 at bit 20 is 7"),
        Arguments.of(
            "truncated in profile_tier_level",
            Arrays.copyOf(HevcDecoderConfigurationRecordTest.SPS, 10),
            "needs 48 bits at bit 64"),
        Arguments.of(
            "truncated in sub-layer profile",
            Arrays.copyOf(
                new Sps()
                    .with(
                        s -> {
                          s.maxSubLayersMinus1 = 1;
                          s.subLayerProfilePresent[0] = true;
                        })
                    .nal(),
                20),
            "needs 88 bits"),
        Arguments.of(
            "sps id 16",
            new Sps().with(s -> s.spsId = 16).nal(),
            "sps_seq_parameter_set_id = 16 at bit 120 exceeds 15"),
        Arguments.of(
            "exp-Golomb overflow in sps id",
            // header and profile_tier_level (120 bits), then 32 zero bits and a one
            Nalus.escape(
                Bytes.concat(
                    Arrays.copyOf(Nalus.unescape(new Sps().nal()), 15), of(0, 0, 0, 0, 0x80))),
            "exp-Golomb code at bit 120 has more than 31 leading zeros"),
        Arguments.of(
            "chroma_format_idc 4",
            new Sps().with(s -> s.chromaFormatIdc = 4).nal(),
            "chroma_format_idc = 4"),
        Arguments.of("width 0", new Sps().with(s -> s.width = 0).nal(), "picture size is zero"),
        Arguments.of(
            "width over the level 6.2 bound",
            new Sps().with(s -> s.width = 16889).nal(),
            "pic_width_in_luma_samples = 16889"),
        Arguments.of(
            "window eats the picture",
            new Sps().with(s -> s.window = new long[] {480, 480, 0, 0}).nal(),
            "leaves no picture of 1920 x 1088"),
        Arguments.of(
            "bit depth 17",
            new Sps().with(s -> s.bitDepthLumaMinus8 = 9).nal(),
            "bit_depth_luma_minus8 = 9"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void parse_malformed_throwsProtocolException(String name, byte[] nal, String message) {
    assertThatThrownBy(() -> HevcSps.parse(nal))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("hevc.sps")
        .hasMessageContaining(message);
  }
}
