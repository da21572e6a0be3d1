package io.streamrp2p.protocol.amf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Amf0Test {

  /** One table drives decode, encode and the fuzz seed corpus: (name, bytes, decoded). */
  static Stream<Arguments> vectors() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("width", 1280.0);
    meta.put("stereo", true);
    return Stream.of(
        Arguments.of("number 1.5", hex("00 3FF8000000000000"), 1.5),
        Arguments.of("number 0", hex("00 0000000000000000"), 0.0),
        Arguments.of("boolean true", hex("01 01"), true),
        Arguments.of("boolean false", hex("01 00"), false),
        // marker, u16 length 7, "connect"
        Arguments.of("string", hex("02 0007 636F6E6E656374"), "connect"),
        Arguments.of("empty string", hex("02 0000"), ""),
        Arguments.of("null", hex("05"), Amf.NULL),
        Arguments.of("undefined", hex("06"), Amf.UNDEFINED),
        // marker, key "a" (u16 1, 61), number 1.0, end (0000 09)
        Arguments.of("object", hex("03 0001 61 00 3FF0000000000000 000009"), Amf.object("a", 1.0)),
        // marker, count 2, "width" 1280, "stereo" true, end
        Arguments.of(
            "ecma array",
            hex("08 00000002 0005 7769647468 00 4094000000000000 0006 73746572656F 01 01 000009"),
            new AmfEcmaArray(meta)),
        // marker, count 2, number 1, string "x"
        Arguments.of(
            "strict array", hex("0A 00000002 00 3FF0000000000000 02 0001 78"), List.of(1.0, "x")),
        // marker, millis 0, time zone 0
        Arguments.of("date", hex("0B 0000000000000000 0000"), new AmfDate(0, (short) 0)),
        // marker, class name "C", key "k" null, end
        Arguments.of(
            "typed object",
            hex("10 0001 43 0001 6B 05 000009"),
            new AmfObject("C", Map.of("k", Amf.NULL))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void read_vector_decodesValue(String name, byte[] bytes, Object decoded) {
    Amf0Reader reader = new Amf0Reader(bytes, 0, bytes.length);
    assertThat(reader.read()).isEqualTo(decoded);
    assertThat(reader.hasRemaining()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void write_vector_encodesSameBytes(String name, byte[] bytes, Object decoded) {
    assertThat(Amf0Writer.encodeAll(decoded)).isEqualTo(bytes);
  }

  @org.junit.jupiter.api.Test
  void read_longString_decodes() {
    byte[] bytes = hex("0C 00000003 616263");
    assertThat(Amf0Reader.decodeAll(bytes)).containsExactly("abc");
  }

  @org.junit.jupiter.api.Test
  void write_stringOver64KiB_usesLongString() {
    String big = "x".repeat(70_000);
    byte[] bytes = Amf0Writer.encodeAll(big);
    assertThat(bytes[0]).isEqualTo((byte) 0x0C);
    assertThat(Amf0Reader.decodeAll(bytes)).containsExactly(big);
  }

  @org.junit.jupiter.api.Test
  void read_ecmaArrayWithoutEndMarker_toleratesEncoderQuirk() {
    // count 1, "a" = true, then the payload ends with no 00 00 09
    byte[] bytes = hex("08 00000001 0001 61 01 01");
    assertThat(Amf0Reader.decodeAll(bytes)).containsExactly(new AmfEcmaArray(Map.of("a", true)));
  }

  @org.junit.jupiter.api.Test
  void read_avmplusSwitch_decodesAmf3Value() {
    // 11 = switch to AMF3; 06 = string, U29 (3<<1|1)=07, "abc"
    assertThat(Amf0Reader.decodeAll(hex("11 06 07 616263"))).containsExactly("abc");
    // 11 04 = AMF3 integer, U29 0x7F -> 127
    assertThat(Amf0Reader.decodeAll(hex("11 04 7F"))).containsExactly(127.0);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("truncated number", hex("00 3FF0"), "truncated 64-bit number"),
        Arguments.of("truncated string", hex("02 0005 6162"), "truncated string of 5 bytes"),
        Arguments.of("string length truncated", hex("02 00"), "truncated 16-bit length"),
        Arguments.of("object missing end", hex("03 0001 61 01 01"), "truncated 16-bit length"),
        Arguments.of("object key without value", hex("03 0001 61"), "has no value"),
        Arguments.of("long string lies", hex("0C 7FFFFFFF 61"), "exceeds the 1 bytes left"),
        Arguments.of("strict array lies", hex("0A FFFFFFFF 05"), "exceeds the 1 bytes left"),
        Arguments.of("unknown marker", hex("0E"), "unsupported type marker 0xe"),
        Arguments.of("reference", hex("07 0001"), "unsupported type marker 0x7"),
        Arguments.of("stray object end", hex("09"), "unsupported type marker 0x9"),
        Arguments.of("amf3 object reference", hex("11 0A 00"), "references are not supported"),
        Arguments.of("amf3 string ref unknown", hex("11 06 00"), "unknown string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void read_malformed_throwsProtocolException(String name, byte[] bytes, String message) {
    assertThatThrownBy(() -> Amf0Reader.decodeAll(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(message);
  }

  @org.junit.jupiter.api.Test
  void read_emptyInput_throwsProtocolException() {
    assertThatThrownBy(() -> new Amf0Reader(new byte[0], 0, 0).read())
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("truncated type marker or byte: need 1 bytes, 0 left at offset 0");
  }

  @org.junit.jupiter.api.Test
  void read_nestingBomb_rejectedAtLimit() {
    // 10,000 nested strict arrays of one element each: 0A 00000001 ... repeated
    int depth = 10_000;
    byte[] bytes = new byte[depth * 5 + 1];
    for (int i = 0; i < depth; i++) {
      bytes[i * 5] = 0x0A;
      bytes[i * 5 + 4] = 1;
    }
    bytes[depth * 5] = 0x05;
    assertThatThrownBy(() -> Amf0Reader.decodeAll(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("nesting deeper than 32");
  }

  @org.junit.jupiter.api.Test
  void read_nestingAtLimit_accepted() {
    byte[] bytes = new byte[32 * 5 + 1];
    for (int i = 0; i < 32; i++) {
      bytes[i * 5] = 0x0A;
      bytes[i * 5 + 4] = 1;
    }
    bytes[32 * 5] = 0x05;
    assertThat(Amf0Reader.decodeAll(bytes)).hasSize(1);
  }

  /**
   * A 16-bit-length name of bytes that are not UTF-8 decodes to U+FFFD per byte, three bytes each
   * when written again, so 22,000 such bytes would make a name AMF0 cannot write. The hub
   * re-encodes publisher metadata for players, so the reader must reject it as bad bytes.
   */
  @org.junit.jupiter.api.Test
  void read_nameThatGrowsPast64KiBAsUtf8_throwsProtocolException() {
    byte[] name = new byte[22_000];
    java.util.Arrays.fill(name, (byte) 0xFF);
    byte[] object = concat(hex("03 55F0"), name, hex("05 000009")); // key length 22000, null, end
    byte[] typed = concat(hex("10 55F0"), name, hex("000009")); // class name 22000, end

    for (byte[] bytes : List.of(object, typed)) {
      assertThatThrownBy(() -> Amf0Reader.decodeAll(bytes))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("longer than the 65535 bytes an AMF0 name can hold");
    }
  }

  /** AMF3 names have 28-bit lengths; one that AMF0 cannot write again is rejected the same way. */
  @org.junit.jupiter.api.Test
  void read_amf3NameOver64KiB_throwsProtocolException() {
    byte[] name = "k".repeat(70_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    // 11 avmplus, 0A object, 0B dynamic with no sealed members, 01 no class name,
    // U29 (70000 << 1 | 1) = 0x222E1 as 88 C5 61, the name, 01 null, 01 end of dynamic members
    byte[] bytes = concat(hex("11 0A 0B 01 88C561"), name, hex("01 01"));

    assertThatThrownBy(() -> Amf0Reader.decodeAll(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("longer than the 65535 bytes an AMF0 name can hold");
  }

  @org.junit.jupiter.api.Test
  void read_nameOf64KiBMinusOne_decodesAndReencodes() {
    String name = "n".repeat(0xFFFF);
    byte[] bytes = Amf0Writer.encodeAll(Amf.object(name, 1.0));

    assertThat(Amf0Reader.decodeAll(Amf0Writer.encodeAll(Amf0Reader.decodeAll(bytes))))
        .containsExactly(Amf.object(name, 1.0));
  }

  @org.junit.jupiter.api.Test
  void write_javaNullOrInteger_rejectedAsMisuse() {
    assertThatThrownBy(() -> Amf0Writer.encodeAll((Object) Integer.valueOf(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("doubles");
    assertThatThrownBy(() -> new Amf0Writer().write(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Amf.NULL");
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] hex(String s) {
    String clean = s.replace(" ", "");
    byte[] out = new byte[clean.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(clean.substring(i * 2, i * 2 + 2), 16);
    }
    return out;
  }
}
