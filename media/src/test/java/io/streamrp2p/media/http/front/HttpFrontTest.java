package io.streamrp2p.media.http.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.streamrp2p.media.http.HttpApi;
import io.streamrp2p.media.live.LiveSettings;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.media.live.StreamDirectory;
import io.streamrp2p.media.live.ViewerGate;
import io.streamrp2p.media.testing.TestDirectory;
import io.streamrp2p.media.testing.TestPublisher;
import io.streamrp2p.protocol.flv.FlvHeader;
import io.streamrp2p.protocol.flv.FlvReader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.FlvUnit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP listener with real sockets: HTTP-FLV play served by the event loops, everything else by
 * pekko-http behind the bridge.
 */
class HttpFrontTest {
  private static final byte[] AVC_HEADER = {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f};
  private static final byte[] AAC_HEADER = {(byte) 0xAF, 0, 0x12, 0x10};
  private static final byte[] BIG = new byte[3 << 20];

  private static ActorSystem system;
  private static LiveStreams streams;
  private static HttpFront front;

  /** Test routes next to the hub's: an echo of the request body and a large response. */
  private static final class Extra extends AllDirectives {
    Route route() {
      return concat(
          path(
              "echo",
              () ->
                  post(
                      () ->
                          extractStrictEntity(
                              Duration.ofSeconds(10),
                              e ->
                                  complete(
                                      HttpEntities.create(
                                          ContentTypes.APPLICATION_OCTET_STREAM, e.getData()))))),
          path(
              "big",
              () ->
                  get(
                      () ->
                          complete(
                              HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, BIG)))));
    }
  }

  @BeforeAll
  static void start() {
    new Random(7).nextBytes(BIG);
    system =
        ActorSystem.create(
            "front",
            ConfigFactory.parseString(
                    "pekko.http.server.server-header = test-hub\n"
                        + "pekko.http.server.remote-address-attribute = on\n"
                        + "pekko.http.parsing.max-content-length = 16m\n"
                        + "pekko.actor.provider = local\n")
                .withFallback(ConfigFactory.load()));
    StreamDirectory directory = TestDirectory.knowing(n -> n.startsWith("known"));
    streams =
        new LiveStreams(
            directory, ViewerGate.OPEN, LiveSettings.defaults(), Clock.systemUTC(), system);
    Route route =
        new HttpApi(streams, new Extra().route(), new Extra().route(), Clock.systemUTC()).route();
    front =
        HttpFront.bind(
            system,
            route,
            streams,
            new HttpFront.Settings(
                "127.0.0.1",
                0,
                2,
                Duration.ofMillis(500),
                Duration.ofSeconds(60),
                Set.of("X-Routed")));
  }

  @AfterAll
  static void stop() {
    front.close();
    TestKit.shutdownActorSystem(system);
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(front.localAddress(), 5_000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static LiveStream live(String name, TestPublisher p) {
    LiveStream s = streams.open(name);
    assertThat(streams.claim(s, p)).isNull();
    s.publish(p, MediaTag.Kind.VIDEO, 0, AVC_HEADER);
    s.publish(p, MediaTag.Kind.AUDIO, 0, AAC_HEADER);
    s.publish(p, MediaTag.Kind.VIDEO, 0, frame(true, 1));
    return s;
  }

  private static byte[] frame(boolean key, int marker) {
    return new byte[] {(byte) (key ? 0x17 : 0x27), 1, 0, 0, 0, (byte) marker};
  }

  /** Reads a response head; returns its status line and headers (lower-case names). */
  private static Map<String, String> readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed in the response head: " + b);
      }
      b.write(c);
      byte[] a = b.toByteArray();
      if (RequestHead.end(a, a.length) == a.length) {
        break;
      }
    }
    String[] lines = b.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> head = new TreeMap<>();
    head.put("status", lines[0]);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      head.put(lines[i].substring(0, colon).toLowerCase(), lines[i].substring(colon + 1).trim());
    }
    return head;
  }

  /** A GET request head for {@code path} over HTTP/1.1. */
  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n";
  }

  private static void send(Socket s, String request) throws IOException {
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed in a chunk header");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /** One chunk's data; empty for the last chunk. */
  private static byte[] chunk(InputStream in) throws IOException {
    int size = Integer.parseInt(line(in), 16);
    byte[] data = in.readNBytes(size);
    assertThat(line(in)).isEmpty();
    return data;
  }

  /** Decodes FLV units from chunks until {@code count} tags arrived. */
  private static List<FlvUnit> units(InputStream in, FlvReader reader, ByteBuffer buf, int count)
      throws IOException {
    List<FlvUnit> got = new ArrayList<>();
    int tags = 0;
    while (tags < count) {
      byte[] data = chunk(in);
      assertThat(data).as("a chunk before the end").isNotEmpty();
      buf.put(data).flip();
      FlvUnit u;
      while ((u = reader.poll(buf)) != null) {
        got.add(u);
        tags += u instanceof FlvTag ? 1 : 0;
      }
      buf.compact();
    }
    return got;
  }

  @Test
  void flvPlay_liveStream_chunkedFlvFromTheKeyframeThenLiveTagsThenACleanEnd() throws Exception {
    TestPublisher p = new TestPublisher();
    LiveStream s = live("play1", p);
    try (Socket c = connect()) {
      send(c, get("/live/play1.flv"));
      InputStream in = c.getInputStream();
      Map<String, String> head = readHead(in);
      assertThat(head)
          .containsEntry("status", "HTTP/1.1 200 OK")
          .containsEntry("content-type", "video/x-flv")
          .containsEntry("transfer-encoding", "chunked")
          .containsEntry("access-control-allow-origin", "*")
          .containsEntry("cache-control", "no-cache")
          .containsEntry("server", "test-hub")
          .doesNotContainKey("content-length");
      FlvReader reader = new FlvReader();
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      List<FlvUnit> first = units(in, reader, buf, 3);
      assertThat(first.get(0)).isInstanceOf(FlvHeader.class);
      assertThat(first.subList(1, 4))
          .extracting(u -> ((FlvTag) u).body())
          .containsExactly(AVC_HEADER, AAC_HEADER, frame(true, 1));
      await().until(() -> s.viewers() == 1);

      s.publish(p, MediaTag.Kind.VIDEO, 33, frame(false, 2));
      s.publish(p, MediaTag.Kind.VIDEO, 66, frame(false, 3));
      List<FlvUnit> live = units(in, reader, buf, 2);
      assertThat(live).extracting(u -> ((FlvTag) u).timestamp()).containsExactly(33L, 66L);
      assertThat(live)
          .extracting(u -> ((FlvTag) u).body())
          .containsExactly(frame(false, 2), frame(false, 3));

      s.end("test over");
      assertThat(chunk(in)).as("the last chunk").isEmpty();
      assertThat(in.read()).as("then the hub closes").isEqualTo(-1);
    }
    await().until(() -> s.viewers() == 0 && front.flvViewers() == 0);
  }

  @Test
  void flvPlay_http10_bodyDelimitedByClose() throws Exception {
    TestPublisher p = new TestPublisher();
    LiveStream s = live("play10", p);
    try (Socket c = connect()) {
      send(c, "GET /live/play10.flv HTTP/1.0\r\n\r\n");
      InputStream in = c.getInputStream();
      Map<String, String> head = readHead(in);
      assertThat(head)
          .containsEntry("content-type", "video/x-flv")
          .containsEntry("connection", "close")
          .doesNotContainKey("transfer-encoding");
      await().until(() -> s.viewers() == 1);
      s.end("test over");
      byte[] body = in.readAllBytes();
      FlvReader reader = new FlvReader();
      ByteBuffer buf = ByteBuffer.wrap(body);
      List<FlvUnit> units = new ArrayList<>();
      FlvUnit u;
      while ((u = reader.poll(buf)) != null) {
        units.add(u);
      }
      assertThat(units).hasSize(4);
      assertThat(buf.hasRemaining()).as("nothing but FLV in the body").isFalse();
    }
  }

  @Test
  void flvPlay_viewerLeaves_viewerCountedOut() throws Exception {
    TestPublisher p = new TestPublisher();
    LiveStream s = live("leave", p);
    try (Socket c = connect()) {
      send(c, get("/live/leave.flv"));
      readHead(c.getInputStream());
      await().until(() -> s.viewers() == 1 && front.flvViewers() >= 1);
    }
    await().until(() -> s.viewers() == 0);
    s.end("test over");
  }

  @Test
  void flvPlay_viewerSendsMoreThanTheInputLimit_closed() throws Exception {
    TestPublisher p = new TestPublisher();
    LiveStream s = live("chatty", p);
    try (Socket c = connect()) {
      OutputStream out = c.getOutputStream();
      send(c, get("/live/chatty.flv"));
      readHead(c.getInputStream());
      await().until(() -> s.viewers() == 1);
      byte[] junk = new byte[16 * 1024];
      try {
        for (int i = 0; i < 64 && s.viewers() == 1; i++) {
          out.write(junk);
        }
      } catch (IOException e) {
        // the hub closed the connection while we were still sending: what the test expects
      }
      await().until(() -> s.viewers() == 0);
    }
    s.end("test over");
  }

  @Test
  void unknownStream_answeredByPekkoHttp() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri("/live/nope.flv")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("no stream named nope\n");
  }

  @Test
  void knownStreamNotYetLive_firstViewerThroughPekkoHttp_thenTheEventLoop() throws Exception {
    try (Socket first = connect();
        Socket second = connect()) {
      send(first, get("/live/known1.flv"));
      // pekko-http keeps the connection alive; the event loop's response says it will close.
      assertThat(readHead(first.getInputStream()))
          .containsEntry("content-type", "video/x-flv")
          .doesNotContainKey("connection");
      LiveStream s = streams.find("known1").orElseThrow();
      send(second, get("/live/known1.flv"));
      assertThat(readHead(second.getInputStream()))
          .containsEntry("content-type", "video/x-flv")
          .containsEntry("connection", "close");
      await().until(() -> s.viewers() == 2);
      s.end("test over");
    }
  }

  @Test
  void playWithARoutedHeader_answeredByTheRoutes() throws Exception {
    TestPublisher p = new TestPublisher();
    LiveStream s = live("routed", p);
    try (Socket c = connect()) {
      send(c, "GET /live/routed.flv HTTP/1.1\r\nHost: h\r\nX-Routed: 1\r\n\r\n");
      assertThat(readHead(c.getInputStream()))
          .containsEntry("content-type", "video/x-flv")
          .doesNotContainKey("connection");
    } finally {
      s.end("test over");
    }
  }

  @Test
  void otherRequests_pipelinedAndKeptAlive_answeredInOrderOnOneConnection() throws Exception {
    try (Socket c = connect()) {
      InputStream in = c.getInputStream();
      send(c, get("/health") + get("/api/streams"));
      Map<String, String> one = readHead(in);
      assertThat(one)
          .containsEntry("status", "HTTP/1.1 200 OK")
          .containsEntry("server", "test-hub");
      assertThat(
              new String(
                  in.readNBytes(Integer.parseInt(one.get("content-length"))),
                  StandardCharsets.UTF_8))
          .isEqualTo("ok\n");
      Map<String, String> two = readHead(in);
      assertThat(two).containsEntry("content-type", "application/json");
      assertThat(
              new String(
                  in.readNBytes(Integer.parseInt(two.get("content-length"))),
                  StandardCharsets.UTF_8))
          .startsWith("{\"streams\":[");
      send(c, get("/health"));
      assertThat(readHead(in)).containsEntry("status", "HTTP/1.1 200 OK");
    }
  }

  @Test
  void largeBodiesBothWays_throughTheBridgeIntact() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    byte[] body = Arrays.copyOf(BIG, 2 << 20);
    HttpResponse<byte[]> echo =
        client.send(
            HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(echo.body()).isEqualTo(body);
    HttpResponse<byte[]> big =
        client.send(
            HttpRequest.newBuilder(uri("/big")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(big.body()).isEqualTo(BIG);
  }

  @Test
  void slowReaderOfALargeResponse_getsItAllWhileOthersAreServed() throws Exception {
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(front.localAddress(), 5_000);
      slow.setSoTimeout(10_000);
      send(slow, get("/big"));
      InputStream in = slow.getInputStream();
      Map<String, String> head = readHead(in);
      // While the slow reader's socket is full, the loops keep answering everyone else.
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri("/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).isEqualTo("ok\n");
      assertThat(in.readNBytes(Integer.parseInt(head.get("content-length")))).isEqualTo(BIG);
    }
  }

  @Test
  void requestHeadNeverCompleted_closedAfterTheHeadTimeout() throws Exception {
    try (Socket c = connect()) {
      send(c, "GET /health HTTP/1.1\r\nHost: h\r\n");
      assertThat(c.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void oversizedRequestHead_rejectedByPekkoHttp() throws Exception {
    try (Socket c = connect()) {
      String huge = "x".repeat(HttpFront.HEAD_BYTES_MAX);
      send(c, "GET /live/s.flv HTTP/1.1\r\nHost: h\r\nX-Big: " + huge + "\r\n\r\n");
      assertThat(readHead(c.getInputStream()).get("status")).matches("HTTP/1.1 4\\d\\d .*");
    }
  }

  @Test
  void atMaxConnections_theNextWaitsInTheBacklogUntilOneCloses() throws Exception {
    ActorSystem small =
        ActorSystem.create(
            "front-small",
            ConfigFactory.parseString(
                    "pekko.http.server.max-connections = 2\npekko.actor.provider = local\n")
                .withFallback(ConfigFactory.load()));
    HttpFront limited =
        HttpFront.bind(
            small,
            new HttpApi(streams, new Extra().route(), new Extra().route(), Clock.systemUTC())
                .route(),
            streams,
            new HttpFront.Settings(
                "127.0.0.1", 0, 1, Duration.ofSeconds(30), Duration.ofSeconds(5), Set.of()));
    try (Socket one = new Socket();
        Socket two = new Socket();
        Socket three = new Socket()) {
      one.connect(limited.localAddress(), 5_000);
      two.connect(limited.localAddress(), 5_000);
      await().until(() -> limited.connections() == 2);
      three.connect(limited.localAddress(), 5_000); // completes in the kernel's backlog
      send(three, get("/health"));
      three.setSoTimeout(1_000); // no answer for a second: it was not accepted
      assertThatThrownBy(() -> three.getInputStream().read())
          .isInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(limited.connections()).isEqualTo(2);
      three.setSoTimeout(10_000);
      one.close();
      assertThat(readHead(three.getInputStream())).containsEntry("status", "HTTP/1.1 200 OK");
      assertThat(limited.connections()).isEqualTo(2);
    } finally {
      limited.close();
      TestKit.shutdownActorSystem(small);
    }
  }

  @Test
  void viewerThatStopsReading_closedAfterTheWriteTimeout_evenWhenItsStreamEnded() throws Exception {
    LiveSettings d = LiveSettings.defaults();
    // A lag limit no test reaches, so only the write timeout can close this viewer.
    LiveStreams patient =
        new LiveStreams(
            streams.directory(),
            ViewerGate.OPEN,
            new LiveSettings(
                d.gopCacheBytesMax(),
                d.ringTags(),
                d.ringBytesMax(),
                1L << 30,
                d.viewerDropsMax(),
                d.audioWakeMsMax(),
                d.takeoverSilence(),
                d.reconnectGrace(),
                d.jitter(),
                d.jitterMsMax(),
                d.wakeBudgetPerCore()),
            Clock.systemUTC(),
            system);
    HttpFront quick =
        HttpFront.bind(
            system,
            new Extra().route(),
            patient,
            new HttpFront.Settings(
                "127.0.0.1", 0, 1, Duration.ofSeconds(5), Duration.ofSeconds(1), Set.of()));
    TestPublisher p = new TestPublisher();
    LiveStream s = patient.open("stuck");
    assertThat(patient.claim(s, p)).isNull();
    s.publish(p, MediaTag.Kind.VIDEO, 0, AVC_HEADER);
    try (Socket c = new Socket()) {
      c.setReceiveBufferSize(4096);
      c.connect(quick.localAddress(), 5_000);
      send(c, get("/live/stuck.flv"));
      await().until(() -> s.viewers() == 1);
      byte[] frame = new byte[64 * 1024];
      frame[0] = 0x17;
      frame[1] = 1;
      for (int i = 0; i < 400; i++) { // 25 MiB: far more than the socket buffers hold
        s.publish(p, MediaTag.Kind.VIDEO, 33L * i, frame);
      }
      s.end("test over");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.viewers() == 0);
    } finally {
      quick.close();
    }
  }

  @Test
  void bind_portInUse_failsNamingTheAddress() {
    int port = front.localAddress().getPort();
    assertThatThrownBy(
            () ->
                HttpFront.bind(
                    system,
                    new Extra().route(),
                    streams,
                    new HttpFront.Settings(
                        "127.0.0.1",
                        port,
                        1,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Set.of())))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageStartingWith("cannot listen for HTTP on 127.0.0.1:" + port + ": ");
  }

  @Test
  void unbind_stopsAccepting_connectionsOpenStay() throws Exception {
    HttpFront other =
        HttpFront.bind(
            system,
            new Extra().route(),
            streams,
            new HttpFront.Settings(
                "127.0.0.1", 0, 1, Duration.ofSeconds(5), Duration.ofSeconds(5), Set.of()));
    InetSocketAddress at = other.localAddress();
    try (Socket open = new Socket()) {
      open.connect(at, 5_000);
      await().until(() -> other.connections() == 1);
      other.unbind();
      await()
          .until(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(at, 1_000);
                  return false;
                } catch (IOException refused) {
                  return true;
                }
              });
      assertThat(other.connections()).isEqualTo(1);
    } finally {
      other.close();
    }
  }

  private static URI uri(String path) {
    InetSocketAddress a = front.localAddress();
    return URI.create("http://127.0.0.1:" + a.getPort() + path);
  }
}
