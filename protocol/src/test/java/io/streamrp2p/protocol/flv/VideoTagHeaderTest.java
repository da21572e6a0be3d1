package io.streamrp2p.protocol.flv;

import static io.streamrp2p.protocol.flv.Hex.ascii;
import static io.streamrp2p.protocol.flv.Hex.bytes;
import static io.streamrp2p.protocol.flv.VideoTagHeader.FOURCC_AV01;
import static io.streamrp2p.protocol.flv.VideoTagHeader.FOURCC_AVC1;
import static io.streamrp2p.protocol.flv.VideoTagHeader.FOURCC_HVC1;
import static io.streamrp2p.protocol.flv.VideoTagHeader.FOURCC_VP09;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VideoTagHeaderTest {
  /** Header bytes only; each vector's payload would follow them. */
  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "legacy AVC sequence header",
            bytes(
                "17", // FrameType 1 key, CodecID 7 AVC
                "00", // AVCPacketType sequence header
                "000000"), // CompositionTime
            VideoTagHeader.legacyAvc(1, 7, 0, 0)),
        Arguments.of(
            "legacy AVC NALU, negative composition time",
            bytes("27" /* inter, AVC */, "01" /* NALU */, "ffffd8" /* -40 ms */),
            VideoTagHeader.legacyAvc(2, 7, 1, -40)),
        Arguments.of(
            "legacy AVC NALU, positive composition time",
            bytes("17", "01", "000050" /* 80 ms */),
            VideoTagHeader.legacyAvc(1, 7, 1, 80)),
        Arguments.of(
            "legacy AVC end of sequence",
            bytes("17", "02" /* end of sequence */, "000000"),
            VideoTagHeader.legacyAvc(1, 7, 2, 0)),
        Arguments.of(
            "legacy HEVC (CodecID 12) NALU, most negative composition time",
            bytes("3c" /* disposable, HEVC */, "01", "800000" /* -2^23 */),
            VideoTagHeader.legacyAvc(3, 12, 1, -(1 << 23))),
        Arguments.of(
            "legacy Sorenson H.263, one byte",
            bytes("22" /* inter, CodecID 2 */),
            VideoTagHeader.legacy(2, 2)),
        Arguments.of(
            "legacy AVC command frame, one byte",
            bytes("57" /* FrameType 5 command, AVC */),
            VideoTagHeader.legacy(5, 7)),
        Arguments.of(
            "enhanced hvc1 SequenceStart",
            bytes(
                "90", // IsExHeader 1, FrameType 001 key, PacketType 0000 SequenceStart
                ascii("hvc1")), // FourCC
            VideoTagHeader.enhanced(1, 0, FOURCC_HVC1, 0)),
        Arguments.of(
            "enhanced hvc1 CodedFrames with composition time",
            bytes("91" /* key, CodedFrames */, ascii("hvc1"), "000021" /* 33 ms */),
            VideoTagHeader.enhanced(1, 1, FOURCC_HVC1, 33)),
        Arguments.of(
            "enhanced hvc1 CodedFramesX, no composition time",
            bytes("a3" /* FrameType 010 inter, CodedFramesX */, ascii("hvc1")),
            VideoTagHeader.enhanced(2, 3, FOURCC_HVC1, 0)),
        Arguments.of(
            "enhanced avc1 CodedFrames, negative composition time",
            bytes("a1" /* inter, CodedFrames */, ascii("avc1"), "ffffff" /* -1 ms */),
            VideoTagHeader.enhanced(2, 1, FOURCC_AVC1, -1)),
        Arguments.of(
            "enhanced av01 SequenceStart",
            bytes("90", ascii("av01")),
            VideoTagHeader.enhanced(1, 0, FOURCC_AV01, 0)),
        Arguments.of(
            "enhanced av01 CodedFrames, no composition time for AV1",
            bytes("a1", ascii("av01")),
            VideoTagHeader.enhanced(2, 1, FOURCC_AV01, 0)),
        Arguments.of(
            "enhanced av01 MPEG2TSSequenceStart",
            bytes("95" /* key, PacketType 5 */, ascii("av01")),
            VideoTagHeader.enhanced(1, 5, FOURCC_AV01, 0)),
        Arguments.of(
            "enhanced vp09 CodedFrames",
            bytes("91", ascii("vp09")),
            VideoTagHeader.enhanced(1, 1, FOURCC_VP09, 0)),
        Arguments.of(
            "enhanced hvc1 SequenceEnd",
            bytes("92" /* key, SequenceEnd */, ascii("hvc1")),
            VideoTagHeader.enhanced(1, 2, FOURCC_HVC1, 0)),
        Arguments.of(
            "enhanced Metadata",
            bytes("94" /* key, Metadata */, ascii("hvc1")),
            VideoTagHeader.enhanced(1, 4, FOURCC_HVC1, 0)),
        Arguments.of(
            "enhanced command frame, no FourCC",
            bytes("d1" /* FrameType 101 command, PacketType 1 */),
            VideoTagHeader.enhanced(5, 1, 0, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decode_vectorWithPayload_fieldsAndHeaderLength(
      String name, byte[] bytes, VideoTagHeader header) {
    byte[] body = Arrays.copyOf(bytes, bytes.length + 3); // a payload follows the header

    VideoTagHeader decoded = VideoTagHeader.decode(body);

    assertThat(decoded).isEqualTo(header);
    assertThat(decoded.headerLength()).isEqualTo(bytes.length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_vector_bytes(String name, byte[] bytes, VideoTagHeader header) {
    assertThat(header.encode()).isEqualTo(bytes);
  }

  @Test
  void decode_atOffsetInLargerArray_readsThere() {
    byte[] array = bytes("ffff", "27", "01", "ffffd8", "65");

    assertThat(VideoTagHeader.decode(array, 2, 6))
        .isEqualTo(VideoTagHeader.legacyAvc(2, 7, 1, -40));
  }

  @Test
  void classification_legacyAndEnhanced_agree() {
    VideoTagHeader legacyKey = VideoTagHeader.legacyAvc(1, 7, 1, 0);
    VideoTagHeader exFramesX = VideoTagHeader.enhanced(2, 3, FOURCC_HVC1, 0);
    VideoTagHeader exSequence = VideoTagHeader.enhanced(1, 0, FOURCC_AV01, 0);
    VideoTagHeader exCommand = VideoTagHeader.enhanced(5, 0, 0, 0);

    assertThat(legacyKey.isKeyFrame() && legacyKey.isCodedFrames()).isTrue();
    assertThat(exFramesX.isCodedFrames() && !exFramesX.isKeyFrame()).isTrue();
    assertThat(exSequence.isSequenceHeader() && !exSequence.isCodedFrames()).isTrue();
    assertThat(exCommand.isCommand() && !exCommand.isSequenceHeader()).isTrue();
    assertThat(VideoTagHeader.legacy(2, 2).isCodedFrames()).isFalse();
  }

  @Test
  void decode_emptyBody_throws() {
    assertMalformed(new byte[0], "empty");
  }

  @Test
  void decode_legacyAvcShorterThan5_throws() {
    assertMalformed(bytes("17", "01", "0000"), "AVC video header truncated: 4 of 5");
  }

  @Test
  void decode_legacyAvcUnknownPacketType_throws() {
    assertMalformed(bytes("17", "03", "000000"), "unknown AVCPacketType 3 at video body offset 1");
  }

  @Test
  void decode_legacyReservedFrameType0_throws() {
    assertMalformed(bytes("07", "01", "000000"), "reserved video FrameType 0");
  }

  @Test
  void decode_legacyReservedFrameType6_throws() {
    assertMalformed(bytes("67", "01", "000000"), "reserved video FrameType 6");
  }

  @Test
  void decode_enhancedShorterThanFourCc_throws() {
    assertMalformed(bytes("90", "687663"), "enhanced video header truncated: 4 of 5");
  }

  @Test
  void decode_enhancedCodedFramesWithoutCompositionTime_throws() {
    assertMalformed(bytes("91", ascii("hvc1"), "0000"), "CodedFrames header truncated: 7 of 8");
  }

  @Test
  void decode_enhancedPacketTypeMultitrack_throws() {
    assertMalformed(bytes("96", ascii("hvc1")), "PacketType 6");
  }

  @Test
  void decode_enhancedPacketTypeModEx_throws() {
    assertMalformed(bytes("97", ascii("hvc1")), "PacketType 7");
  }

  @Test
  void decode_enhancedReservedFrameType0_throws() {
    assertMalformed(bytes("80", ascii("hvc1")), "reserved video FrameType 0");
  }

  @Test
  void legacyAvc_compositionTimeOver24Bits_illegalArgument() {
    assertThatThrownBy(() -> VideoTagHeader.legacyAvc(1, 7, 1, 1 << 23))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void enhanced_compositionTimeWhereNotCarried_illegalArgument() {
    assertThatThrownBy(() -> VideoTagHeader.enhanced(1, 3, FOURCC_HVC1, 40))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertMalformed(byte[] body, String message) {
    assertThatThrownBy(() -> VideoTagHeader.decode(body))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("flv: ")
        .hasMessageContaining(message);
  }
}
