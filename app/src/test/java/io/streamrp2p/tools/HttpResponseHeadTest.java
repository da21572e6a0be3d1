package io.streamrp2p.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpResponseHeadTest {
  private static final URI REQUEST = URI.create("http://hub:8080/live/s1.flv?t=1");

  private static HttpResponseHead parse(String head) {
    byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
    return HttpResponseHead.parse(bytes, bytes.length);
  }

  @Test
  void parse_redirect_statusReasonAndHeadersWithLowerCaseNames() {
    HttpResponseHead head =
        parse("HTTP/1.1 302 Found\r\nLOCATION:  http://n:1/a \r\nContent-Length: 0\r\n\r\n");

    assertThat(head.status()).isEqualTo(302);
    assertThat(head.reason()).isEqualTo("Found");
    assertThat(head.isRedirect()).isTrue();
    assertThat(head.header("Location")).isEqualTo("http://n:1/a");
    assertThat(head.header("location")).isEqualTo("http://n:1/a");
    assertThat(head.headers()).containsOnlyKeys("location", "content-length");
  }

  @Test
  void parse_statusWithoutReasonAndBareLineFeeds_parses() {
    HttpResponseHead head = parse("HTTP/1.0 307\nLocation: /x\n\n");

    assertThat(head.status()).isEqualTo(307);
    assertThat(head.reason()).isEmpty();
    assertThat(head.header("location")).isEqualTo("/x");
  }

  @Test
  void parse_foldedLine_joinsTheValueWithASpace() {
    HttpResponseHead head = parse("HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n");

    assertThat(head.header("x-a")).isEqualTo("one two");
  }

  @ParameterizedTest
  @CsvSource({"301, true", "302, true", "307, true", "308, true", "200, false", "303, false"})
  void isRedirect_status_onlyTheStatusesThatRepeatAGet(int status, boolean redirect) {
    assertThat(parse("HTTP/1.1 " + status + " X\r\n\r\n").isRedirect()).isEqualTo(redirect);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "chunked | true",
        "gzip, Chunked | true",
        "chunked, gzip | false",
        "chunked, | true",
        "identity | false"
      })
  void chunked_transferCodings_whenChunkedIsTheLast(String codings, boolean chunked) {
    HttpResponseHead head = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + codings + "\r\n\r\n");

    assertThat(head.chunked()).isEqualTo(chunked);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // absolute, as the hub sends a viewer to a node
        "http://10.0.0.2:8081/live/s1.flv?t=abc | http://10.0.0.2:8081/live/s1.flv?t=abc",
        "HTTP://N:3/a | HTTP://N:3/a",
        "/other/s1.flv?t=2 | http://hub:8080/other/s1.flv?t=2",
        "s2.flv | http://hub:8080/live/s2.flv",
        "../x.flv | http://hub:8080/x.flv",
        "//n:2/live/s1.flv | http://n:2/live/s1.flv",
        // java.net.URI alone would drop s1.flv for these two (RFC 2396)
        "?t=2 | http://hub:8080/live/s1.flv?t=2",
        "#f | http://hub:8080/live/s1.flv?t=1",
        "http://n:1/a?b#frag | http://n:1/a?b"
      })
  void location_reference_resolvedAgainstTheRequest(String location, String expected) {
    HttpResponseHead head = parse("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\n\r\n");

    assertThat(head.location(REQUEST)).isEqualTo(URI.create(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "HTTP/1.1 302 Found\\r\\n\\r\\n | HTTP 302 without a Location",
        "HTTP/1.1 302 Found\\r\\nLocation:\\r\\n\\r\\n | HTTP 302 without a Location",
        "HTTP/1.1 301 X\\r\\nLocation: /a\\r\\nlocation: /b\\r\\n\\r\\n | HTTP 301 with 2 Locations",
        "HTTP/1.1 302 X\\r\\nLocation: https://n/a\\r\\n\\r\\n | not http://host: https",
        "HTTP/1.1 302 X\\r\\nLocation: http:/a\\r\\n\\r\\n | not http://host",
        "HTTP/1.1 302 X\\r\\nLocation: /a b\\r\\n\\r\\n | a Location that is no URI"
      })
  void location_unusable_failsWithoutQuotingIt(String response, String message) {
    HttpResponseHead head = parse(response.replace("\\r\\n", "\r\n"));

    assertThatThrownBy(() -> head.location(REQUEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }

  @Test
  void parse_malformed_failsWithAReason() {
    for (String bad :
        List.of(
            "ICY 200 OK\r\n\r\n",
            "HTTP/1.1 2x0 OK\r\n\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/1.1 200OK\r\n\r\n",
            "\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
            "HTTP/1.1 200 OK\r\nLocation : /a\r\n\r\n",
            "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
            "HTTP/1.1 200 OK\r\n folded first\r\n\r\n")) {
      assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IllegalStateException.class);
    }
  }
}
