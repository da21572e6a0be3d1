package io.streamrp2p.protocol.codec.aac;

import static io.streamrp2p.protocol.codec.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.Bytes;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdtsTest {
  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "LC 44.1 kHz stereo, 100-byte frame",
            AudioSpecificConfig.of(2, 44100, 2),
            100,
            of(
                0xff, // syncword 1111 1111
                0xf1, // syncword 1111 | ID 0 | layer 00 | protection_absent 1
                0x50, // profile 01 | sampling_frequency_index 0100 | private 0 | channels 0
                0x80, // channels 10 | orig 0 | home 0 | copyright 00 | frame_length 00
                0x0d, // frame_length 0000 1101 (107 = 100 + 7)
                0x7f, // frame_length 011 | buffer_fullness 11111
                0xfc)), // buffer_fullness 111111 | number_of_raw_data_blocks 00
        Arguments.of(
            "Main 8 kHz mono, largest frame",
            AudioSpecificConfig.of(1, 8000, 1),
            Adts.FRAME_BYTES_MAX - Adts.HEADER_BYTES,
            of(
                0xff, 0xf1, // syncword, MPEG-4, layer 0, no CRC
                0x2c, // profile 00 | index 1011 | private 0 | channels 0
                0x43, // channels 01 | 0000 | frame_length 11
                0xff, // frame_length 1111 1111
                0xff, // frame_length 111 | buffer_fullness 11111 (8191 total)
                0xfc)), // buffer_fullness 111111 | blocks 00
        Arguments.of(
            "LTP 96 kHz 7.1",
            AudioSpecificConfig.of(4, 96000, 7),
            1,
            of(0xff, 0xf1, 0xc1, 0xc0, 0x01, 0x1f, 0xfc))); // profile 11, index 0, channels 111
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void header_config_givesVectorBytes(
      String name, AudioSpecificConfig config, int rawLength, byte[] bytes) {
    assertThat(Adts.header(config, rawLength)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parseHeader_vector_givesConfigAndLength(
      String name, AudioSpecificConfig config, int rawLength, byte[] bytes) {
    Adts.Header header = Adts.parseHeader(bytes);
    assertThat(header.toAudioSpecificConfig()).isEqualTo(config);
    assertThat(header.payloadLength()).isEqualTo(rawLength);
    assertThat(header.protectionAbsent()).isTrue();
    assertThat(header.headerLength()).isEqualTo(7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parseHeader_mutated_throwsOnlyProtocolException(
      String name, AudioSpecificConfig config, int rawLength, byte[] bytes) {
    Bytes.assertOnlyProtocolException(bytes, 2000, Adts::parseHeader);
  }

  @Test
  void parseHeader_withCrc_headerIsNineBytes() {
    // protection_absent 0; two CRC bytes follow the 7 header bytes
    byte[] bytes = of(0xff, 0xf0, 0x50, 0x80, 0x0d, 0x7f, 0xfc, 0x12, 0x34);
    Adts.Header header = Adts.parseHeader(bytes);
    assertThat(header.headerLength()).isEqualTo(9);
    assertThat(header.payloadLength()).isEqualTo(107 - 9);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("6 bytes", of(0xff, 0xf1, 0x50, 0x80, 0x0d, 0x7f), "needs 7 bytes, 6"),
        Arguments.of(
            "bad syncword",
            of(0xff, 0xe1, 0x50, 0x80, 0x0d, 0x7f, 0xfc),
            "syncword at byte 0 is 0xffe"),
        Arguments.of(
            "layer 1", of(0xff, 0xf3, 0x50, 0x80, 0x0d, 0x7f, 0xfc), "layer at byte 1 is 1"),
        Arguments.of(
            "sampling index 13",
            of(0xff, 0xf1, 0x74, 0x80, 0x0d, 0x7f, 0xfc),
            "sampling_frequency_index at byte 2 is 13"),
        Arguments.of(
            "CRC cut off",
            of(0xff, 0xf0, 0x50, 0x80, 0x0d, 0x7f, 0xfc, 0x12),
            "header with CRC needs 9 bytes, 8"),
        // frame_length 7: no payload
        Arguments.of(
            "frame_length 7",
            of(0xff, 0xf1, 0x50, 0x80, 0x00, 0xff, 0xfc),
            "aac_frame_length 7 at byte 3 does not exceed the 7-byte header"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void parseHeader_malformed_throwsProtocolException(String name, byte[] bytes, String message) {
    assertThatThrownBy(() -> Adts.parseHeader(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("aac.adts")
        .hasMessageContaining(message);
  }

  @Test
  void header_frameOver8191_throwsIllegalArgument() {
    AudioSpecificConfig lc = AudioSpecificConfig.of(2, 44100, 2);
    assertThatThrownBy(() -> Adts.header(lc, Adts.FRAME_BYTES_MAX - Adts.HEADER_BYTES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void header_objectType5_throwsIllegalArgument() {
    AudioSpecificConfig sbr = AudioSpecificConfig.of(5, 44100, 2);
    assertThatThrownBy(() -> Adts.header(sbr, 100)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void header_explicitFrequency_throwsIllegalArgument() {
    AudioSpecificConfig odd = AudioSpecificConfig.of(2, 50000, 2);
    assertThatThrownBy(() -> Adts.header(odd, 100)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void header_channelConfiguration12_throwsIllegalArgument() {
    AudioSpecificConfig wide = AudioSpecificConfig.of(2, 48000, 12);
    assertThatThrownBy(() -> Adts.header(wide, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
