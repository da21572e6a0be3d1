package io.streamrp2p.protocol.flv;

/**
 * The header at the start of an audio tag body; the codec payload (AudioSpecificConfig, a raw AAC
 * frame, an MP3 frame, ...) is {@code body[headerLength()..]}, read in place.
 *
 * <p>Legacy form (spec v10.1, E.4.2.1 AUDIODATA): SoundFormat UB[4], SoundRate UB[2], SoundSize
 * UB[1], SoundType UB[1], and for AAC (10) AACPacketType UI8.
 *
 * <p>Enhanced form (Enhanced RTMP v2, ExAudioTagHeader), signalled by SoundFormat 9 (reserved in
 * v10.1): SoundFormat UB[4], AudioPacketType UB[4], AudioFourCc UI32. Parsed minimally: packet
 * types SequenceStart, CodedFrames, SequenceEnd and MultichannelConfig are passed through with
 * their FourCC; Multitrack and ModEx change the layout and are rejected. Rate, size and type are
 * not on the wire there and read as 0.
 */
public record AudioTagHeader(
    int soundFormat, int soundRate, int soundSize, int soundType, int packetType, int fourCc) {
  public static final int FORMAT_MP3 = 2;
  public static final int FORMAT_EX_HEADER = 9;
  public static final int FORMAT_AAC = 10;

  /** AACPacketType values. */
  public static final int AAC_SEQUENCE_HEADER = 0;

  public static final int AAC_RAW = 1;

  /** AudioPacketType values (enhanced form). */
  public static final int PACKET_SEQUENCE_START = 0;

  public static final int PACKET_CODED_FRAMES = 1;
  public static final int PACKET_SEQUENCE_END = 2;
  public static final int PACKET_MULTICHANNEL_CONFIG = 4;

  /** {@link #packetType()} of a legacy header that has none (formats other than AAC). */
  public static final int NONE = -1;

  public static final int FOURCC_MP4A = FourCc.of("mp4a");
  public static final int FOURCC_OPUS = FourCc.of("Opus");

  public AudioTagHeader {
    require(soundFormat >= 0 && soundFormat <= 0xF, "soundFormat " + soundFormat);
    if (soundFormat == FORMAT_EX_HEADER) {
      require(soundRate == 0 && soundSize == 0 && soundType == 0, "ExHeader has no rate/size/type");
      require(isSupportedExPacketType(packetType), "packetType " + packetType);
    } else {
      require(soundRate >= 0 && soundRate <= 3, "soundRate " + soundRate);
      require(soundSize >= 0 && soundSize <= 1, "soundSize " + soundSize);
      require(soundType >= 0 && soundType <= 1, "soundType " + soundType);
      require(fourCc == 0, "legacy header has no FourCC");
      require(
          soundFormat == FORMAT_AAC
              ? packetType == AAC_SEQUENCE_HEADER || packetType == AAC_RAW
              : packetType == NONE,
          "packetType " + packetType + " for soundFormat " + soundFormat);
    }
  }

  /** An enhanced header. */
  public static AudioTagHeader enhanced(int packetType, int fourCc) {
    return new AudioTagHeader(FORMAT_EX_HEADER, 0, 0, 0, packetType, fourCc);
  }

  public static AudioTagHeader decode(byte[] body) {
    return decode(body, 0, body.length);
  }

  /** Decodes the header at the start of the tag body {@code body[offset, offset + length)}. */
  public static AudioTagHeader decode(byte[] body, int offset, int length) {
    FlvBytes.checkRange(body.length, offset, length, "audio body");
    check(length >= 1, "audio tag body is empty", 0);
    int b0 = body[offset] & 0xFF;
    int soundFormat = b0 >>> 4;
    if (soundFormat == FORMAT_EX_HEADER) {
      int packetType = b0 & 0xF;
      check(isSupportedExPacketType(packetType), "unsupported AudioPacketType " + packetType, 0);
      check(length >= 5, "enhanced audio header truncated: " + length + " of 5 bytes", 0);
      return enhanced(packetType, FlvBytes.s32(body, offset + 1));
    }
    int packetType = NONE;
    if (soundFormat == FORMAT_AAC) {
      check(length >= 2, "AAC audio header truncated: " + length + " of 2 bytes", 0);
      packetType = body[offset + 1] & 0xFF;
      check(packetType <= AAC_RAW, "unknown AACPacketType " + packetType, 1);
    }
    return new AudioTagHeader(soundFormat, b0 >>> 2 & 3, b0 >>> 1 & 1, b0 & 1, packetType, 0);
  }

  public boolean isExHeader() {
    return soundFormat == FORMAT_EX_HEADER;
  }

  /** AAC sequence header or enhanced SequenceStart: a decoder configuration. */
  public boolean isSequenceHeader() {
    return packetType == AAC_SEQUENCE_HEADER;
  }

  /** Bytes of the header; the payload starts there. */
  public int headerLength() {
    return isExHeader() ? 5 : soundFormat == FORMAT_AAC ? 2 : 1;
  }

  /** Writes {@link #headerLength()} bytes at {@code dst[offset]}; returns that length. */
  public int encode(byte[] dst, int offset) {
    int length = headerLength();
    FlvBytes.checkRange(dst.length, offset, length, "audio header destination");
    if (isExHeader()) {
      dst[offset] = (byte) (soundFormat << 4 | packetType);
      FlvBytes.put32(dst, offset + 1, fourCc & 0xFFFF_FFFFL);
    } else {
      dst[offset] = (byte) (soundFormat << 4 | soundRate << 2 | soundSize << 1 | soundType);
      if (length == 2) {
        dst[offset + 1] = (byte) packetType;
      }
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
    return "AudioTagHeader[soundFormat="
        + soundFormat
        + ", soundRate="
        + soundRate
        + ", soundSize="
        + soundSize
        + ", soundType="
        + soundType
        + ", packetType="
        + packetType
        + ", fourCc="
        + FourCc.toString(fourCc)
        + "]";
  }

  private static boolean isSupportedExPacketType(int packetType) {
    return packetType == PACKET_SEQUENCE_START
        || packetType == PACKET_CODED_FRAMES
        || packetType == PACKET_SEQUENCE_END
        || packetType == PACKET_MULTICHANNEL_CONFIG;
  }

  private static void check(boolean condition, String message, int bodyOffset) {
    FlvBytes.checkTagBody(condition, "audio", message, bodyOffset);
  }

  private static void require(boolean condition, String message) {
    FlvBytes.requireTagHeader(condition, "audio", message);
  }
}
