package io.streamrp2p.protocol.codec.hevc;

import static io.streamrp2p.protocol.codec.ConfigurationRecords.CONFIGURATION_VERSION;
import static io.streamrp2p.protocol.codec.ConfigurationRecords.requireRange;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.ByteArrays;
import io.streamrp2p.protocol.codec.ByteReader;
import io.streamrp2p.protocol.codec.ConfigurationRecords;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 8.3.3.1: what an MP4 {@code hvcC} box and an
 * enhanced-RTMP HEVC sequence header carry.
 *
 * <p>Reserved bits are not checked when parsing and are written as the spec says (ones, and zero
 * for the bit after array_completeness), so a record written that way re-encodes byte for byte.
 * Byte arrays are not copied.
 *
 * @param generalProfileCompatibilityFlags the 32 flags, flag j in bit 31 - j
 * @param generalConstraintIndicatorFlags the 48 bits, right-aligned
 */
public record HevcDecoderConfigurationRecord(
    int generalProfileSpace,
    boolean generalTierFlag,
    int generalProfileIdc,
    int generalProfileCompatibilityFlags,
    long generalConstraintIndicatorFlags,
    int generalLevelIdc,
    int minSpatialSegmentationIdc,
    int parallelismType,
    int chromaFormatIdc,
    int bitDepthLumaMinus8,
    int bitDepthChromaMinus8,
    int avgFrameRate,
    int constantFrameRate,
    int numTemporalLayers,
    boolean temporalIdNested,
    int lengthSizeMinusOne,
    List<NalArray> arrays) {

  private static final String LAYER = "hevc.config";

  /**
   * NAL units in all arrays together. H.265 allows 16 VPS, 16 SPS and 64 PPS ids (7.4.3.1,
   * 7.4.3.2.1, 7.4.3.3.1), 96 parameter sets; declarative SEI adds a few. 256 leaves 2.5x room and
   * stops a small record from describing millions of empty entries.
   */
  public static final int NAL_UNITS_PER_RECORD_MAX = 256;

  public static final int NAL_TYPE_VPS = 32;
  public static final int NAL_TYPE_SPS = 33;
  public static final int NAL_TYPE_PPS = 34;

  /** One array of NAL units of a single type. */
  public record NalArray(boolean arrayCompleteness, int nalUnitType, List<byte[]> nalUnits) {
    public NalArray {
      requireRange(nalUnitType, 63, "nalUnitType");
      nalUnits = List.copyOf(nalUnits);
      if (nalUnits.size() > 0xffff) {
        throw new IllegalArgumentException("numNalus is a 16-bit field");
      }
      for (byte[] nal : nalUnits) {
        if (nal.length == 0 || nal.length > 0xffff) {
          throw new IllegalArgumentException("NAL unit must be 1..65535 bytes");
        }
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NalArray a
          && arrayCompleteness == a.arrayCompleteness
          && nalUnitType == a.nalUnitType
          && ByteArrays.listEquals(nalUnits, a.nalUnits);
    }

    @Override
    public int hashCode() {
      return Objects.hash(arrayCompleteness, nalUnitType) + ByteArrays.listHashCode(nalUnits);
    }

    @Override
    public String toString() {
      return "NalArray[complete="
          + arrayCompleteness
          + ", type="
          + nalUnitType
          + ", count="
          + nalUnits.size()
          + "]";
    }
  }

  public HevcDecoderConfigurationRecord {
    requireRange(generalProfileSpace, 3, "generalProfileSpace");
    requireRange(generalProfileIdc, 31, "generalProfileIdc");
    if (generalConstraintIndicatorFlags < 0 || generalConstraintIndicatorFlags >= 1L << 48) {
      throw new IllegalArgumentException("generalConstraintIndicatorFlags is 48 bits");
    }
    requireRange(generalLevelIdc, 255, "generalLevelIdc");
    requireRange(minSpatialSegmentationIdc, 0xfff, "minSpatialSegmentationIdc");
    requireRange(parallelismType, 3, "parallelismType");
    requireRange(chromaFormatIdc, 3, "chromaFormatIdc");
    requireRange(bitDepthLumaMinus8, 7, "bitDepthLumaMinus8");
    requireRange(bitDepthChromaMinus8, 7, "bitDepthChromaMinus8");
    requireRange(avgFrameRate, 0xffff, "avgFrameRate");
    requireRange(constantFrameRate, 3, "constantFrameRate");
    requireRange(numTemporalLayers, 7, "numTemporalLayers");
    ConfigurationRecords.requireLengthSizeMinusOne(lengthSizeMinusOne);
    arrays = List.copyOf(arrays);
    if (arrays.size() > 255) {
      throw new IllegalArgumentException("numOfArrays is an 8-bit field");
    }
    if (arrays.stream().mapToInt(a -> a.nalUnits().size()).sum() > NAL_UNITS_PER_RECORD_MAX) {
      throw new IllegalArgumentException("more than " + NAL_UNITS_PER_RECORD_MAX + " NAL units");
    }
  }

  /** Bytes in each NAL unit length prefix of the samples this record describes: 1, 2 or 4. */
  public int lengthSize() {
    return lengthSizeMinusOne + 1;
  }

  /** All NAL units of {@code nalUnitType}, in record order. */
  public List<byte[]> nalUnitsOfType(int nalUnitType) {
    List<byte[]> out = new ArrayList<>();
    for (NalArray array : arrays) {
      if (array.nalUnitType() == nalUnitType) {
        out.addAll(array.nalUnits());
      }
    }
    return List.copyOf(out);
  }

  public List<byte[]> vps() {
    return nalUnitsOfType(NAL_TYPE_VPS);
  }

  public List<byte[]> sps() {
    return nalUnitsOfType(NAL_TYPE_SPS);
  }

  public List<byte[]> pps() {
    return nalUnitsOfType(NAL_TYPE_PPS);
  }

  public static HevcDecoderConfigurationRecord parse(byte[] data) {
    return parse(data, 0, data.length);
  }

  /** Parses a whole record; bytes after it are ignored, as for the AVC record. */
  public static HevcDecoderConfigurationRecord parse(byte[] data, int offset, int length) {
    ByteReader in = new ByteReader(LAYER, data, offset, length);
    ConfigurationRecords.readVersion(in, LAYER);
    int profileByte = in.u8("general_profile_space/tier/profile_idc");
    int compatibility = (int) in.bytes(4, "general_profile_compatibility_flags");
    long constraints = in.bytes(6, "general_constraint_indicator_flags");
    int level = in.u8("general_level_idc");
    int segmentation = in.u16("min_spatial_segmentation_idc") & 0xfff;
    int parallelism = in.u8("parallelismType") & 3;
    int chroma = in.u8("chromaFormat") & 3;
    int lumaDepth = in.u8("bitDepthLumaMinus8") & 7;
    int chromaDepth = in.u8("bitDepthChromaMinus8") & 7;
    int avgFrameRate = in.u16("avgFrameRate");
    int flags = in.u8("constantFrameRate/numTemporalLayers/temporalIdNested/lengthSizeMinusOne");
    int lengthSizeMinusOne = flags & 3;
    ConfigurationRecords.checkLengthSizeMinusOne(lengthSizeMinusOne, 21, LAYER);
    List<NalArray> arrays = readArrays(in);
    return new HevcDecoderConfigurationRecord(
        profileByte >>> 6,
        (profileByte & 0x20) != 0,
        profileByte & 0x1f,
        compatibility,
        constraints,
        level,
        segmentation,
        parallelism,
        chroma,
        lumaDepth,
        chromaDepth,
        avgFrameRate,
        flags >>> 6,
        (flags >>> 3) & 7,
        (flags & 4) != 0,
        lengthSizeMinusOne,
        arrays);
  }

  private static List<NalArray> readArrays(ByteReader in) {
    int arrayCount = in.u8("numOfArrays");
    List<NalArray> arrays = new ArrayList<>(arrayCount);
    int total = 0;
    for (int j = 0; j < arrayCount; j++) {
      int header = in.u8("array[" + j + "] NAL_unit_type");
      int at = in.position();
      int count = in.u16("array[" + j + "] numNalus");
      total += count;
      ProtocolException.check(
          total <= NAL_UNITS_PER_RECORD_MAX,
          LAYER,
          "array["
              + j
              + "] numNalus "
              + count
              + " at byte "
              + at
              + " brings the record over "
              + NAL_UNITS_PER_RECORD_MAX
              + " NAL units");
      byte[][] nalUnits = new byte[count][];
      for (int i = 0; i < count; i++) {
        nalUnits[i] = in.lengthPrefixed("array[" + j + "] nalUnit[" + i + "]");
      }
      arrays.add(new NalArray((header & 0x80) != 0, header & 0x3f, List.of(nalUnits)));
    }
    return arrays;
  }

  /** Writes the record; the inverse of {@link #parse} for spec-conformant reserved bits. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(CONFIGURATION_VERSION);
    out.write(generalProfileSpace << 6 | (generalTierFlag ? 0x20 : 0) | generalProfileIdc);
    writeBytes(out, generalProfileCompatibilityFlags & 0xffffffffL, 4);
    writeBytes(out, generalConstraintIndicatorFlags, 6);
    out.write(generalLevelIdc);
    writeBytes(out, 0xf000 | minSpatialSegmentationIdc, 2);
    out.write(0xfc | parallelismType);
    out.write(0xfc | chromaFormatIdc);
    out.write(0xf8 | bitDepthLumaMinus8);
    out.write(0xf8 | bitDepthChromaMinus8);
    writeBytes(out, avgFrameRate, 2);
    out.write(
        constantFrameRate << 6
            | numTemporalLayers << 3
            | (temporalIdNested ? 4 : 0)
            | lengthSizeMinusOne);
    out.write(arrays.size());
    for (NalArray array : arrays) {
      out.write((array.arrayCompleteness() ? 0x80 : 0) | array.nalUnitType());
      writeBytes(out, array.nalUnits().size(), 2);
      for (byte[] nal : array.nalUnits()) {
        writeBytes(out, nal.length, 2);
        out.write(nal, 0, nal.length);
      }
    }
    return out.toByteArray();
  }

  private static void writeBytes(ByteArrayOutputStream out, long value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
  }
}
