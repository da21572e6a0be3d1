package io.streamrp2p.protocol.mpegts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Crc32Mpeg2Test {
  @Test
  void compute_checkString_matchesCatalogueValue() {
    // CRC-32/MPEG-2 check value for "123456789" from the CRC RevEng catalogue.
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

    assertThat(Crc32Mpeg2.compute(check, 0, check.length)).isEqualTo(0x0376E6E7);
  }

  @Test
  void compute_ffmpegPatSectionWithItsCrc_isZero() {
    // PAT section written by ffmpeg 5.1: table_id .. program entry, then CRC_32 2A B1 04 B2.
    byte[] section = HexFormat.of().parseHex("00b00d0001c100000001f0002ab104b2");

    assertThat(Crc32Mpeg2.compute(section, 0, section.length)).isZero();
    assertThat(Crc32Mpeg2.compute(section, 0, section.length - 4)).isEqualTo(0x2AB104B2);
  }

  @Test
  void compute_rangeOutsideArray_throwsIllegalArgument() {
    assertThatThrownBy(() -> Crc32Mpeg2.compute(new byte[4], 2, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
