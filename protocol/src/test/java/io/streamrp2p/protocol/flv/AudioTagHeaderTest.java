package io.streamrp2p.protocol.flv;

import static io.streamrp2p.protocol.flv.Hex.ascii;
import static io.streamrp2p.protocol.flv.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AudioTagHeaderTest {
  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "AAC sequence header",
            bytes(
                "af", // SoundFormat 1010 AAC, SoundRate 11 44 kHz, SoundSize 1 16-bit, stereo 1
                "00"), // AACPacketType sequence header
            new AudioTagHeader(10, 3, 1, 1, 0, 0)),
        Arguments.of("AAC raw", bytes("af", "01" /* raw */), new AudioTagHeader(10, 3, 1, 1, 1, 0)),
        Arguments.of(
            "MP3 22 kHz 16-bit mono",
            bytes("2a" /* SoundFormat 0010 MP3, rate 10, size 1, mono 0 */),
            new AudioTagHeader(2, 2, 1, 0, AudioTagHeader.NONE, 0)),
        Arguments.of(
            "G.711 A-law 5.5 kHz 8-bit mono",
            bytes("70" /* SoundFormat 0111, rate 00, size 0, mono 0 */),
            new AudioTagHeader(7, 0, 0, 0, AudioTagHeader.NONE, 0)),
        Arguments.of(
            "enhanced Opus SequenceStart",
            bytes(
                "90", // SoundFormat 1001 ExHeader, AudioPacketType 0000 SequenceStart
                ascii("Opus")), // AudioFourCc
            AudioTagHeader.enhanced(0, AudioTagHeader.FOURCC_OPUS)),
        Arguments.of(
            "enhanced mp4a CodedFrames",
            bytes("91" /* CodedFrames */, ascii("mp4a")),
            AudioTagHeader.enhanced(1, AudioTagHeader.FOURCC_MP4A)),
        Arguments.of(
            "enhanced Opus MultichannelConfig",
            bytes("94" /* MultichannelConfig */, ascii("Opus")),
            AudioTagHeader.enhanced(4, AudioTagHeader.FOURCC_OPUS)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decode_vectorWithPayload_fieldsAndHeaderLength(
      String name, byte[] bytes, AudioTagHeader header) {
    byte[] body = Arrays.copyOf(bytes, bytes.length + 2);

    AudioTagHeader decoded = AudioTagHeader.decode(body);

    assertThat(decoded).isEqualTo(header);
    assertThat(decoded.headerLength()).isEqualTo(bytes.length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_vector_bytes(String name, byte[] bytes, AudioTagHeader header) {
    assertThat(header.encode()).isEqualTo(bytes);
  }

  @Test
  void isSequenceHeader_aacAndEnhanced_true() {
    assertThat(AudioTagHeader.decode(bytes("af00")).isSequenceHeader()).isTrue();
    assertThat(AudioTagHeader.decode(bytes("af01")).isSequenceHeader()).isFalse();
    assertThat(AudioTagHeader.decode(bytes("90", ascii("Opus"))).isSequenceHeader()).isTrue();
    assertThat(AudioTagHeader.decode(bytes("2f")).isSequenceHeader()).isFalse();
  }

  @Test
  void decode_emptyBody_throws() {
    assertMalformed(new byte[0], "empty");
  }

  @Test
  void decode_aacWithoutPacketType_throws() {
    assertMalformed(bytes("af"), "AAC audio header truncated: 1 of 2");
  }

  @Test
  void decode_aacUnknownPacketType_throws() {
    assertMalformed(bytes("af", "02"), "unknown AACPacketType 2 at audio body offset 1");
  }

  @Test
  void decode_enhancedShorterThanFourCc_throws() {
    assertMalformed(bytes("91", "6d70"), "enhanced audio header truncated: 3 of 5");
  }

  @Test
  void decode_enhancedMultitrack_throws() {
    assertMalformed(bytes("95", ascii("Opus")), "unsupported AudioPacketType 5");
  }

  @Test
  void decode_enhancedModEx_throws() {
    assertMalformed(bytes("97", ascii("Opus")), "unsupported AudioPacketType 7");
  }

  @Test
  void new_soundRateOver2Bits_illegalArgument() {
    assertThatThrownBy(() -> new AudioTagHeader(2, 4, 0, 0, AudioTagHeader.NONE, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertMalformed(byte[] body, String message) {
    assertThatThrownBy(() -> AudioTagHeader.decode(body))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("flv: ")
        .hasMessageContaining(message);
  }
}
