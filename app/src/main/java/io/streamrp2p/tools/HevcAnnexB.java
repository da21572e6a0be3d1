package io.streamrp2p.tools;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.BitReader;
import io.streamrp2p.protocol.codec.NalUnit;
import io.streamrp2p.protocol.codec.Nalus;
import io.streamrp2p.protocol.codec.hevc.HevcDecoderConfigurationRecord;
import io.streamrp2p.protocol.codec.hevc.HevcDecoderConfigurationRecord.NalArray;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.VideoTagHeader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an H.265 Annex B elementary stream (what {@code ffmpeg -f hevc} writes) into Enhanced RTMP
 * video tags: one SequenceStart with the HEVCDecoderConfigurationRecord built from the first
 * in-band VPS, SPS and PPS, then one CodedFramesX tag (no composition time) per access unit with
 * 4-byte length-prefixed NAL units. Timestamps are frame index * 1000 / fps, so the stream must be
 * in presentation order: encode it without B-frames ({@code -x265-params bframes=0}).
 */
final class HevcAnnexB {
  private static final String LAYER = "hevc.annexb";
  private static final int NAL_AUD = 35;
  private static final int NAL_PREFIX_SEI = 39;
  private static final int LENGTH_SIZE = 4;

  /** An elementary stream has far more NAL units than one access unit: 2^24 bounds the list. */
  private static final int NALUS_PER_STREAM_MAX = 1 << 24;

  private HevcAnnexB() {}

  static List<FlvTag> toTags(byte[] stream, int fps) {
    if (fps < 1 || fps > 1000) {
      throw new IllegalArgumentException("fps must be 1..1000: " + fps);
    }
    List<List<NalUnit>> accessUnits =
        accessUnits(Nalus.splitAnnexB(stream, 0, stream.length, NALUS_PER_STREAM_MAX));
    List<FlvTag> tags = new ArrayList<>();
    tags.add(sequenceStart(configuration(accessUnits)));
    for (int i = 0; i < accessUnits.size(); i++) {
      tags.add(codedFrames(accessUnits.get(i), i * 1000L / fps));
    }
    return tags;
  }

  /** H.265 7.4.2.4.4: which NAL units begin a new access unit once a picture has been seen. */
  static List<List<NalUnit>> accessUnits(List<NalUnit> nals) {
    List<List<NalUnit>> out = new ArrayList<>();
    List<NalUnit> current = new ArrayList<>();
    boolean seenVcl = false;
    for (NalUnit nal : nals) {
      int type = nal.hevcType();
      boolean vcl = type < 32;
      boolean firstSlice = vcl && nal.length() > 2 && (nal.buffer()[nal.offset() + 2] & 0x80) != 0;
      boolean starter =
          (type >= 32 && type <= NAL_PREFIX_SEI)
              || (type >= 41 && type <= 44)
              || (type >= 48 && type <= 55)
              || firstSlice;
      if (seenVcl && starter) {
        out.add(current);
        current = new ArrayList<>();
        seenVcl = false;
      }
      if (type != NAL_AUD) {
        current.add(nal);
      }
      seenVcl |= vcl;
    }
    if (seenVcl) {
      out.add(current);
    }
    ProtocolException.check(!out.isEmpty(), LAYER, "no coded picture in the stream");
    return out;
  }

  private static HevcDecoderConfigurationRecord configuration(List<List<NalUnit>> accessUnits) {
    byte[] vps = null;
    byte[] sps = null;
    byte[] pps = null;
    for (List<NalUnit> au : accessUnits) {
      for (NalUnit nal : au) {
        switch (nal.hevcType()) {
          case HevcDecoderConfigurationRecord.NAL_TYPE_VPS ->
              vps = vps == null ? nal.toArray() : vps;
          case HevcDecoderConfigurationRecord.NAL_TYPE_SPS ->
              sps = sps == null ? nal.toArray() : sps;
          case HevcDecoderConfigurationRecord.NAL_TYPE_PPS ->
              pps = pps == null ? nal.toArray() : pps;
          default -> {}
        }
      }
      if (vps != null && sps != null && pps != null) {
        return fromParameterSets(vps, sps, pps);
      }
    }
    throw new ProtocolException(LAYER, "stream lacks an in-band VPS, SPS or PPS");
  }

  /**
   * The record's profile, tier, level, chroma format and bit depths come from the SPS (H.265
   * 7.3.2.2.1 and profile_tier_level 7.3.3); the fields an SPS does not carry (segmentation,
   * parallelism, frame rate) are 0, "unknown", as ffmpeg writes them for such streams.
   */
  static HevcDecoderConfigurationRecord fromParameterSets(byte[] vps, byte[] sps, byte[] pps) {
    byte[] rbsp = Nalus.unescape(sps, 2, sps.length - 2);
    BitReader r = new BitReader("hevc.sps", rbsp);
    r.skipBits(4); // sps_video_parameter_set_id
    int maxSubLayersMinus1 = r.readInt(3);
    boolean temporalIdNested = r.readFlag();
    int profileSpace = r.readInt(2);
    boolean tier = r.readFlag();
    int profileIdc = r.readInt(5);
    int compatibility = (int) r.readBits(32);
    long constraints = r.readBits(32) << 16 | r.readBits(16);
    int levelIdc = r.readInt(8);
    skipSubLayers(r, maxSubLayersMinus1);
    r.readUe("sps_seq_parameter_set_id", 15);
    int chroma = r.readUe("chroma_format_idc", 3);
    if (chroma == 3) {
      r.skipBits(1); // separate_colour_plane_flag
    }
    r.readUe();
    r.readUe(); // pic_width_in_luma_samples, pic_height_in_luma_samples
    if (r.readFlag()) { // conformance_window_flag: four offsets
      for (int i = 0; i < 4; i++) {
        r.readUe();
      }
    }
    int bitDepthLuma = r.readUe("bit_depth_luma_minus8", 7);
    int bitDepthChroma = r.readUe("bit_depth_chroma_minus8", 7);
    List<NalArray> arrays =
        List.of(
            new NalArray(true, HevcDecoderConfigurationRecord.NAL_TYPE_VPS, List.of(vps)),
            new NalArray(true, HevcDecoderConfigurationRecord.NAL_TYPE_SPS, List.of(sps)),
            new NalArray(true, HevcDecoderConfigurationRecord.NAL_TYPE_PPS, List.of(pps)));
    return new HevcDecoderConfigurationRecord(
        profileSpace,
        tier,
        profileIdc,
        compatibility,
        constraints,
        levelIdc,
        0,
        0,
        chroma,
        bitDepthLuma,
        bitDepthChroma,
        0,
        0,
        maxSubLayersMinus1 + 1,
        temporalIdNested,
        LENGTH_SIZE - 1,
        arrays);
  }

  /** The sub-layer part of profile_tier_level (7.3.3), which the record does not need. */
  private static void skipSubLayers(BitReader r, int maxSubLayersMinus1) {
    boolean[] profilePresent = new boolean[maxSubLayersMinus1];
    boolean[] levelPresent = new boolean[maxSubLayersMinus1];
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      profilePresent[i] = r.readFlag();
      levelPresent[i] = r.readFlag();
    }
    if (maxSubLayersMinus1 > 0) {
      r.skipBits(2L * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
    }
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      r.skipBits((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
    }
  }

  private static FlvTag sequenceStart(HevcDecoderConfigurationRecord config) {
    VideoTagHeader header =
        VideoTagHeader.enhanced(
            VideoTagHeader.FRAME_KEY,
            VideoTagHeader.PACKET_SEQUENCE_START,
            VideoTagHeader.FOURCC_HVC1,
            0);
    return new FlvTag(FlvTag.TYPE_VIDEO, 0, concat(header.encode(), config.encode()));
  }

  private static FlvTag codedFrames(List<NalUnit> accessUnit, long timestampMs) {
    boolean key = accessUnit.stream().anyMatch(n -> n.hevcType() >= 16 && n.hevcType() <= 23);
    VideoTagHeader header =
        VideoTagHeader.enhanced(
            key ? VideoTagHeader.FRAME_KEY : VideoTagHeader.FRAME_INTER,
            VideoTagHeader.PACKET_CODED_FRAMES_X,
            VideoTagHeader.FOURCC_HVC1,
            0);
    List<byte[]> nals = accessUnit.stream().map(NalUnit::toArray).toList();
    return new FlvTag(
        FlvTag.TYPE_VIDEO,
        timestampMs,
        concat(header.encode(), Nalus.writeLengthPrefixed(nals, LENGTH_SIZE)));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.write(a, 0, a.length);
    out.write(b, 0, b.length);
    return out.toByteArray();
  }
}
