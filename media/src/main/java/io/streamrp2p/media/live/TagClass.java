package io.streamrp2p.media.live;

/**
 * What the fan-out needs to know of a tag: is it a codec header, is it a keyframe, how far after
 * its decoding time it is presented. Read from the first bytes of the FLV tag body, legacy and
 * Enhanced RTMP forms alike.
 *
 * @param compositionMs the AVC/HEVC composition time offset (pts - dts, E.4.3.1), 0 if none
 */
record TagClass(boolean keyframe, boolean sequenceHeader, int compositionMs) {
  private static final int SOUND_FORMAT_AAC = 10;
  private static final int SOUND_FORMAT_EX_HEADER = 9;
  private static final int CODEC_AVC = 7;
  private static final int CODEC_HEVC = 12;

  /** Returns {@code null} for an empty body, which carries nothing to play. */
  static TagClass of(MediaTag.Kind kind, byte[] body) {
    if (body.length == 0) {
      return null;
    }
    int b0 = body[0] & 0xFF;
    switch (kind) {
      case VIDEO:
        return video(b0, body);
      case AUDIO:
        boolean aacHeader = (b0 >> 4) == SOUND_FORMAT_AAC && body.length > 1 && body[1] == 0;
        // Enhanced RTMP audio: SoundFormat 9, AudioPacketType 0 = SequenceStart
        boolean exHeader = (b0 >> 4) == SOUND_FORMAT_EX_HEADER && (b0 & 0x0F) == 0;
        return new TagClass(false, aacHeader || exHeader, 0);
      default:
        return new TagClass(false, false, 0);
    }
  }

  private static TagClass video(int b0, byte[] body) {
    int frameType = (b0 >> 4) & 0x07;
    if ((b0 & 0x80) != 0) {
      // Enhanced RTMP: IsExHeader, FrameType(3 bits), PacketType(4 bits); 0 = SequenceStart
      int packetType = b0 & 0x0F;
      boolean header = packetType == 0;
      // CodedFrames (1) of avc1/hvc1 carry SI24 CompositionTime after the FourCC
      int composition = packetType == 1 && body.length >= 8 ? si24(body, 5) : 0;
      return new TagClass(frameType == 1 && !header && packetType != 2, header, composition);
    }
    int codec = b0 & 0x0F;
    if (codec == CODEC_AVC || codec == CODEC_HEVC) {
      if (body.length < 2) {
        return null;
      }
      boolean header = body[1] == 0;
      int composition = body[1] == 1 && body.length >= 5 ? si24(body, 2) : 0;
      return new TagClass(frameType == 1 && body[1] == 1, header, composition);
    }
    return new TagClass(frameType == 1, false, 0);
  }

  private static int si24(byte[] b, int at) {
    return (b[at] << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF);
  }
}
