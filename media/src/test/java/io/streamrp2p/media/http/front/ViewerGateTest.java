package io.streamrp2p.media.http.front;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.streamrp2p.media.hls.HlsService;
import io.streamrp2p.media.hls.HlsSettings;
import io.streamrp2p.media.http.HttpApi;
import io.streamrp2p.media.live.LiveSettings;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.media.live.StreamDirectory;
import io.streamrp2p.media.live.ViewerGate;
import io.streamrp2p.media.testing.TestDirectory;
import io.streamrp2p.media.testing.TestPublisher;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every pekko-http door and the event loops' fast path ask the viewer gate, and do what it says:
 * serve with its headers, redirect, or refuse with its reason; HLS segment URIs carry the query the
 * playlist was fetched with.
 */
class ViewerGateTest {
  private static final byte[] AVC_HEADER = {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f};
  private static final String NODE_HEADER = "X-StreamrP2P-Node";

  private static ActorSystem system;
  private static LiveStreams streams;
  private static HttpFront front;
  private static final List<ViewerGate.Request> asked = new CopyOnWriteArrayList<>();
  private static final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** "t=ok" is served as alice's, "t=away" goes elsewhere, anything else is refused. */
  private static ViewerGate.Decision decide(ViewerGate.Request r) {
    asked.add(r);
    return switch (r.query()) {
      case "t=ok" -> new ViewerGate.Serve(List.of(Map.entry(NODE_HEADER, "alice")), "ticket-1");
      case "t=away" -> new ViewerGate.Redirect("http://node.example:8090/live/" + r.stream());
      default -> new ViewerGate.Refuse(403, "ticket missing");
    };
  }

  @BeforeAll
  static void start() {
    system =
        ActorSystem.create(
            "gate",
            ConfigFactory.parseString(
                    "pekko.http.server.remote-address-attribute = on\n"
                        + "pekko.actor.provider = local\n")
                .withFallback(ConfigFactory.load()));
    StreamDirectory directory = TestDirectory.knowing(n -> true);
    streams =
        new LiveStreams(
            directory, ViewerGateTest::decide, LiveSettings.defaults(), Clock.systemUTC(), system);
    HlsService hls =
        new HlsService(new HlsSettings(Duration.ofSeconds(2), 6, 1 << 20), streams, system);
    HttpApi api = new HttpApi(streams, hls.route(), Directives.reject(), Clock.systemUTC());
    front =
        HttpFront.bind(
            system,
            api.route(),
            streams,
            new HttpFront.Settings(
                "127.0.0.1", 0, 1, Duration.ofSeconds(5), Duration.ofSeconds(60), Set.of()));
    TestPublisher p = new TestPublisher();
    LiveStream s = streams.open("show");
    assertThat(streams.claim(s, p)).isNull();
    s.publish(p, MediaTag.Kind.VIDEO, 0, AVC_HEADER);
  }

  @AfterAll
  static void stop() {
    front.close();
    TestKit.shutdownActorSystem(system);
  }

  @BeforeEach
  void clear() {
    asked.clear();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + front.localAddress().getPort() + path);
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void flvOnTheEventLoop_servedViewer_getsTheGatesHeaderAndTheStream() throws Exception {
    try (Socket s = new Socket("127.0.0.1", front.localAddress().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              "GET /live/show.flv?t=ok HTTP/1.1\r\nHost: h\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String head = readHead(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains(NODE_HEADER + ": alice\r\n");
    }
    assertThat(asked)
        .containsExactly(
            new ViewerGate.Request("show", ViewerGate.Door.HTTP_FLV, "t=ok", "127.0.0.1", 0));
  }

  @Test
  void flv_refusedViewer_gets403WithTheReason() throws Exception {
    HttpResponse<String> r = get("/live/show.flv?t=forged");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("ticket missing\n");
  }

  @Test
  void flv_redirectedViewer_gets302ToTheNode() throws Exception {
    HttpResponse<String> r = get("/live/show.flv?t=away");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("http://node.example:8090/live/show");
  }

  @Test
  void hlsPlaylist_askedAtItsOwnDoor_andRefusedOrRedirectedAsTheGateSays() throws Exception {
    assertThat(get("/live/show/index.m3u8").statusCode()).isEqualTo(403);
    assertThat(get("/live/show/index.m3u8?t=away").statusCode()).isEqualTo(302);
    assertThat(asked)
        .extracting(ViewerGate.Request::door)
        .containsExactly(ViewerGate.Door.HLS_PLAYLIST, ViewerGate.Door.HLS_PLAYLIST);
  }

  @Test
  void hlsSegment_askedAtItsOwnDoor() throws Exception {
    assertThat(get("/live/show/abc-1.ts").statusCode()).isEqualTo(403);
    HttpResponse<String> admitted = get("/live/show/abc-1.ts?t=ok");
    // Let in: the segment does not exist, which only a viewer past the gate can learn.
    assertThat(admitted.statusCode()).isEqualTo(404);
    assertThat(admitted.headers().firstValue(NODE_HEADER)).hasValue("alice");
    assertThat(asked)
        .extracting(ViewerGate.Request::door)
        .containsExactly(ViewerGate.Door.HLS_SEGMENT, ViewerGate.Door.HLS_SEGMENT);
  }

  @Test
  void serve_headerWithALineBreak_isRefusedAsCallerMisuse() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ViewerGate.Serve(List.of(Map.entry("X-A", "v\r\nSet-Cookie: x")), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      assertThat(c).as("connection closed inside the response head: %s", b).isNotNegative();
      b.append((char) c);
    }
    return b.toString();
  }
}
