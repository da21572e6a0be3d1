package io.streamrp2p.protocol.codec;

import static io.streamrp2p.protocol.codec.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BitReaderTest {
  static Stream<Arguments> expGolomb() {
    return Stream.of(
        Arguments.of("1 -> 0", of(0x80), 0L, 0L),
        Arguments.of("010 -> 1", of(0x40), 1L, 1L),
        Arguments.of("011 -> 2", of(0x60), 2L, -1L),
        Arguments.of("00100 -> 3", of(0x20), 3L, 2L),
        Arguments.of("00111 -> 6", of(0x38), 6L, -3L),
        // 31 zeros, a one, 31 ones: the largest code, 2^32 - 2
        Arguments.of(
            "largest",
            of(0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xfe),
            0xfffffffeL,
            -0x7fffffffL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expGolomb")
  void readUe_code_givesValue(String name, byte[] bytes, long ue, long se) {
    assertThat(new BitReader("t", bytes).readUe()).isEqualTo(ue);
    assertThat(new BitReader("t", bytes).readSe()).isEqualTo(se);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expGolomb")
  void readUe_bitWriterOutput_roundTrips(String name, byte[] bytes, long ue, long se) {
    assertThat(new BitReader("t", new BitWriter().ue(ue).toBytes()).readUe()).isEqualTo(ue);
    assertThat(new BitReader("t", new BitWriter().se(se).toBytes()).readSe()).isEqualTo(se);
  }

  @Test
  void readUe_32LeadingZeros_throwsProtocolException() {
    BitReader in = new BitReader("avc.sps", of(0x00, 0x00, 0x00, 0x00, 0x80));
    assertThatThrownBy(in::readUe)
        .isInstanceOf(ProtocolException.class)
        .hasMessage("avc.sps: exp-Golomb code at bit 0 has more than 31 leading zeros");
  }

  @Test
  void readUe_allZeroInput_throwsProtocolException() {
    assertThatThrownBy(() -> new BitReader("t", of(0x00, 0x00)).readUe())
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("needs 1 bits at bit 16 but only 0 remain");
  }

  @Test
  void readUe_suffixCutOff_throwsProtocolException() {
    assertThatThrownBy(() -> new BitReader("t", of(0x01)).readUe()) // 0000 0001, 7 bits missing
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("needs 7 bits at bit 8");
  }

  @Test
  void readUe_overBound_namesTheField() {
    assertThatThrownBy(() -> new BitReader("t", of(0x20)).readUe("some_id", 2))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("t: some_id = 3 at bit 0 exceeds 2");
  }

  @Test
  void readBits_acrossBytes_readsMsbFirst() {
    BitReader in = new BitReader("t", of(0xaa, 0xa5, 0xff, 0x0f, 0x12, 0x34), 1, 5);
    assertThat(in.readBits(4)).isEqualTo(0xa);
    assertThat(in.readBit()).isEqualTo(0);
    assertThat(in.readFlag()).isTrue();
    in.skipBits(2);
    assertThat(in.readBits(32)).isEqualTo(0xff0f1234L);
    assertThat(in.bitsLeft()).isZero();
    assertThat(in.bitPosition()).isEqualTo(40);
  }

  @Test
  void readBits_pastTheRange_throwsProtocolException() {
    BitReader in = new BitReader("t", of(0xff, 0xff), 0, 1);
    in.skipBits(5);
    assertThatThrownBy(() -> in.readBits(4))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("t: needs 4 bits at bit 5 but only 3 remain");
  }

  @Test
  void skipBits_pastTheRange_throwsProtocolException() {
    assertThatThrownBy(() -> new BitReader("t", of(0xff)).skipBits(Long.MAX_VALUE))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void readBits_33_throwsIllegalArgument() {
    assertThatThrownBy(() -> new BitReader("t", new byte[8]).readBits(33))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
