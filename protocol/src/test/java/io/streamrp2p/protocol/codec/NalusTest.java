package io.streamrp2p.protocol.codec;

import static io.streamrp2p.protocol.codec.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NalusTest {
  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("nothing to remove", of(0x67, 0x00, 0x01), of(0x67, 0x00, 0x01)),
        Arguments.of("00 00 03 01", of(0x00, 0x00, 0x03, 0x01), of(0x00, 0x00, 0x01)),
        Arguments.of(
            "two in a row",
            of(0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00),
            of(0x00, 0x00, 0x00, 0x00, 0x00)),
        Arguments.of("00 00 03 03", of(0x00, 0x00, 0x03, 0x03), of(0x00, 0x00, 0x03)),
        Arguments.of("trailing cabac_zero_word", of(0x80, 0x00, 0x00, 0x03), of(0x80, 0x00, 0x00)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("escapes")
  void unescape_escapedBytes_givesRbsp(String name, byte[] escaped, byte[] rbsp) {
    assertThat(Nalus.unescape(escaped)).isEqualTo(rbsp);
  }

  @Test
  void escape_rbspWithStartCodePrefixes_roundTrips() {
    byte[] rbsp = of(0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x04);
    byte[] escaped = Nalus.escape(rbsp);
    assertThat(escaped)
        .isEqualTo(
            of(
                0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00,
                0x04));
    assertThat(Nalus.unescape(escaped)).isEqualTo(rbsp);
  }

  static Stream<Arguments> lengthPrefixed() {
    return Stream.of(
        Arguments.of(
            "4-byte lengths",
            4,
            of(
                0x00, 0x00, 0x00, 0x02, 0x09, 0xf0, // length 2: AUD
                0x00, 0x00, 0x00, 0x01, 0x65), // length 1: IDR header
            List.of(of(0x09, 0xf0), of(0x65))),
        Arguments.of(
            "2-byte lengths",
            2,
            of(0x00, 0x03, 0x41, 0x9a, 0x00), // length 3
            List.of(of(0x41, 0x9a, 0x00))),
        Arguments.of(
            "1-byte lengths",
            1,
            of(0x01, 0x06, 0x02, 0x68, 0xee), // 1: SEI, 2: PPS
            List.of(of(0x06), of(0x68, 0xee))),
        Arguments.of("empty access unit", 4, of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lengthPrefixed")
  void splitLengthPrefixed_accessUnit_givesViews(
      String name, int lengthSize, byte[] au, List<byte[]> nalUnits) {
    assertThat(Nalus.splitLengthPrefixed(au, 0, au.length, lengthSize))
        .extracting(NalUnit::toArray)
        .containsExactlyElementsOf(nalUnits);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lengthPrefixed")
  void writeLengthPrefixed_nalUnits_givesAccessUnit(
      String name, int lengthSize, byte[] au, List<byte[]> nalUnits) {
    assertThat(Nalus.writeLengthPrefixed(nalUnits, lengthSize)).isEqualTo(au);
  }

  @Test
  void splitLengthPrefixed_range_viewsIntoTheSameBuffer() {
    byte[] buffer = of(0xaa, 0x00, 0x01, 0x65, 0xbb);
    List<NalUnit> nalUnits = Nalus.splitLengthPrefixed(buffer, 1, 3, 2);
    assertThat(nalUnits).containsExactly(new NalUnit(buffer, 3, 1));
    assertThat(nalUnits.get(0).buffer()).isSameAs(buffer);
  }

  static Stream<Arguments> badLengthPrefixed() {
    return Stream.of(
        Arguments.of("length cut off", 4, of(0x00, 0x00, 0x01), "length at byte 0 is cut off"),
        Arguments.of("length 0", 2, of(0x00, 0x00, 0x65), "NAL unit at byte 0 has length 0"),
        Arguments.of(
            "length overruns",
            4,
            of(0x00, 0x00, 0x00, 0x05, 0x65),
            "NAL unit at byte 0 claims 5 bytes but 1 remain"),
        Arguments.of(
            "hostile 4 GB length", 4, of(0xff, 0xff, 0xff, 0xff, 0x65), "claims 4294967295 bytes"),
        Arguments.of(
            "second length overruns",
            1,
            of(0x01, 0x65, 0x02, 0x41),
            "NAL unit at byte 2 claims 2 bytes but 1 remain"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLengthPrefixed")
  void splitLengthPrefixed_malformed_throwsProtocolException(
      String name, int lengthSize, byte[] au, String message) {
    assertThatThrownBy(() -> Nalus.splitLengthPrefixed(au, 0, au.length, lengthSize))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("nalu.avcc")
        .hasMessageContaining(message);
  }

  @Test
  void splitLengthPrefixed_moreThanTheLimit_throwsProtocolException() {
    byte[] au = new byte[2 * (Nalus.NALUS_PER_ACCESS_UNIT_MAX + 1)];
    for (int i = 0; i < au.length; i += 2) {
      au[i] = 1; // length 1
      au[i + 1] = 0x41; // a 1-byte slice header
    }
    assertThat(Nalus.splitLengthPrefixed(au, 0, au.length - 2, 1))
        .hasSize(Nalus.NALUS_PER_ACCESS_UNIT_MAX);
    assertThatThrownBy(() -> Nalus.splitLengthPrefixed(au, 0, au.length, 1))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 1024 NAL units");
  }

  @Test
  void splitLengthPrefixed_lengthSize3_throwsIllegalArgument() {
    assertThatThrownBy(() -> Nalus.splitLengthPrefixed(of(), 0, 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> annexB() {
    return Stream.of(
        Arguments.of(
            "4-byte start codes",
            of(
                0x00, 0x00, 0x00, 0x01, 0x67, 0x64, // SPS
                0x00, 0x00, 0x00, 0x01, 0x68), // PPS
            List.of(of(0x67, 0x64), of(0x68))),
        Arguments.of(
            "3-byte start codes",
            of(
                0x00, 0x00, 0x01, 0x09, 0xf0, // AUD
                0x00, 0x00, 0x01, 0x65, 0x88), // IDR
            List.of(of(0x09, 0xf0), of(0x65, 0x88))),
        Arguments.of(
            "leading and trailing zero bytes",
            of(0x00, 0x00, 0x00, 0x00, 0x01, 0x65, 0x00, 0x00), // trailing_zero_8bits
            List.of(of(0x65))),
        Arguments.of(
            "escaped 00 00 03 stays inside",
            of(0x00, 0x00, 0x01, 0x06, 0x00, 0x00, 0x03, 0x01),
            List.of(of(0x06, 0x00, 0x00, 0x03, 0x01))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("annexB")
  void splitAnnexB_byteStream_givesViews(String name, byte[] stream, List<byte[]> nalUnits) {
    assertThat(Nalus.splitAnnexB(stream, 0, stream.length))
        .extracting(NalUnit::toArray)
        .containsExactlyElementsOf(nalUnits);
  }

  @Test
  void writeAnnexB_nalUnits_splitsBack() {
    List<byte[]> nalUnits = List.of(of(0x67, 0x64), of(0x68), of(0x65, 0x00, 0x00, 0x03, 0x01));
    byte[] stream = Nalus.writeAnnexB(nalUnits);
    assertThat(stream).startsWith(0x00, 0x00, 0x00, 0x01, 0x67);
    assertThat(Nalus.splitAnnexB(stream, 0, stream.length))
        .extracting(NalUnit::toArray)
        .containsExactlyElementsOf(nalUnits);
  }

  static Stream<Arguments> badAnnexB() {
    return Stream.of(
        Arguments.of("empty", of(), "does not begin with a start code"),
        Arguments.of(
            "garbage before the start code",
            of(0x12, 0x00, 0x00, 0x01, 0x65),
            "does not begin with a start code"),
        Arguments.of(
            "two start codes in a row",
            of(0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x65),
            "empty NAL unit at byte 3"),
        Arguments.of(
            "ends with a start code",
            of(0x00, 0x00, 0x01, 0x65, 0x00, 0x00, 0x01),
            "empty NAL unit at byte 7"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAnnexB")
  void splitAnnexB_malformed_throwsProtocolException(String name, byte[] stream, String message) {
    assertThatThrownBy(() -> Nalus.splitAnnexB(stream, 0, stream.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("nalu.annexb")
        .hasMessageContaining(message);
  }

  @Test
  void splitAnnexB_moreThanTheLimit_throwsProtocolException() {
    byte[] stream = new byte[4 * 3];
    for (int i = 0; i < stream.length; i += 4) {
      stream[i + 2] = 1; // 00 00 01
      stream[i + 3] = 0x41;
    }
    assertThatThrownBy(() -> Nalus.splitAnnexB(stream, 0, stream.length, 2))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 2 NAL units");
  }

  @Test
  void splitAnnexB_mutatedStream_throwsOnlyProtocolException() {
    byte[] seed = Nalus.writeAnnexB(List.of(of(0x67, 0x64, 0x00), of(0x68, 0xee), of(0x65, 0x88)));
    Bytes.assertOnlyProtocolException(seed, 3000, b -> Nalus.splitAnnexB(b, 0, b.length));
    Bytes.assertOnlyProtocolException(
        seed, 3000, b -> Nalus.splitLengthPrefixed(b, 0, b.length, 2));
  }
}
