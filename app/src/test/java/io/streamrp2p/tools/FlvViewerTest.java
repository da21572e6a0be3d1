package io.streamrp2p.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A viewer's handling of response heads and redirects, fed bytes as a socket would give them. */
class FlvViewerTest {
  private static final URI HUB = URI.create("http://Hub.Example:8080/live/s1.flv");

  /** An FLV stream: header, one AVC keyframe tag, so a viewer that reaches it has a frame. */
  private static final byte[] FLV = {
    'F',
    'L',
    'V',
    1,
    0x05,
    0,
    0,
    0,
    9, // signature, version, audio+video, header size 9
    0,
    0,
    0,
    0, // PreviousTagSize0
    9,
    0,
    0,
    5,
    0,
    0,
    0,
    0,
    0,
    0,
    0, // video tag, 5 body bytes, timestamp 0, stream id 0
    0x17,
    1,
    0,
    0,
    0, // keyframe, AVC; AVCPacketType 1 (NALU); composition time 0
    0,
    0,
    0,
    16 // PreviousTagSize: 11 + 5
  };

  private final List<Long> tags = new ArrayList<>();
  private final FlvViewer viewer = new FlvViewer(0, HUB, 0, (v, type, ts, at) -> tags.add(ts));

  private void feed(String text) {
    feed(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private void feed(byte[] bytes) {
    viewer.onBytes(ByteBuffer.wrap(bytes), 1_000_000);
  }

  private static String redirect(int status, String location) {
    return "HTTP/1.1 "
        + status
        + " X\r\nLocation: "
        + location
        + "\r\nContent-Length: 4\r\n\r\nmove";
  }

  @Test
  void onBytes_302ToANode_takeRedirectGivesTheNodesUrlAndTarget() {
    assertThat(viewer.target()).isEqualTo("hub.example:8080");

    feed(redirect(302, "http://10.0.0.2:8081/live/s1.flv?t=abc"));

    assertThat(viewer.connected).isFalse();
    assertThat(viewer.takeRedirect())
        .isEqualTo(URI.create("http://10.0.0.2:8081/live/s1.flv?t=abc"));
    assertThat(viewer.target()).isEqualTo("10.0.0.2:8081");
    assertThat(viewer.redirects()).isEqualTo(1);
    assertThat(viewer.bytesReceived).isZero();
    assertThat(viewer.takeRedirect()).isNull();
  }

  @Test
  void onBytes_relativeLocationByteByByteInLowerCase_resolvedAgainstTheRequest() {
    byte[] bytes =
        "HTTP/1.1 307 Temporary Redirect\r\nlocation: /hop/s1.flv?t=2\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    for (byte b : bytes) {
      assertThat(viewer.takeRedirect()).isNull();
      feed(new byte[] {b});
    }

    assertThat(viewer.takeRedirect())
        .isEqualTo(URI.create("http://Hub.Example:8080/hop/s1.flv?t=2"));
  }

  @Test
  void onBytes_200AfterTwoRedirects_parsesTheStreamFromTheLastServer() throws Exception {
    feed(redirect(301, "/hop"));
    viewer.takeRedirect();
    feed(redirect(308, "http://10.0.0.3:9000/live/s1.flv"));
    viewer.takeRedirect();
    ByteArrayOutputStream ok = new ByteArrayOutputStream();
    ok.write(
        "HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    ok.write(FLV);

    feed(ok.toByteArray());

    assertThat(viewer.connected).isTrue();
    assertThat(viewer.hasFirstKeyframe()).isTrue();
    assertThat(tags).containsExactly(0L);
    assertThat(viewer.target()).isEqualTo("10.0.0.3:9000");
    assertThat(viewer.redirects()).isEqualTo(2);
    assertThat(viewer.bytesReceived).isEqualTo(ok.size());
  }

  @Test
  void onBytes_oneRedirectMoreThanTheMax_failsNamingTheLastServer() {
    for (int i = 0; i < FlvViewer.REDIRECTS_MAX; i++) {
      feed(redirect(302, "http://10.0.0." + i + ":80/loop"));
      assertThat(viewer.takeRedirect()).isNotNull();
    }

    assertThatThrownBy(() -> feed(redirect(302, "/again")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("more than 3 redirects, the last from 10.0.0.2:80");
  }

  @Test
  void onBytes_redirectWithoutLocation_fails() {
    assertThatThrownBy(() -> feed("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("HTTP 302 without a Location");
  }

  @Test
  void onBytes_headOverTheBound_failsBeforeItEnds() {
    String head = "HTTP/1.1 200 OK\r\nX-Pad: " + "a".repeat(FlvViewer.HEAD_BYTES_MAX) + "\r\n\r\n";

    assertThatThrownBy(() -> feed(head))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("response headers exceed 8192 bytes");
  }

  @Test
  void onBytes_headOfExactlyTheBound_isAccepted() {
    String start = "HTTP/1.1 200 OK\r\nX-Pad: ";
    String end = "\r\n\r\n";
    feed(start + "a".repeat(FlvViewer.HEAD_BYTES_MAX - start.length() - end.length()) + end);

    assertThat(viewer.connected).isTrue();
  }

  @Test
  void onBytes_notFound_failsWithTheStatus() {
    assertThatThrownBy(() -> feed("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("HTTP status 404 Not Found");
  }
}
