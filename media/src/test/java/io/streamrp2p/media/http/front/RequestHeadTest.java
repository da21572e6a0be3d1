package io.streamrp2p.media.http.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadTest {
  private static RequestHead parse(String head) {
    byte[] b = head.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    int end = RequestHead.end(b, b.length);
    assertThat(end).isEqualTo(b.length);
    return RequestHead.parse(b, end);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "GET /live/s1.flv HTTP/1.1|Host: h||; s1",
        "GET /live/s1.flv?token=x&y=1 HTTP/1.1|host:h||; s1",
        "GET /live/My_Stream-2.flv HTTP/1.0||; My_Stream-2",
        "GET /live/s1.flv HTTP/1.1|X: y||; ", // HTTP/1.1 without Host: pekko answers 400
        "HEAD /live/s1.flv HTTP/1.1|Host: h||; ",
        "POST /live/s1.flv HTTP/1.1|Host: h||; ",
        "GET /live/s%31.flv HTTP/1.1|Host: h||; ", // escaped: pekko decodes it
        "GET /live/a/b.flv HTTP/1.1|Host: h||; ",
        "GET /live/s1.flv/x HTTP/1.1|Host: h||; ",
        "GET /live/s1/index.m3u8 HTTP/1.1|Host: h||; ",
        "GET /api/streams HTTP/1.1|Host: h||; ",
        "GET /live/s1.flv HTTP/2.0|Host: h||; ",
        "GET  /live/s1.flv HTTP/1.1|Host: h||; ",
        "GET /live/s1.flv HTTP/1.1 x|Host: h||; ",
        "GET /live/.flv HTTP/1.1|Host: h||; ",
        "GET /live/s1.flv HTTP/1.1|Host: h|X-Relay: member-b||; ", // a routed header
        "GET /live/s1.flv HTTP/1.1|Host: h|x-RELAY:member-b||; ",
      })
  void flvStream_onlyForWellFormedPlayRequests(String head, String stream) {
    RequestHead h = parse(head);
    assertThat(h == null ? null : h.flvStream(Set.of("x-relay"))).isEqualTo(stream);
  }

  @ParameterizedTest
  @CsvSource({"GET / HTTP/1.1|Host: h|, -1", "GET / HTTP/1.1|Host: h||extra, 27"})
  void end_findsTheBlankLineOnly(String text, int expected) {
    byte[] b = text.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(RequestHead.end(b, b.length)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"HTTP/1.0, true", "HTTP/1.1, false"})
  void http10_hasNoChunkedBodies(String version, boolean http10) {
    assertThat(parse("GET /live/s.flv " + version + "|Host: h||").http10()).isEqualTo(http10);
  }

  /** Heads of random bytes and of valid heads with bytes flipped, dropped or duplicated. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void parse_anyHead_neverFails_andOnlyPlainPlayRequestsNameAStream(long seed) {
    Random r = new Random(seed);
    byte[] valid =
        "GET /live/s1.flv?x=1 HTTP/1.1\r\nHost: h\r\nX-A: b\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < 2_000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        String alphabet = "GET /lv.f HTP1\r\n:xs";
        b = new byte[r.nextInt(64)];
        for (int j = 0; j < b.length; j++) {
          b[j] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
        }
      } else {
        b = valid.clone();
        for (int k = r.nextInt(4); k >= 0; k--) {
          b[r.nextInt(b.length - 4)] = (byte) r.nextInt(256);
        }
      }
      byte[] head = Arrays.copyOf(b, b.length + 4);
      System.arraycopy(new byte[] {'\r', '\n', '\r', '\n'}, 0, head, b.length, 4);
      int end = RequestHead.end(head, head.length);
      assertThat(end).isPositive().isLessThanOrEqualTo(head.length);
      RequestHead h = RequestHead.parse(head, end);
      if (h != null) {
        String name = h.flvStream(Set.of());
        if (name != null) {
          assertThat(name).matches("[A-Za-z0-9._~-]+");
          assertThat(h.method()).isEqualTo("GET");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n\r\n", "\r\n\r\n\r\n", " \r\n\r\n", "GET\r\n\r\n"})
  void parse_emptyOrBrokenRequestLine_notWellFormed(String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(RequestHead.parse(b, RequestHead.end(b, b.length))).isNull();
  }
}
