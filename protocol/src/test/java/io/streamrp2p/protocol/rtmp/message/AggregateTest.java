package io.streamrp2p.protocol.rtmp.message;

import static io.streamrp2p.protocol.rtmp.message.MessageCodecTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AggregateTest {
  /** Two sub-tags stamped 1000 and 1020 by the sender. */
  private static final byte[] TWO_TAGS =
      join(
          "09", // type 9 (video)
          "00 00 02", // data size 2
          "00 03 E8 00", // timestamp 1000, extension 0
          "00 00 00", // stream id 0
          "17 00", // body
          "00 00 00 0D", // back pointer 11 + 2
          "08", // type 8 (audio)
          "00 00 01", // data size 1
          "00 03 FC 00", // timestamp 1020, extension 0
          "00 00 00", // stream id 0
          "AF", // body
          "00 00 00 0C"); // back pointer 11 + 1

  @Test
  void decode_twoSubTags_rebasesOnAggregateTimestamp() {
    RawMessage raw = new RawMessage(6, 22, 5000, 1, TWO_TAGS);

    assertThat(Aggregate.decode(raw).messages())
        .containsExactly(
            new RawMessage(6, 9, 5000, 1, hex("17 00")), new RawMessage(6, 8, 5020, 1, hex("AF")));
  }

  @Test
  void decode_timestampsNearWrap_rebaseModulo2To32() {
    RawMessage raw = new RawMessage(6, 22, 0xFFFFFFF0L, 1, TWO_TAGS);

    assertThat(Aggregate.decode(raw).messages().get(1).timestamp()).isEqualTo(4);
  }

  @Test
  void encode_decoded_returnsSameBytesWhenTimestampsAgree() {
    RawMessage raw = new RawMessage(6, 22, 1000, 1, TWO_TAGS);

    assertThat(Aggregate.decode(raw).encode()).isEqualTo(raw);
  }

  @Test
  void decode_empty_returnsNoMessages() {
    assertThat(Aggregate.decode(new RawMessage(6, 22, 0, 1, new byte[0])).messages()).isEmpty();
  }

  static Stream<Arguments> malformed() {
    byte[] tooMany = new byte[15 * (Aggregate.SUB_MESSAGES_MAX + 1)];
    for (int i = 0; i < tooMany.length; i += 15) {
      tooMany[i] = 8; // empty audio tags
    }
    return Stream.of(
        Arguments.of("truncated sub-tag header", hex("09 00 00 02 00 03 E8 00 00 00")),
        Arguments.of(
            "size beyond the aggregate",
            join("09 00 00 09 00 03 E8 00 00 00 00", "17 00", "00 00 00 0D")),
        Arguments.of("trailing bytes after the last tag", join(hexString(TWO_TAGS), "00 00")),
        Arguments.of("nested aggregate", hex("16 00 00 00 00 00 00 00 00 00 00 00 00 00 0B")),
        Arguments.of("more sub-messages than SUB_MESSAGES_MAX", tooMany));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void decode_malformed_throwsProtocolException(String name, byte[] payload) {
    RawMessage raw = new RawMessage(6, 22, 0, 1, payload);

    assertThatThrownBy(() -> Aggregate.decode(raw))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("rtmp.message: ");
  }

  @Test
  void encode_mixedStreams_throwsIllegalState() {
    Aggregate a =
        new Aggregate(
            List.of(
                new RawMessage(6, 9, 0, 1, new byte[0]), new RawMessage(6, 9, 0, 2, new byte[0])));

    assertThatThrownBy(a::encode).isInstanceOf(IllegalStateException.class);
  }

  private static byte[] join(String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String f : fields) {
      out.writeBytes(hex(f));
    }
    return out.toByteArray();
  }

  private static String hexString(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
