package io.streamrp2p.protocol.codec.avc;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.BitReader;
import io.streamrp2p.protocol.codec.Nalus;

/**
 * Parses an H.264 sequence parameter set NAL unit (ITU-T H.264 7.3.2.1.1, VUI in E.1.1) up to the
 * VUI timing information. Every value range the spec states for a field we read is checked.
 */
public final class SpsParser {
  private static final String LAYER = "avc.sps";
  private static final int NAL_TYPE_SPS = 7;

  /**
   * Macroblocks across or down a picture. A.3.1 f/g bound PicWidthInMbs and FrameHeightInMbs by
   * Sqrt(MaxFS * 8); the largest MaxFS (level 6.2, Table A-1) is 139264, giving 1055. The bound
   * also keeps every size computation far from int overflow.
   */
  static final int MBS_PER_DIMENSION_MAX = 1055;

  /** num_ref_frames_in_pic_order_cnt_cycle range, 7.4.2.1.1. */
  static final int REF_FRAMES_IN_POC_CYCLE_MAX = 255;

  /** max_num_ref_frames is at most MaxDpbFrames, which A.3.1 h caps at 16. */
  static final int REF_FRAMES_MAX = 16;

  private SpsParser() {}

  public static AvcSps parse(byte[] nalUnit) {
    return parse(nalUnit, 0, nalUnit.length);
  }

  /** Parses the SPS NAL unit, header byte included, emulation prevention bytes still in place. */
  public static AvcSps parse(byte[] data, int offset, int length) {
    byte[] rbsp = Nalus.unescape(data, offset, length);
    BitReader in = new BitReader(LAYER, rbsp);
    ProtocolException.check(in.readBit() == 0, LAYER, "forbidden_zero_bit is set");
    in.skipBits(2); // nal_ref_idc
    int type = in.readInt(5);
    ProtocolException.check(
        type == NAL_TYPE_SPS, LAYER, "nal_unit_type is " + type + ", expected 7 (SPS)");
    int profileIdc = in.readInt(8);
    int constraintFlags = in.readInt(8);
    int levelIdc = in.readInt(8);
    int spsId = in.readUe("seq_parameter_set_id", 31);
    ChromaInfo chroma = hasChromaInfo(profileIdc) ? readChromaInfo(in) : ChromaInfo.DEFAULT;
    int log2MaxFrameNum = in.readUe("log2_max_frame_num_minus4", 12) + 4;
    int pocType = in.readUe("pic_order_cnt_type", 2);
    skipPicOrderCnt(in, pocType);
    int maxNumRefFrames = in.readUe("max_num_ref_frames", REF_FRAMES_MAX);
    in.skipBits(1); // gaps_in_frame_num_value_allowed_flag
    int widthInMbs = in.readUe("pic_width_in_mbs_minus1", MBS_PER_DIMENSION_MAX - 1) + 1;
    int heightInMapUnits =
        in.readUe("pic_height_in_map_units_minus1", MBS_PER_DIMENSION_MAX - 1) + 1;
    boolean frameMbsOnly = in.readFlag();
    boolean mbAdaptive = !frameMbsOnly && in.readFlag();
    boolean direct8x8 = in.readFlag();
    AvcSps.Cropping cropping = AvcSps.Cropping.NONE;
    if (in.readFlag()) {
      cropping = readCropping(in);
    }
    AvcSps.Timing timing = in.readFlag() ? readVuiTiming(in) : null;
    AvcSps sps =
        new AvcSps(
            profileIdc,
            constraintFlags,
            levelIdc,
            spsId,
            chroma.formatIdc,
            chroma.separateColourPlane,
            chroma.bitDepthLuma,
            chroma.bitDepthChroma,
            log2MaxFrameNum,
            pocType,
            maxNumRefFrames,
            widthInMbs,
            heightInMapUnits,
            frameMbsOnly,
            mbAdaptive,
            direct8x8,
            cropping,
            timing);
    ProtocolException.check(
        sps.width() > 0 && sps.height() > 0,
        LAYER,
        "frame cropping "
            + cropping
            + " leaves no picture of the coded "
            + widthInMbs * 16
            + " x "
            + sps.height()
            + " samples");
    return sps;
  }

  private record ChromaInfo(
      int formatIdc, boolean separateColourPlane, int bitDepthLuma, int bitDepthChroma) {
    /** Inferred values when the profile has no chroma syntax (7.4.2.1.1): 4:2:0, 8 bit. */
    static final ChromaInfo DEFAULT = new ChromaInfo(1, false, 8, 8);
  }

  /** Profiles whose SPS carries chroma_format_idc and the following fields (7.3.2.1.1). */
  private static boolean hasChromaInfo(int profileIdc) {
    switch (profileIdc) {
      case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
        return true;
      default:
        return false;
    }
  }

  private static ChromaInfo readChromaInfo(BitReader in) {
    int formatIdc = in.readUe("chroma_format_idc", 3);
    boolean separate = formatIdc == 3 && in.readFlag();
    int lumaDepth = in.readUe("bit_depth_luma_minus8", 6) + 8;
    int chromaDepth = in.readUe("bit_depth_chroma_minus8", 6) + 8;
    in.skipBits(1); // qpprime_y_zero_transform_bypass_flag
    if (in.readFlag()) { // seq_scaling_matrix_present_flag
      int lists = formatIdc == 3 ? 12 : 8;
      for (int i = 0; i < lists; i++) {
        if (in.readFlag()) { // seq_scaling_list_present_flag[i]
          skipScalingList(in, i < 6 ? 16 : 64);
        }
      }
    }
    return new ChromaInfo(formatIdc, separate, lumaDepth, chromaDepth);
  }

  /** scaling_list() (7.3.2.1.1.1): only the delta_scale values are coded; we need none. */
  private static void skipScalingList(BitReader in, int size) {
    int lastScale = 8;
    int nextScale = 8;
    for (int j = 0; j < size && nextScale != 0; j++) {
      int delta = in.readSe("delta_scale", -128, 127);
      nextScale = (lastScale + delta + 256) % 256;
      lastScale = nextScale == 0 ? lastScale : nextScale;
    }
  }

  private static void skipPicOrderCnt(BitReader in, int pocType) {
    if (pocType == 0) {
      in.readUe("log2_max_pic_order_cnt_lsb_minus4", 12);
    } else if (pocType == 1) {
      in.skipBits(1); // delta_pic_order_always_zero_flag
      in.readSe("offset_for_non_ref_pic", -Integer.MAX_VALUE, Integer.MAX_VALUE);
      in.readSe("offset_for_top_to_bottom_field", -Integer.MAX_VALUE, Integer.MAX_VALUE);
      int cycle = in.readUe("num_ref_frames_in_pic_order_cnt_cycle", REF_FRAMES_IN_POC_CYCLE_MAX);
      for (int i = 0; i < cycle; i++) {
        in.readSe("offset_for_ref_frame", -Integer.MAX_VALUE, Integer.MAX_VALUE);
      }
    }
  }

  private static AvcSps.Cropping readCropping(BitReader in) {
    // Each offset times CropUnit must stay inside the picture; the sum is checked by the caller
    // through width()/height(). MBS_PER_DIMENSION_MAX * 16 bounds a single offset.
    int limit = MBS_PER_DIMENSION_MAX * 16;
    int left = in.readUe("frame_crop_left_offset", limit);
    int right = in.readUe("frame_crop_right_offset", limit);
    int top = in.readUe("frame_crop_top_offset", limit);
    int bottom = in.readUe("frame_crop_bottom_offset", limit);
    return new AvcSps.Cropping(left, right, top, bottom);
  }

  /**
   * vui_parameters() (E.1.1) up to timing_info. Some encoders write a VUI cut short after the
   * fields we need (ffmpeg's h264_ps.c tolerates "Overread VUI" for that reason); we read no
   * further than timing_info, so such streams parse.
   */
  private static AvcSps.Timing readVuiTiming(BitReader in) {
    if (in.readFlag()) { // aspect_ratio_info_present_flag
      int aspectRatioIdc = in.readInt(8);
      if (aspectRatioIdc == 255) { // Extended_SAR
        in.skipBits(32); // sar_width, sar_height
      }
    }
    if (in.readFlag()) { // overscan_info_present_flag
      in.skipBits(1);
    }
    if (in.readFlag()) { // video_signal_type_present_flag
      in.skipBits(4); // video_format, video_full_range_flag
      if (in.readFlag()) { // colour_description_present_flag
        in.skipBits(24);
      }
    }
    if (in.readFlag()) { // chroma_loc_info_present_flag
      in.readUe("chroma_sample_loc_type_top_field", 5);
      in.readUe("chroma_sample_loc_type_bottom_field", 5);
    }
    if (!in.readFlag()) { // timing_info_present_flag
      return null;
    }
    long numUnitsInTick = in.readBits(32);
    long timeScale = in.readBits(32);
    boolean fixed = in.readFlag();
    ProtocolException.check(
        numUnitsInTick > 0 && timeScale > 0,
        LAYER,
        "VUI num_units_in_tick and time_scale must be positive, got "
            + numUnitsInTick
            + "/"
            + timeScale);
    return new AvcSps.Timing(numUnitsInTick, timeScale, fixed);
  }
}
