package io.streamrp2p.protocol.flv;

import static io.streamrp2p.protocol.flv.Hex.ascii;
import static io.streamrp2p.protocol.flv.Hex.bytes;
import static io.streamrp2p.protocol.flv.Hex.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlvReaderTest {
  static final byte[] HEADER =
      bytes(ascii("FLV"), "01", "05", "00000009", /* PreviousTagSize0 */ "00000000");

  /** Each tag's bytes with its trailing PreviousTagSize, as FlvWriter writes them. */
  static Stream<Arguments> tags() {
    return Stream.of(
        Arguments.of(
            "AAC sequence header",
            bytes(
                "08", // TagType audio, Reserved 00, Filter 0
                "000004", // DataSize
                "000000", // Timestamp
                "00", // TimestampExtended
                "000000", // StreamID
                "af00 1210", // body: AAC, sequence header, AudioSpecificConfig
                "0000000f"), // PreviousTagSize = 11 + 4
            new FlvTag(8, 0, bytes("af001210"))),
        Arguments.of(
            "video, timestamp past 24 bits",
            bytes("09", "000002", "000028", "01", "000000", "2701", "0000000d"),
            new FlvTag(9, 0x01000028L, bytes("2701"))),
        Arguments.of(
            "largest timestamp",
            bytes("09", "000000", "ffffff", "ff", "000000", "0000000b"),
            new FlvTag(9, 0xFFFF_FFFFL, new byte[0])),
        Arguments.of(
            "script tag",
            bytes("12", "000003", "000000", "00", "000000", "020000", "0000000e"),
            new FlvTag(18, 0, bytes("020000"))),
        Arguments.of(
            "non-zero StreamID tolerated",
            bytes("08", "000001", "000010", "00", "000001", "2f", "0000000c"),
            new FlvTag(8, 16, 1, bytes("2f"))),
        Arguments.of(
            "unknown tag type passed through",
            bytes("0f", "000001", "000000", "00", "000000", "00", "0000000c"),
            new FlvTag(15, 0, bytes("00"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tags")
  void poll_tagVector_decodes(String name, byte[] bytes, FlvTag tag) {
    assertThat(readAll(concat(HEADER, bytes))).containsExactly(FlvHeader.of(true, true), tag);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tags")
  void encodeTag_tagVector_sameBytes(String name, byte[] bytes, FlvTag tag) {
    assertThat(FlvWriter.encodeTag(tag)).isEqualTo(bytes);
  }

  @Test
  void poll_inputSplitAtEveryByte_sameUnitsAndNothingPartialConsumed() {
    byte[] stream = concat(HEADER, allTagBytes());
    List<FlvUnit> whole = readAll(stream);

    for (int split = 0; split <= stream.length; split++) {
      FlvReader reader = new FlvReader();
      ByteBuffer in = ByteBuffer.allocate(stream.length);
      in.put(stream, 0, split).flip();
      List<FlvUnit> units = drain(reader, in);
      assertThat(reader.position()).as("consumed at split %d", split).isEqualTo(in.position());
      in.compact().put(stream, split, stream.length - split).flip();
      units.addAll(drain(reader, in));
      assertThat(units).as("split at %d", split).isEqualTo(whole);
      assertThat(in.hasRemaining()).isFalse();
      assertThat(reader.atTagBoundary()).isTrue();
    }
  }

  @Test
  void poll_oneByteAtATime_sameUnits() {
    byte[] stream = concat(HEADER, allTagBytes());
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.allocate(stream.length);
    List<FlvUnit> units = new ArrayList<>();

    for (byte b : stream) {
      in.put(b).flip();
      units.addAll(drain(reader, in));
      in.compact();
    }

    assertThat(units).isEqualTo(readAll(stream));
  }

  @Test
  void poll_truncatedTag_nullAndNothingConsumed() {
    byte[] tag = bytes("09", "000004", "000000", "00", "000000", "1701"); // 2 of 4 body bytes
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(concat(HEADER, tag));

    assertThat(reader.poll(in)).isInstanceOf(FlvHeader.class);
    assertThat(reader.poll(in)).isNull();
    assertThat(in.remaining()).isEqualTo(tag.length);
    assertThat(reader.atTagBoundary()).isTrue();
  }

  @Test
  void poll_truncatedPreviousTagSize_nullAndNotAtBoundary() {
    byte[] tag = bytes("09", "000000", "000000", "00", "000000", /* PreviousTagSize */ "0000");
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(concat(HEADER, tag));

    assertThat(drain(reader, in)).hasSize(2);
    assertThat(in.remaining()).isEqualTo(2);
    assertThat(reader.atTagBoundary()).isFalse();
  }

  @Test
  void poll_paddedHeader_skipsPadding() {
    byte[] in = bytes(ascii("FLV"), "01", "01", "0000000c", "000000", "00000000");

    assertThat(readAll(in)).containsExactly(new FlvHeader(false, true, 12));
  }

  @Test
  void poll_badSignature_throws() {
    assertMalformed(bytes(ascii("FLX"), "01", "05", "00000009"), "bad signature at offset 0");
  }

  @Test
  void poll_badVersion_throws() {
    assertMalformed(bytes(ascii("FLV"), "00", "05", "00000009"), "version 0 at offset 3");
  }

  @Test
  void poll_dataOffsetBelow9_throws() {
    assertMalformed(bytes(ascii("FLV"), "01", "05", "00000000"), "DataOffset 0");
  }

  @Test
  void poll_previousTagSize0NotZero_throws() {
    assertMalformed(
        bytes(ascii("FLV"), "01", "05", "00000009", "0000000b"),
        "PreviousTagSize 11 at offset 9 does not match the previous tag's 0");
  }

  @Test
  void poll_previousTagSizeMismatch_throws() {
    byte[] tag = bytes("08", "000001", "000000", "00", "000000", "2f", /* 11 + 1 */ "0000000b");

    assertMalformed(concat(HEADER, tag), "PreviousTagSize 11 at offset 25");
  }

  @Test
  void poll_bodyOverLimit_throwsBeforeBodyArrives() {
    byte[] tagHeader = bytes("09", /* DataSize */ "000011", "000000", "00", "000000");
    FlvReader reader = new FlvReader(16);
    ByteBuffer in = ByteBuffer.wrap(concat(HEADER, tagHeader));
    reader.poll(in);

    assertThatThrownBy(() -> reader.poll(in))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("DataSize 17 at offset 14 exceeds tagBodyBytesMax 16");
  }

  @Test
  void poll_filterBitSet_throws() {
    byte[] tag = bytes(/* Filter 1, TagType 9 */ "29", "000001", "000000", "00", "000000", "17");

    assertMalformed(concat(HEADER, tag), "Filter bit set");
  }

  @Test
  void poll_reservedTagTypeBitsSet_ignored() {
    byte[] tag = bytes(/* Reserved 11, TagType 8 */ "c8", "000001", "000000", "00", "000000");
    byte[] in = concat(HEADER, tag, bytes("2f", "0000000c"));

    assertThat(readAll(in)).endsWith(new FlvTag(8, 0, bytes("2f")));
  }

  @Test
  void poll_afterFailure_illegalState() {
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(bytes(ascii("FLX"), "01", "05", "00000009"));
    assertThatThrownBy(() -> reader.poll(in)).isInstanceOf(ProtocolException.class);

    assertThatThrownBy(() -> reader.poll(in)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void new_limitOver24Bits_illegalArgument() {
    assertThatThrownBy(() -> new FlvReader(0x1000000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bufferBytesMin_defaultLimit_holdsLargestTag() {
    assertThat(new FlvReader().bufferBytesMin()).isEqualTo(11 + 8 * 1024 * 1024);
  }

  private static byte[] allTagBytes() {
    return concat(tags().map(a -> (byte[]) a.get()[1]).toArray(byte[][]::new));
  }

  private static void assertMalformed(byte[] stream, String message) {
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(stream);
    assertThatThrownBy(() -> drain(reader, in))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("flv: ")
        .hasMessageContaining(message);
  }

  static List<FlvUnit> readAll(byte[] stream) {
    return drain(new FlvReader(), ByteBuffer.wrap(stream));
  }

  static List<FlvUnit> drain(FlvReader reader, ByteBuffer in) {
    List<FlvUnit> units = new ArrayList<>();
    for (FlvUnit unit = reader.poll(in); unit != null; unit = reader.poll(in)) {
      units.add(unit);
    }
    return units;
  }
}
