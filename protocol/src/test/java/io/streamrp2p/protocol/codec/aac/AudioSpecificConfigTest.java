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

class AudioSpecificConfigTest {
  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "ffmpeg LC 44.1 kHz stereo with SBR sync extension",
            // 00010 audioObjectType 2 | 0100 index 4 | 0010 channels 2 | 000 GASpecificConfig
            // 0x2b7 syncExtensionType (11) | 00101 SBR (5) | 0 sbrPresentFlag | 0000000 pad
            of(0x12, 0x10, 0x56, 0xe5, 0x00),
            new AudioSpecificConfig(2, 4, 0, 2, of(0x0a, 0xdc, 0xa0, 0x00), 27),
            44100,
            2),
        Arguments.of(
            "plain LC 48 kHz stereo",
            // 00010 audioObjectType 2 | 0011 index 3 | 0010 channels 2 | 000 GASpecificConfig
            of(0x11, 0x90),
            AudioSpecificConfig.of(2, 48000, 2),
            48000,
            2),
        Arguments.of(
            "HE-AAC explicit signalling, 5.1",
            // 00101 SBR (5) | 0110 index 6 (24 kHz core) | 0110 channels 6 | 0011 ext index 3
            // then 00010 core audioObjectType 2, GASpecificConfig 000, pad
            of(0x2b, 0x31, 0x88, 0x00),
            new AudioSpecificConfig(5, 6, 0, 6, of(0x31, 0x00, 0x00), 19),
            24000,
            6),
        Arguments.of(
            "escaped object type 42 (USAC), 7.1 rear",
            // 11111 escape | 001010 ext 10 -> 42 | 0101 index 5 | 1100 channels 12 | 0 pad
            of(0xf9, 0x4b, 0x80),
            new AudioSpecificConfig(42, 5, 0, 12, of(0x00), 5),
            32000,
            8),
        Arguments.of(
            "explicit frequency 50 kHz, mono",
            // 00010 objectType 2 | 1111 escape | 0x00c350 frequency (24) | 0001 mono | 000 GA
            of(0x17, 0x80, 0x61, 0xa8, 0x08),
            new AudioSpecificConfig(2, 15, 50000, 1, of(0x00), 3),
            50000,
            1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_validVector_givesConfig(
      String name, byte[] bytes, AudioSpecificConfig expected, int sampleRate, int channels) {
    AudioSpecificConfig config = AudioSpecificConfig.parse(bytes);
    assertThat(config).isEqualTo(expected);
    assertThat(config.sampleRate()).isEqualTo(sampleRate);
    assertThat(config.channels()).isEqualTo(channels);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_config_givesVectorBytes(String name, byte[] bytes, AudioSpecificConfig config) {
    assertThat(config.encode()).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_mutatedVector_throwsOnlyProtocolException(String name, byte[] bytes) {
    Bytes.assertOnlyProtocolException(bytes, 2000, AudioSpecificConfig::parse);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty", of(), "needs 5 bits at bit 0"),
        Arguments.of("truncated in samplingFrequencyIndex", of(0x12), "needs 4 bits at bit 5"),
        // 11111 escape | 001010 -> 42 | 0101 index 5 | 1 = one of the 4 channelConfiguration bits
        Arguments.of(
            "truncated in channelConfiguration",
            of(0xf9, 0x4b),
            "needs 4 bits at bit 15 but only 1 remain"),
        Arguments.of("truncated in the escaped object type", of(0xf8), "needs 6 bits at bit 5"),
        Arguments.of("audioObjectType 0", of(0x02, 0x10), "audioObjectType 0 (NULL)"),
        // 00010 | 1101 index 13 | ...
        Arguments.of("reserved index 13", of(0x16, 0x90), "samplingFrequencyIndex 13 at bit 5"),
        Arguments.of("reserved index 14", of(0x17, 0x10), "samplingFrequencyIndex 14 at bit 5"),
        // 00010 | 1111 | 24 zero bits | 0010
        Arguments.of(
            "explicit frequency 0",
            of(0x17, 0x80, 0x00, 0x00, 0x10),
            "explicit samplingFrequency at bit 9 is 0"),
        Arguments.of(
            "truncated in the explicit frequency", of(0x17, 0x80, 0x61), "needs 24 bits at bit 9"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void parse_malformed_throwsProtocolException(String name, byte[] bytes, String message) {
    assertThatThrownBy(() -> AudioSpecificConfig.parse(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("aac.asc")
        .hasMessageContaining(message);
  }

  @Test
  void of_unlistedRate_usesExplicitFrequency() {
    AudioSpecificConfig config = AudioSpecificConfig.of(2, 50000, 1);
    assertThat(config.samplingFrequencyIndex()).isEqualTo(15);
    assertThat(AudioSpecificConfig.parse(config.encode())).isEqualTo(config);
  }

  @Test
  void new_objectType0_throwsIllegalArgument() {
    assertThatThrownBy(() -> new AudioSpecificConfig(0, 4, 0, 2, of(0), 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void new_tailShorterThanTailBits_throwsIllegalArgument() {
    assertThatThrownBy(() -> new AudioSpecificConfig(2, 4, 0, 2, of(), 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
