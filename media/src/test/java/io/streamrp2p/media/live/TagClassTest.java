package io.streamrp2p.media.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.media.live.MediaTag.Kind;
import org.junit.jupiter.api.Test;

class TagClassTest {
  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void of_emptyBody_null() {
    assertThat(TagClass.of(Kind.VIDEO, new byte[0])).isNull();
    assertThat(TagClass.of(Kind.AUDIO, new byte[0])).isNull();
  }

  @Test
  void of_avcSequenceHeader_headerNotKeyframe() {
    // FrameType 1 | CodecID 7, AVCPacketType 0, CompositionTime 0, configuration record...
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x17, 0, 0, 0, 0, 1, 0x64)))
        .isEqualTo(new TagClass(false, true, 0));
  }

  @Test
  void of_avcKeyframeNalu_keyframeWithCompositionTime() {
    // FrameType 1 | CodecID 7, AVCPacketType 1 (NALU), CompositionTime 0x000043 = 67 ms
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x17, 1, 0, 0, 0x43, 0, 0, 0, 1, 0x65)))
        .isEqualTo(new TagClass(true, false, 67));
  }

  @Test
  void of_avcInterFrameNegativeComposition_signExtended() {
    // FrameType 2 | CodecID 7, NALU, CompositionTime 0xFFFFF0 = -16 ms
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x27, 1, 0xFF, 0xFF, 0xF0)))
        .isEqualTo(new TagClass(false, false, -16));
  }

  @Test
  void of_avcEndOfSequence_notKeyframe() {
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x17, 2, 0, 0, 0)))
        .isEqualTo(new TagClass(false, false, 0));
  }

  @Test
  void of_avcTruncatedAfterCodecByte_null() {
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x17))).isNull();
  }

  @Test
  void of_legacyHevcKeyframe_keyframe() {
    // FrameType 1 | CodecID 12 (HEVC as Chinese CDNs extend FLV)
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x1C, 1, 0, 0, 0x21)))
        .isEqualTo(new TagClass(true, false, 33));
  }

  @Test
  void of_enhancedSequenceStart_header() {
    // IsExHeader | FrameType 1 | PacketType 0 (SequenceStart), FourCC hvc1
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x90, 'h', 'v', 'c', '1', 1)))
        .isEqualTo(new TagClass(false, true, 0));
  }

  @Test
  void of_enhancedCodedFramesKeyframe_keyframeWithCompositionTime() {
    // IsExHeader | FrameType 1 | PacketType 1 (CodedFrames), FourCC, SI24 CompositionTime 33
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x91, 'h', 'v', 'c', '1', 0, 0, 0x21, 0, 0)))
        .isEqualTo(new TagClass(true, false, 33));
  }

  @Test
  void of_enhancedCodedFramesX_keyframeWithoutCompositionTime() {
    // PacketType 3 (CodedFramesX): composition time is implicitly 0
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x93, 'a', 'v', '0', '1', 0x12)))
        .isEqualTo(new TagClass(true, false, 0));
  }

  @Test
  void of_enhancedSequenceEnd_notKeyframe() {
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x92, 'h', 'v', 'c', '1')))
        .isEqualTo(new TagClass(false, false, 0));
  }

  @Test
  void of_enhancedInterFrame_notKeyframe() {
    assertThat(TagClass.of(Kind.VIDEO, bytes(0xA1, 'h', 'v', 'c', '1', 0, 0, 0)))
        .isEqualTo(new TagClass(false, false, 0));
  }

  @Test
  void of_otherVideoCodecKeyframe_keyframeWithoutPacketType() {
    // FrameType 1 | CodecID 4 (VP6)
    assertThat(TagClass.of(Kind.VIDEO, bytes(0x14, 0x00))).isEqualTo(new TagClass(true, false, 0));
  }

  @Test
  void of_aacSequenceHeader_header() {
    // SoundFormat 10 | 44 kHz | 16 bit | stereo, AACPacketType 0
    assertThat(TagClass.of(Kind.AUDIO, bytes(0xAF, 0, 0x12, 0x10)))
        .isEqualTo(new TagClass(false, true, 0));
  }

  @Test
  void of_aacRaw_plainAudio() {
    assertThat(TagClass.of(Kind.AUDIO, bytes(0xAF, 1, 0x21)))
        .isEqualTo(new TagClass(false, false, 0));
  }

  @Test
  void of_mp3WithZeroSecondByte_notHeader() {
    // SoundFormat 2 (MP3) has no packet type: a zero second byte is just data
    assertThat(TagClass.of(Kind.AUDIO, bytes(0x2F, 0))).isEqualTo(new TagClass(false, false, 0));
  }

  @Test
  void of_aacOneByte_notHeader() {
    assertThat(TagClass.of(Kind.AUDIO, bytes(0xAF))).isEqualTo(new TagClass(false, false, 0));
  }

  @Test
  void of_scriptData_plain() {
    assertThat(TagClass.of(Kind.DATA, bytes(2, 0, 10))).isEqualTo(new TagClass(false, false, 0));
  }
}
