package io.streamrp2p.protocol.codec.avc;

import static io.streamrp2p.protocol.codec.ConfigurationRecords.CONFIGURATION_VERSION;
import static io.streamrp2p.protocol.codec.ConfigurationRecords.requireRange;

import io.streamrp2p.protocol.codec.ByteArrays;
import io.streamrp2p.protocol.codec.ByteReader;
import io.streamrp2p.protocol.codec.ConfigurationRecords;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * AVCDecoderConfigurationRecord, ISO/IEC 14496-15 5.3.3.1: the H.264 parameter sets and NAL length
 * size that an FLV "AVC sequence header" and an MP4 {@code avcC} box carry.
 *
 * <p>Reserved bits are not checked when parsing and are written as ones, as the spec says; a record
 * whose reserved bits are set therefore re-encodes byte for byte. Byte arrays are not copied.
 *
 * @param highProfileTrailer the chroma/bit-depth/SPS-extension trailer that 5.3.3.1 adds for
 *     profiles 100, 110, 122 and 144, or {@code null} when the record omits it
 */
public record AvcDecoderConfigurationRecord(
    int profileIndication,
    int profileCompatibility,
    int levelIndication,
    int lengthSizeMinusOne,
    List<byte[]> sps,
    List<byte[]> pps,
    HighProfileTrailer highProfileTrailer) {

  private static final String LAYER = "avc.config";

  /** numOfSequenceParameterSets is a 5-bit field. */
  private static final int SPS_COUNT_MAX = 31;

  /** numOfPictureParameterSets and numOfSequenceParameterSetExt are 8-bit fields. */
  private static final int PPS_COUNT_MAX = 255;

  /** The fields 5.3.3.1 appends for High profiles. */
  public record HighProfileTrailer(
      int chromaFormat, int bitDepthLumaMinus8, int bitDepthChromaMinus8, List<byte[]> spsExt) {
    public HighProfileTrailer {
      requireRange(chromaFormat, 3, "chromaFormat");
      requireRange(bitDepthLumaMinus8, 7, "bitDepthLumaMinus8");
      requireRange(bitDepthChromaMinus8, 7, "bitDepthChromaMinus8");
      spsExt = List.copyOf(spsExt);
      requireNalUnits(spsExt, PPS_COUNT_MAX, "spsExt");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HighProfileTrailer t
          && chromaFormat == t.chromaFormat
          && bitDepthLumaMinus8 == t.bitDepthLumaMinus8
          && bitDepthChromaMinus8 == t.bitDepthChromaMinus8
          && ByteArrays.listEquals(spsExt, t.spsExt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(chromaFormat, bitDepthLumaMinus8, bitDepthChromaMinus8)
          + ByteArrays.listHashCode(spsExt);
    }
  }

  public AvcDecoderConfigurationRecord {
    requireRange(profileIndication, 255, "profileIndication");
    requireRange(profileCompatibility, 255, "profileCompatibility");
    requireRange(levelIndication, 255, "levelIndication");
    ConfigurationRecords.requireLengthSizeMinusOne(lengthSizeMinusOne);
    sps = List.copyOf(sps);
    pps = List.copyOf(pps);
    requireNalUnits(sps, SPS_COUNT_MAX, "sps");
    requireNalUnits(pps, PPS_COUNT_MAX, "pps");
  }

  /** Whether 5.3.3.1 defines the trailer for this profile. */
  public static boolean hasHighProfileTrailer(int profileIndication) {
    return profileIndication == 100
        || profileIndication == 110
        || profileIndication == 122
        || profileIndication == 144;
  }

  /** Bytes in each NAL unit length prefix of the samples this record describes: 1, 2 or 4. */
  public int lengthSize() {
    return lengthSizeMinusOne + 1;
  }

  public Optional<HighProfileTrailer> trailer() {
    return Optional.ofNullable(highProfileTrailer);
  }

  public static AvcDecoderConfigurationRecord parse(byte[] data) {
    return parse(data, 0, data.length);
  }

  /**
   * Parses a whole record. Bytes after the record are ignored: FLV and MP4 writers are known to pad
   * sequence headers, and nothing after the record has meaning.
   */
  public static AvcDecoderConfigurationRecord parse(byte[] data, int offset, int length) {
    ByteReader in = new ByteReader(LAYER, data, offset, length);
    ConfigurationRecords.readVersion(in, LAYER);
    int profile = in.u8("AVCProfileIndication");
    int compatibility = in.u8("profile_compatibility");
    int level = in.u8("AVCLevelIndication");
    int lengthSizeMinusOne = in.u8("lengthSizeMinusOne") & 0x03;
    ConfigurationRecords.checkLengthSizeMinusOne(lengthSizeMinusOne, 4, LAYER);
    int spsCount = in.u8("numOfSequenceParameterSets") & 0x1f;
    List<byte[]> sps = readNalUnits(in, spsCount, "sequenceParameterSetNALUnit");
    int ppsCount = in.u8("numOfPictureParameterSets");
    List<byte[]> pps = readNalUnits(in, ppsCount, "pictureParameterSetNALUnit");
    HighProfileTrailer trailer = null;
    // Many encoders (older ffmpeg/x264 muxers, several hardware encoders) omit the High-profile
    // trailer although 5.3.3.1 requires it; decoders get the same facts from the SPS, so its
    // absence is tolerated. A trailer that is started must be complete.
    if (hasHighProfileTrailer(profile) && in.remaining() > 0) {
      trailer = readTrailer(in);
    }
    return new AvcDecoderConfigurationRecord(
        profile, compatibility, level, lengthSizeMinusOne, sps, pps, trailer);
  }

  private static HighProfileTrailer readTrailer(ByteReader in) {
    int chroma = in.u8("chroma_format") & 0x03;
    int lumaDepth = in.u8("bit_depth_luma_minus8") & 0x07;
    int chromaDepth = in.u8("bit_depth_chroma_minus8") & 0x07;
    int extCount = in.u8("numOfSequenceParameterSetExt");
    List<byte[]> ext = readNalUnits(in, extCount, "sequenceParameterSetExtNALUnit");
    return new HighProfileTrailer(chroma, lumaDepth, chromaDepth, ext);
  }

  private static List<byte[]> readNalUnits(ByteReader in, int count, String field) {
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] = in.lengthPrefixed(field + "[" + i + "]");
    }
    return List.of(out);
  }

  /** Writes the record; with reserved bits set to ones it is the inverse of {@link #parse}. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(CONFIGURATION_VERSION);
    out.write(profileIndication);
    out.write(profileCompatibility);
    out.write(levelIndication);
    out.write(0xfc | lengthSizeMinusOne);
    out.write(0xe0 | sps.size());
    writeNalUnits(out, sps);
    out.write(pps.size());
    writeNalUnits(out, pps);
    if (highProfileTrailer != null) {
      out.write(0xfc | highProfileTrailer.chromaFormat());
      out.write(0xf8 | highProfileTrailer.bitDepthLumaMinus8());
      out.write(0xf8 | highProfileTrailer.bitDepthChromaMinus8());
      out.write(highProfileTrailer.spsExt().size());
      writeNalUnits(out, highProfileTrailer.spsExt());
    }
    return out.toByteArray();
  }

  private static void writeNalUnits(ByteArrayOutputStream out, List<byte[]> nalUnits) {
    for (byte[] nal : nalUnits) {
      out.write(nal.length >>> 8);
      out.write(nal.length);
      out.write(nal, 0, nal.length);
    }
  }

  private static void requireNalUnits(List<byte[]> nalUnits, int countMax, String name) {
    if (nalUnits.size() > countMax) {
      throw new IllegalArgumentException(name + " holds at most " + countMax + " NAL units");
    }
    for (byte[] nal : nalUnits) {
      if (nal.length == 0 || nal.length > 0xffff) {
        throw new IllegalArgumentException(name + " NAL unit must be 1..65535 bytes");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AvcDecoderConfigurationRecord r
        && profileIndication == r.profileIndication
        && profileCompatibility == r.profileCompatibility
        && levelIndication == r.levelIndication
        && lengthSizeMinusOne == r.lengthSizeMinusOne
        && ByteArrays.listEquals(sps, r.sps)
        && ByteArrays.listEquals(pps, r.pps)
        && Objects.equals(highProfileTrailer, r.highProfileTrailer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(profileIndication, profileCompatibility, levelIndication)
        + 31 * ByteArrays.listHashCode(sps)
        + ByteArrays.listHashCode(pps)
        + Objects.hashCode(highProfileTrailer);
  }

  @Override
  public String toString() {
    return "AvcDecoderConfigurationRecord[profile="
        + profileIndication
        + ", compatibility="
        + profileCompatibility
        + ", level="
        + levelIndication
        + ", lengthSize="
        + lengthSize()
        + ", sps="
        + sps.size()
        + ", pps="
        + pps.size()
        + ", trailer="
        + highProfileTrailer
        + "]";
  }
}
