package io.streamrp2p.protocol.flv;

import static io.streamrp2p.protocol.flv.Hex.ascii;
import static io.streamrp2p.protocol.flv.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlvHeaderTest {
  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "audio and video",
            bytes(
                ascii("FLV"), // Signature
                "01", // Version
                "05", // TypeFlags: reserved 00000, audio 1, reserved 0, video 1
                "00000009"), // DataOffset
            FlvHeader.of(true, true)),
        Arguments.of(
            "video only", bytes(ascii("FLV"), "01", "01", "00000009"), FlvHeader.of(false, true)),
        Arguments.of(
            "audio only", bytes(ascii("FLV"), "01", "04", "00000009"), FlvHeader.of(true, false)),
        Arguments.of(
            "padded header",
            bytes(ascii("FLV"), "01", "05", "0000000b", /* padding */ "0000"),
            new FlvHeader(true, true, 11)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decode_vector_fields(String name, byte[] bytes, FlvHeader header) {
    assertThat(FlvHeader.decode(bytes, 0, bytes.length)).isEqualTo(header);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_vector_bytes(String name, byte[] bytes, FlvHeader header) {
    assertThat(header.encode()).isEqualTo(bytes);
  }

  @Test
  void decode_reservedFlagBitsSet_ignored() {
    byte[] in =
        bytes(ascii("FLV"), "01", "fa" /* reserved bits all 1, no audio, no video */, "00000009");

    assertThat(FlvHeader.decode(in, 0, in.length)).isEqualTo(FlvHeader.of(false, false));
  }

  @Test
  void decode_badSignature_throws() {
    byte[] in = bytes(ascii("FLX"), "01", "05", "00000009");

    assertThatThrownBy(() -> FlvHeader.decode(in, 0, in.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void decode_version2_throws() {
    byte[] in = bytes(ascii("FLV"), "02", "05", "00000009");

    assertThatThrownBy(() -> FlvHeader.decode(in, 0, in.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("version 2 at offset 3");
  }

  @Test
  void decode_dataOffsetBelow9_throws() {
    byte[] in = bytes(ascii("FLV"), "01", "05", "00000008");

    assertThatThrownBy(() -> FlvHeader.decode(in, 0, in.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("DataOffset 8");
  }

  @Test
  void decode_dataOffsetHuge_throws() {
    byte[] in = bytes(ascii("FLV"), "01", "05", "ffffffff");

    assertThatThrownBy(() -> FlvHeader.decode(in, 0, in.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("DataOffset 4294967295");
  }

  @Test
  void decode_truncated_throws() {
    byte[] in = bytes(ascii("FLV"), "01", "05", "000000");

    assertThatThrownBy(() -> FlvHeader.decode(in, 0, in.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void new_dataOffset8_illegalArgument() {
    assertThatThrownBy(() -> new FlvHeader(true, true, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
