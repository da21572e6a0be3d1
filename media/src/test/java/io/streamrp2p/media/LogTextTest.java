package io.streamrp2p.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void safe_lineBreaksAndControls_escapedOnOneLine() {
    String forged = "live\n12:00:00.000 INFO  hub - operator token: x\r\u0000\u001b[31m\u2028\\";
    String safe = LogText.safe(forged);
    assertThat(safe)
        .isEqualTo(
            "live\\n12:00:00.000 INFO  hub - operator token: x\\r\\u0000\\u001b[31m\\u2028\\\\");
    assertThat(safe.lines().count()).isEqualTo(1);
  }

  @Test
  void safe_plainText_unchanged_longText_cut() {
    assertThat(LogText.safe("demo-stream_1.flv")).isEqualTo("demo-stream_1.flv");
    assertThat(LogText.safe(null)).isEqualTo("null");
    String cut = LogText.safe("a".repeat(1000));
    assertThat(cut).isEqualTo("a".repeat(200) + "...(800 more characters)");
  }
}
