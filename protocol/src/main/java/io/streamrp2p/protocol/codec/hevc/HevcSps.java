package io.streamrp2p.protocol.codec.hevc;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.BitReader;
import io.streamrp2p.protocol.codec.Nalus;

/**
 * The leading fields of an H.265 sequence parameter set (ITU-T H.265 7.3.2.2.1) up to the bit
 * depths: profile, tier and level from profile_tier_level (7.3.3) and the picture size after the
 * conformance window.
 *
 * @param generalProfileCompatibilityFlags flag j in bit 31 - j
 */
public record HevcSps(
    int vpsId,
    int maxSubLayersMinus1,
    boolean temporalIdNesting,
    int generalProfileSpace,
    boolean generalTierFlag,
    int generalProfileIdc,
    int generalProfileCompatibilityFlags,
    int generalLevelIdc,
    int seqParameterSetId,
    int chromaFormatIdc,
    boolean separateColourPlane,
    int picWidthInLumaSamples,
    int picHeightInLumaSamples,
    ConformanceWindow conformanceWindow,
    int bitDepthLuma,
    int bitDepthChroma) {

  private static final String LAYER = "hevc.sps";
  private static final int NAL_TYPE_SPS = 33;

  /**
   * Luma samples across or down a picture. A.4.1 bounds both by Sqrt(MaxLumaPs * 8); the largest
   * MaxLumaPs (level 6.x, Table A.8) is 35 651 584, giving 16 888.
   */
  static final int LUMA_SAMPLES_PER_DIMENSION_MAX = 16888;

  /** sps_max_sub_layers_minus1 is 0..6 (7.4.3.2.1). */
  private static final int SUB_LAYERS_MINUS1_MAX = 6;

  /** conf_win_*_offset in chroma sample units (7.4.3.2.1); zero without conformance_window. */
  public record ConformanceWindow(int left, int right, int top, int bottom) {
    public static final ConformanceWindow NONE = new ConformanceWindow(0, 0, 0, 0);
  }

  /** Displayed width: pic_width_in_luma_samples minus SubWidthC * (left + right). */
  public int width() {
    return picWidthInLumaSamples
        - subWidthC() * (conformanceWindow.left() + conformanceWindow.right());
  }

  /** Displayed height: pic_height_in_luma_samples minus SubHeightC * (top + bottom). */
  public int height() {
    return picHeightInLumaSamples
        - subHeightC() * (conformanceWindow.top() + conformanceWindow.bottom());
  }

  /** SubWidthC of Table 6-1: 2 for 4:2:0 and 4:2:2, else 1. */
  public int subWidthC() {
    return !separateColourPlane && (chromaFormatIdc == 1 || chromaFormatIdc == 2) ? 2 : 1;
  }

  /** SubHeightC of Table 6-1: 2 for 4:2:0, else 1. */
  public int subHeightC() {
    return !separateColourPlane && chromaFormatIdc == 1 ? 2 : 1;
  }

  public static HevcSps parse(byte[] nalUnit) {
    return parse(nalUnit, 0, nalUnit.length);
  }

  /** Parses the SPS NAL unit, 2-byte header included, emulation prevention bytes in place. */
  public static HevcSps parse(byte[] data, int offset, int length) {
    BitReader in = new BitReader(LAYER, Nalus.unescape(data, offset, length));
    ProtocolException.check(in.readBit() == 0, LAYER, "forbidden_zero_bit is set");
    int type = in.readInt(6);
    ProtocolException.check(
        type == NAL_TYPE_SPS, LAYER, "nal_unit_type is " + type + ", expected 33 (SPS)");
    int layerId = in.readInt(6);
    // Layers above 0 (MV-HEVC/SHVC, F.7.3.2.2.1) replace sps_max_sub_layers_minus1 and may omit
    // profile_tier_level; a streaming hub only needs the base layer.
    ProtocolException.check(
        layerId == 0, LAYER, "nuh_layer_id is " + layerId + "; only base-layer SPS are read");
    in.skipBits(3); // nuh_temporal_id_plus1
    int vpsId = in.readInt(4);
    int maxSubLayersMinus1 = in.readInt(3);
    ProtocolException.check(
        maxSubLayersMinus1 <= SUB_LAYERS_MINUS1_MAX,
        LAYER,
        "sps_max_sub_layers_minus1 at bit 20 is 7, must be 0..6");
    boolean nesting = in.readFlag();
    ProfileTierLevel ptl = ProfileTierLevel.read(in, maxSubLayersMinus1);
    int spsId = in.readUe("sps_seq_parameter_set_id", 15);
    int chroma = in.readUe("chroma_format_idc", 3);
    boolean separate = chroma == 3 && in.readFlag();
    int width = in.readUe("pic_width_in_luma_samples", LUMA_SAMPLES_PER_DIMENSION_MAX);
    int height = in.readUe("pic_height_in_luma_samples", LUMA_SAMPLES_PER_DIMENSION_MAX);
    ProtocolException.check(width > 0 && height > 0, LAYER, "picture size is zero");
    ConformanceWindow window = ConformanceWindow.NONE;
    if (in.readFlag()) {
      window =
          new ConformanceWindow(
              in.readUe("conf_win_left_offset", LUMA_SAMPLES_PER_DIMENSION_MAX),
              in.readUe("conf_win_right_offset", LUMA_SAMPLES_PER_DIMENSION_MAX),
              in.readUe("conf_win_top_offset", LUMA_SAMPLES_PER_DIMENSION_MAX),
              in.readUe("conf_win_bottom_offset", LUMA_SAMPLES_PER_DIMENSION_MAX));
    }
    int lumaDepth = in.readUe("bit_depth_luma_minus8", 8) + 8;
    int chromaDepth = in.readUe("bit_depth_chroma_minus8", 8) + 8;
    HevcSps sps =
        new HevcSps(
            vpsId,
            maxSubLayersMinus1,
            nesting,
            ptl.profileSpace,
            ptl.tier,
            ptl.profileIdc,
            ptl.compatibility,
            ptl.levelIdc,
            spsId,
            chroma,
            separate,
            width,
            height,
            window,
            lumaDepth,
            chromaDepth);
    ProtocolException.check(
        sps.width() > 0 && sps.height() > 0,
        LAYER,
        "conformance window " + window + " leaves no picture of " + width + " x " + height);
    return sps;
  }

  /** The general part of profile_tier_level() (7.3.3); sub-layer parts are skipped. */
  private record ProfileTierLevel(
      int profileSpace, boolean tier, int profileIdc, int compatibility, int levelIdc) {

    /** general/sub_layer profile fields after the 8 bits of space, tier and idc. */
    private static final int PROFILE_FLAGS_BITS = 32 + 4 + 43 + 1;

    static ProfileTierLevel read(BitReader in, int maxSubLayersMinus1) {
      int profileSpace = in.readInt(2);
      boolean tier = in.readFlag();
      int profileIdc = in.readInt(5);
      int compatibility = (int) in.readBits(32);
      in.skipBits(PROFILE_FLAGS_BITS - 32); // source flags, constraint flags, inbld/reserved
      int levelIdc = in.readInt(8);
      boolean[] profilePresent = new boolean[maxSubLayersMinus1];
      boolean[] levelPresent = new boolean[maxSubLayersMinus1];
      for (int i = 0; i < maxSubLayersMinus1; i++) {
        profilePresent[i] = in.readFlag();
        levelPresent[i] = in.readFlag();
      }
      if (maxSubLayersMinus1 > 0) {
        in.skipBits(2L * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
      }
      for (int i = 0; i < maxSubLayersMinus1; i++) {
        if (profilePresent[i]) {
          in.skipBits(8 + PROFILE_FLAGS_BITS); // sub_layer space, tier, idc and flags
        }
        if (levelPresent[i]) {
          in.skipBits(8); // sub_layer_level_idc
        }
      }
      return new ProfileTierLevel(profileSpace, tier, profileIdc, compatibility, levelIdc);
    }
  }
}
