package io.streamrp2p.protocol.flv;

/**
 * The header at the start of a video tag body; the codec payload (a decoder configuration record,
 * length-prefixed NAL units, ...) is {@code body[headerLength()..]}, read in place.
 *
 * <p>Legacy form (spec v10.1, E.4.3.1 VIDEODATA): FrameType UB[4], CodecID UB[4], and for AVC (7)
 * AVCPacketType UI8 and CompositionTime SI24. HEVC with CodecID 12 is a widespread non-standard
 * extension (Chinese CDNs, SRS, ffmpeg) that reuses the AVC layout. For other codecs the header is
 * the first byte only and {@link #packetType()} is {@link #NONE}.
 *
 * <p>Enhanced form (Enhanced RTMP v1, ExVideoTagHeader), signalled by bit 7 of the first byte:
 * IsExHeader UB[1], FrameType UB[3], PacketType UB[4], VideoFourCc UI32, then CompositionTime SI24
 * only for PacketTypeCodedFrames of {@code hvc1} or {@code avc1}. {@link #codecId()} is 0.
 *
 * <p>Tolerated quirks: a FrameType 5 (video info/command) tag carries a command byte, not a
 * picture, so its header is the first byte only even for AVC, as ffmpeg reads it; an enhanced
 * command frame (FrameType 5, PacketType other than Metadata) has, as Enhanced RTMP v2 defines, no
 * FourCC and the VideoCommand byte is left in the payload. Unknown FourCCs are passed through.
 */
public record VideoTagHeader(
    boolean exHeader, int frameType, int codecId, int packetType, int fourCc, int compositionTime) {
  public static final int FRAME_KEY = 1;
  public static final int FRAME_INTER = 2;
  public static final int FRAME_DISPOSABLE_INTER = 3;
  public static final int FRAME_GENERATED_KEY = 4;
  public static final int FRAME_COMMAND = 5;

  public static final int CODEC_AVC = 7;

  /** Non-standard legacy CodecID for HEVC; see the class comment. */
  public static final int CODEC_HEVC = 12;

  /** AVCPacketType values (legacy form). */
  public static final int AVC_SEQUENCE_HEADER = 0;

  public static final int AVC_NALU = 1;
  public static final int AVC_END_OF_SEQUENCE = 2;

  /** PacketType values (enhanced form). */
  public static final int PACKET_SEQUENCE_START = 0;

  public static final int PACKET_CODED_FRAMES = 1;
  public static final int PACKET_SEQUENCE_END = 2;
  public static final int PACKET_CODED_FRAMES_X = 3;
  public static final int PACKET_METADATA = 4;
  public static final int PACKET_MPEG2TS_SEQUENCE_START = 5;

  /** {@link #packetType()} of a legacy header that has none (codecs other than AVC/HEVC). */
  public static final int NONE = -1;

  public static final int FOURCC_AVC1 = FourCc.of("avc1");
  public static final int FOURCC_HVC1 = FourCc.of("hvc1");
  public static final int FOURCC_AV01 = FourCc.of("av01");
  public static final int FOURCC_VP09 = FourCc.of("vp09");

  private static final int EX_HEADER_BIT = 0x80;
  private static final int SI24_MIN = -(1 << 23);
  private static final int SI24_MAX = (1 << 23) - 1;

  public VideoTagHeader {
    require(frameType >= FRAME_KEY && frameType <= FRAME_COMMAND, "frameType " + frameType);
    if (exHeader) {
      require(codecId == 0, "enhanced header has no codecId");
      require(packetType >= 0 && packetType <= PACKET_MPEG2TS_SEQUENCE_START, "packetType");
      require(!isExCommand(frameType, packetType) || fourCc == 0, "command frame has no FourCC");
    } else {
      require(codecId >= 0 && codecId <= 0xF, "codecId " + codecId);
      require(fourCc == 0, "legacy header has no FourCC");
      boolean avc = hasAvcFields(frameType, codecId);
      require(
          avc ? packetType >= 0 && packetType <= AVC_END_OF_SEQUENCE : packetType == NONE,
          "packetType " + packetType + " for codecId " + codecId);
    }
    boolean cts = hasCompositionTime(exHeader, frameType, codecId, packetType, fourCc);
    require(
        cts ? compositionTime >= SI24_MIN && compositionTime <= SI24_MAX : compositionTime == 0,
        "compositionTime " + compositionTime);
  }

  /** A legacy AVC or HEVC header. */
  public static VideoTagHeader legacyAvc(
      int frameType, int codecId, int avcPacketType, int compositionTime) {
    return new VideoTagHeader(false, frameType, codecId, avcPacketType, 0, compositionTime);
  }

  /** A legacy one-byte header (codecs without AVCPacketType, or a command frame). */
  public static VideoTagHeader legacy(int frameType, int codecId) {
    return new VideoTagHeader(false, frameType, codecId, NONE, 0, 0);
  }

  /** An enhanced header; {@code compositionTime} must be 0 unless the form carries it. */
  public static VideoTagHeader enhanced(
      int frameType, int packetType, int fourCc, int compositionTime) {
    return new VideoTagHeader(true, frameType, 0, packetType, fourCc, compositionTime);
  }

  public static VideoTagHeader decode(byte[] body) {
    return decode(body, 0, body.length);
  }

  /** Decodes the header at the start of the tag body {@code body[offset, offset + length)}. */
  public static VideoTagHeader decode(byte[] body, int offset, int length) {
    FlvBytes.checkRange(body.length, offset, length, "video body");
    check(length >= 1, "video tag body is empty", 0);
    int b0 = body[offset] & 0xFF;
    return (b0 & EX_HEADER_BIT) != 0
        ? decodeEnhanced(body, offset, length, b0)
        : decodeLegacy(body, offset, length, b0);
  }

  private static VideoTagHeader decodeLegacy(byte[] body, int offset, int length, int b0) {
    int frameType = b0 >>> 4;
    int codecId = b0 & 0xF;
    checkFrameType(frameType);
    if (!hasAvcFields(frameType, codecId)) {
      return legacy(frameType, codecId);
    }
    check(length >= 5, "AVC video header truncated: " + length + " of 5 bytes", 0);
    int packetType = body[offset + 1] & 0xFF;
    check(packetType <= AVC_END_OF_SEQUENCE, "unknown AVCPacketType " + packetType, 1);
    return legacyAvc(frameType, codecId, packetType, si24(body, offset + 2));
  }

  private static VideoTagHeader decodeEnhanced(byte[] body, int offset, int length, int b0) {
    int frameType = b0 >>> 4 & 0x7;
    int packetType = b0 & 0xF;
    checkFrameType(frameType);
    check(
        packetType <= PACKET_MPEG2TS_SEQUENCE_START,
        "unsupported enhanced video PacketType " + packetType,
        0);
    if (isExCommand(frameType, packetType)) {
      return enhanced(frameType, packetType, 0, 0);
    }
    check(length >= 5, "enhanced video header truncated: " + length + " of 5 bytes", 0);
    int fourCc = FlvBytes.s32(body, offset + 1);
    if (!hasCompositionTime(true, frameType, 0, packetType, fourCc)) {
      return enhanced(frameType, packetType, fourCc, 0);
    }
    check(length >= 8, "enhanced CodedFrames header truncated: " + length + " of 8 bytes", 0);
    return enhanced(frameType, packetType, fourCc, si24(body, offset + 5));
  }

  /** Bytes of the header; the payload starts there. */
  public int headerLength() {
    if (!exHeader) {
      return hasAvcFields(frameType, codecId) ? 5 : 1;
    }
    if (isExCommand(frameType, packetType)) {
      return 1;
    }
    return hasCompositionTime() ? 8 : 5;
  }

  /** Whether CompositionTime is on the wire; when not, it is 0. */
  public boolean hasCompositionTime() {
    return hasCompositionTime(exHeader, frameType, codecId, packetType, fourCc);
  }

  public boolean isKeyFrame() {
    return frameType == FRAME_KEY;
  }

  public boolean isCommand() {
    return frameType == FRAME_COMMAND;
  }

  /** AVC/HEVC sequence header or enhanced SequenceStart: a decoder configuration record. */
  public boolean isSequenceHeader() {
    return packetType == AVC_SEQUENCE_HEADER && packetTypeApplies();
  }

  /** Coded pictures: legacy AVC NALU, enhanced CodedFrames or CodedFramesX. */
  public boolean isCodedFrames() {
    return packetTypeApplies()
        && (packetType == AVC_NALU || exHeader && packetType == PACKET_CODED_FRAMES_X);
  }

  public boolean isEndOfSequence() {
    return packetType == AVC_END_OF_SEQUENCE && packetTypeApplies();
  }

  /** Writes {@link #headerLength()} bytes at {@code dst[offset]}; returns that length. */
  public int encode(byte[] dst, int offset) {
    int length = headerLength();
    FlvBytes.checkRange(dst.length, offset, length, "video header destination");
    if (!exHeader) {
      dst[offset] = (byte) (frameType << 4 | codecId);
      if (length == 5) {
        dst[offset + 1] = (byte) packetType;
        FlvBytes.put24(dst, offset + 2, compositionTime);
      }
      return length;
    }
    dst[offset] = (byte) (EX_HEADER_BIT | frameType << 4 | packetType);
    if (length >= 5) {
      FlvBytes.put32(dst, offset + 1, fourCc & 0xFFFF_FFFFL);
    }
    if (length == 8) {
      FlvBytes.put24(dst, offset + 5, compositionTime);
    }
    return length;
  }

  public byte[] encode() {
    byte[] out = new byte[headerLength()];
    encode(out, 0);
    return out;
  }

  @Override
  public String toString() {
    return "VideoTagHeader[exHeader="
        + exHeader
        + ", frameType="
        + frameType
        + ", codecId="
        + codecId
        + ", packetType="
        + packetType
        + ", fourCc="
        + FourCc.toString(fourCc)
        + ", compositionTime="
        + compositionTime
        + "]";
  }

  /** False for legacy codecs without AVCPacketType and for enhanced command frames. */
  private boolean packetTypeApplies() {
    return exHeader ? !isExCommand(frameType, packetType) : packetType != NONE;
  }

  private static boolean hasAvcFields(int frameType, int codecId) {
    return frameType != FRAME_COMMAND && (codecId == CODEC_AVC || codecId == CODEC_HEVC);
  }

  private static boolean isExCommand(int frameType, int packetType) {
    return frameType == FRAME_COMMAND && packetType != PACKET_METADATA;
  }

  private static boolean hasCompositionTime(
      boolean exHeader, int frameType, int codecId, int packetType, int fourCc) {
    if (!exHeader) {
      return hasAvcFields(frameType, codecId);
    }
    return !isExCommand(frameType, packetType)
        && packetType == PACKET_CODED_FRAMES
        && (fourCc == FOURCC_HVC1 || fourCc == FOURCC_AVC1);
  }

  private static void checkFrameType(int frameType) {
    check(
        frameType >= FRAME_KEY && frameType <= FRAME_COMMAND,
        "reserved video FrameType " + frameType,
        0);
  }

  private static int si24(byte[] b, int i) {
    return ((b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | b[i + 2] & 0xFF) << 8 >> 8;
  }

  private static void check(boolean condition, String message, int bodyOffset) {
    FlvBytes.checkTagBody(condition, "video", message, bodyOffset);
  }

  private static void require(boolean condition, String message) {
    FlvBytes.requireTagHeader(condition, "video", message);
  }
}
