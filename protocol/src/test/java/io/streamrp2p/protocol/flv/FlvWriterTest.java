package io.streamrp2p.protocol.flv;

import static io.streamrp2p.protocol.flv.Hex.ascii;
import static io.streamrp2p.protocol.flv.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlvWriterTest {
  static final byte[] BODY = bytes("af01", "cafe");

  static final byte[] ENCODED =
      bytes(
          "08", // TagType audio
          "000004", // DataSize
          "345678", // Timestamp, lower 24 bits
          "12", // TimestampExtended
          "000000", // StreamID
          "af01cafe", // body
          "0000000f"); // PreviousTagSize = 11 + 4

  @Test
  void encodeHeader_audioVideo_headerAndPreviousTagSize0() {
    assertThat(FlvWriter.encodeHeader(FlvHeader.of(true, true)))
        .isEqualTo(bytes(ascii("FLV"), "01", "05", "00000009", /* PreviousTagSize0 */ "00000000"));
  }

  @Test
  void encodedSize_bodyLength_headerBodyAndTrailer() {
    assertThat(FlvWriter.encodedSize(0)).isEqualTo(15);
    assertThat(FlvWriter.encodedSize(0xFFFFFF)).isEqualTo(0xFFFFFF + 15);
  }

  @Test
  void encodedSize_over24Bits_illegalArgument() {
    assertThatThrownBy(() -> FlvWriter.encodedSize(0x1000000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FlvWriter.encodedSize(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodeTag_sliceOfBody_newArray() {
    byte[] padded = bytes("eeee", "af01cafe", "ee");

    assertThat(FlvWriter.encodeTag(8, 0x12345678L, padded, 2, 4)).isEqualTo(ENCODED);
  }

  @Test
  void encodeTag_intoArrayAtOffset_writesOnlyItsRange() {
    byte[] dst = new byte[3 + ENCODED.length + 2];
    Arrays.fill(dst, (byte) 0x55);

    int written = FlvWriter.encodeTag(8, 0x12345678L, BODY, 0, 4, dst, 3);

    assertThat(written).isEqualTo(ENCODED.length);
    assertThat(Arrays.copyOfRange(dst, 3, 3 + written)).isEqualTo(ENCODED);
    assertThat(dst).startsWith(0x55, 0x55, 0x55).endsWith(0x55, 0x55);
  }

  @Test
  void encodeTag_littleEndianDirectBuffer_sameBytes() {
    ByteBuffer dst = ByteBuffer.allocateDirect(ENCODED.length).order(ByteOrder.LITTLE_ENDIAN);

    FlvWriter.encodeTag(8, 0x12345678L, BODY, 0, 4, dst);

    byte[] out = new byte[ENCODED.length];
    dst.flip().get(out);
    assertThat(out).isEqualTo(ENCODED);
  }

  @Test
  void encodeTag_largestBody_previousTagSizeUses25Bits() {
    byte[] body = new byte[0xFFFFFF];
    byte[] out = FlvWriter.encodeTag(9, 0, body, 0, body.length);

    assertThat(Arrays.copyOfRange(out, out.length - 4, out.length))
        .isEqualTo(bytes("0100000a")); // 11 + 0xFFFFFF
  }

  @Test
  void encodeTag_recordWithStreamId_keepsStreamId() {
    FlvTag tag = new FlvTag(18, 0, 0x000001, bytes("05"));

    assertThat(FlvWriter.encodeTag(tag))
        .isEqualTo(bytes("12", "000001", "000000", "00", "000001", "05", "0000000c"));
  }

  @Test
  void encodeTag_destinationTooSmall_illegalArgument() {
    assertThatThrownBy(() -> FlvWriter.encodeTag(8, 0, BODY, 0, 4, new byte[ENCODED.length], 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FlvWriter.encodeTag(8, 0, BODY, 0, 4, ByteBuffer.allocate(14)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodeTag_bodyRangeOutside_illegalArgument() {
    assertThatThrownBy(() -> FlvWriter.encodeTag(8, 0, BODY, 2, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodeTag_timestampOutside32Bits_illegalArgument() {
    assertThatThrownBy(() -> FlvWriter.encodeTag(8, 1L << 32, BODY, 0, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FlvWriter.encodeTag(8, -1, BODY, 0, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodeTag_tagTypeOver5Bits_illegalArgument() {
    assertThatThrownBy(() -> FlvWriter.encodeTag(0x28, 0, BODY, 0, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
