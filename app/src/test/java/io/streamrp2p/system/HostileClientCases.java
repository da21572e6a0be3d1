package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamrp2p.protocol.amf.Amf;
import io.streamrp2p.protocol.amf.Amf0Writer;
import io.streamrp2p.protocol.rtmp.chunk.ChunkEncoder;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import io.streamrp2p.protocol.rtmp.message.CommandMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile peers against the media server's doors (RTMP and HTTP-FLV) while they serve a real
 * stream, s1, to one legitimate viewer: each peer must be closed, with a log line saying exactly
 * why, while the viewer keeps receiving. The hub and a friend node run the same doors, so each runs
 * these cases: a subclass starts its server, its publisher and the viewer, and says where the doors
 * are and where their log lines go.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HostileClientCases {
  /** How long the server may take to close a hostile connection: far above any real reaction. */
  static final Duration CLOSE_WITHIN = Duration.ofSeconds(15);

  /** Growth that shows the viewer still plays: about a second of the 2 Mbit/s stream. */
  static final long PLAYING_BYTES = 200 * 1024;

  /** The handshake timeout a subclass must configure: short, so that case ends in seconds. */
  static final String HANDSHAKE_TIMEOUT = "2s";

  /**
   * The per-viewer bound a subclass must configure: small, so a stalled viewer overflows it in
   * seconds, not minutes.
   */
  static final int VIEWER_BYTES_MAX = 262144;

  abstract int rtmpPort();

  abstract int httpPort();

  /** The request target ({@code /live/s1.flv...}) that lets an HTTP-FLV viewer of s1 in. */
  abstract String s1FlvTarget() throws Exception;

  /** Whether a line the server logged so far contains every one of {@code parts}. */
  abstract boolean logged(String... parts);

  /** The legitimate viewer of s1, playing since the start. */
  abstract HttpFlvViewer viewer();

  @Test
  void randomBytes_oneMegabyte_closedAsBadInput() throws Exception {
    byte[] junk = new byte[1 << 20];
    new Random(20240601).nextBytes(junk);
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort())) {
      CompletableFuture<Void> writing = writeInBackground(c, junk);
      c.awaitClosedByHub(CLOSE_WITHIN);
      writing.handle((r, e) -> null).join();
      awaitLog(c, "closing: bad input: rtmp.");
    }
    assertViewerPlays();
  }

  @Test
  void connect_applicationNameWithALineBreak_loggedEscapedOnItsOwnLine() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort()).handshake()) {
      c.send(
          RawRtmpClient.command(
              0,
              new CommandMessage(
                  "connect",
                  1.0,
                  Amf.object(
                      "app",
                      "x\n12:00:00.000 INFO  Hub - FORGED operator token",
                      "tcUrl",
                      "rtmp://127.0.0.1/x"))));
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "closing: connect to unknown application 'x\\n12:00:00.000 INFO  Hub - FORGED");
    }
    assertThat(logged("\n12:00:00.000 INFO  Hub - FORGED")).as("a raw line break logged").isFalse();
    assertViewerPlays();
  }

  @Test
  void unknownPath_answered404_notAsARelayPullMissingItsHeader() throws Exception {
    HttpResponse<String> r = http("GET", "/no/such/path");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).doesNotContainIgnoringCase("relay");
  }

  @Test
  void wrongMethod_answered405AsJsonNamingTheAllowedMethod() throws Exception {
    HttpResponse<String> r = http("PUT", "/health");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    assertThat(r.body()).contains("\"error\":\"method_not_allowed\"").contains("GET");
  }

  @Test
  void truncatedHandshake_halfOfC1_closedByHandshakeTimeout() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort())) {
      byte[] c0AndHalfC1 = new byte[1 + 768];
      c0AndHalfC1[0] = 3;
      c.write(c0AndHalfC1);
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "closing: no handshake and connect within PT2S");
    }
    assertViewerPlays();
  }

  @Test
  void setChunkSize_zero_closedAsBadInput() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort()).handshake()) {
      c.send(setChunkSize(0));
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "bad input: rtmp.chunk: Set Chunk Size value 0 is 0");
    }
    assertViewerPlays();
  }

  @Test
  void setChunkSize_twoToThe31MinusOne_closedAsOverTheLimit() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort()).handshake()) {
      c.send(setChunkSize(Integer.MAX_VALUE));
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "Set Chunk Size value 2147483647 exceeds the limit of 16777215");
    }
    assertViewerPlays();
  }

  @Test
  void messageHeader_lengthAboveMessageBytesMax_closedBeforeAllocating() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort()).handshake()) {
      byte[] header = {
        0x03, // fmt 0, chunk stream 3
        0,
        0,
        0, // timestamp
        (byte) 0xFF,
        (byte) 0xFF,
        (byte) 0xFF, // message length 16,777,215
        9, // video
        1,
        0,
        0,
        0 // message stream 1, little-endian
      };
      c.write(header);
      c.write(new byte[128]);
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "message length 16777215 on chunk stream 3 exceeds the limit of 8388608");
    }
    assertViewerPlays();
  }

  @Test
  void chunkStreams_thousandsOfDistinctIds_closedAtTheLimit() throws Exception {
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    for (int i = 0; i < 5000; i++) {
      int csid = 64 + i;
      chunks.writeBytes(
          new byte[] {
            0x01,
            (byte) (i & 0xFF),
            (byte) (i >>> 8), // fmt 0, 3-byte basic header: csid - 64, LE
            0,
            0,
            0, // timestamp
            0,
            0,
            1, // message length 1
            8, // audio
            1,
            0,
            0,
            0, // message stream 1
            (byte) 0xAF // body
          });
      assertThat(csid).isLessThanOrEqualTo(RawMessage.CHUNK_STREAM_ID_MAX);
    }
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort()).handshake()) {
      CompletableFuture<Void> writing = writeInBackground(c, chunks.toByteArray());
      c.awaitClosedByHub(CLOSE_WITHIN);
      writing.handle((r, e) -> null).join();
      awaitLog(c, "exceeds the limit of 64 chunk streams per connection");
    }
    assertViewerPlays();
  }

  @Test
  void connectCommand_amfNestedTenThousandDeep_closedAtTheNestingLimit() throws Exception {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.writeBytes(Amf0Writer.encodeAll("connect", 1.0));
    for (int i = 0; i < 10_000; i++) {
      payload.writeBytes(new byte[] {0x03, 0x00, 0x01, 'a'}); // object { "a": <next level> }
    }
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort()).handshake()) {
      c.send(new RawMessage(3, 20, 0, 0, payload.toByteArray()));
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "bad input: amf0:", "nesting deeper than 32");
    }
    assertViewerPlays();
  }

  @Test
  void peer_floodsPingsButNeverReadsAnswers_closedAtOutputBytesMax() throws Exception {
    // 16 MiB of Ping Requests: the answers overflow the socket buffers and the 1 MiB output bound
    ByteArrayOutputStream pings = new ByteArrayOutputStream();
    byte[] ping =
        ChunkEncoder.encodeStandalone( // User Control event 6, Ping Request
            new RawMessage(2, 4, 0, 0, new byte[] {0, 6, 0, 0, 0, 1}), 128);
    while (pings.size() < 16 << 20) {
      pings.writeBytes(ping);
    }
    try (RawRtmpClient c = RawRtmpClient.connect(rtmpPort(), 4096).handshake().connectApp()) {
      CompletableFuture<Void> writing = writeInBackground(c, pings.toByteArray());
      awaitLog(c, "closing: peer does not read");
      c.awaitClosedByHub(CLOSE_WITHIN);
      writing.handle((r, e) -> null).join();
    }
    assertViewerPlays();
  }

  @Test
  void httpFlvViewer_neverReads_cutOffWhileOthersPlay() throws Exception {
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress("127.0.0.1", httpPort()), 10_000);
      s.getOutputStream()
          .write(
              ("GET " + s1FlvTarget() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> logged("stream s1: http-flv viewer", "cut off"));
      awaitEndOfStream(s);
    }
    assertViewerPlays();
  }

  void assertViewerPlays() {
    assertPlays(viewer());
  }

  /** The viewer's connection is open and it received about another second of the stream. */
  static void assertPlays(HttpFlvViewer viewer) {
    long from = viewer.bytes();
    await()
        .atMost(TestHub.PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> viewer.bytes() >= from + PLAYING_BYTES || viewer.ended().isDone());
    assertThat(viewer.ended()).as("the s1 viewer's connection").isNotDone();
    assertThat(viewer.status()).isEqualTo(200);
  }

  /** Waits for the server's line about {@code c}'s connection that has every one of parts. */
  /** One request to the HTTP port ({@code PUT} with an empty JSON object as its body). */
  HttpResponse<String> http(String method, String path) throws Exception {
    HttpRequest.BodyPublisher body =
        method.equals("PUT")
            ? HttpRequest.BodyPublishers.ofString("{}")
            : HttpRequest.BodyPublishers.noBody();
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .method(method, body)
                .timeout(CLOSE_WITHIN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  void awaitLog(RawRtmpClient c, String... parts) {
    String[] all = new String[parts.length + 1];
    all[0] = "rtmp 127.0.0.1:" + c.localPort() + ": ";
    System.arraycopy(parts, 0, all, 1, parts.length);
    await().atMost(CLOSE_WITHIN).until(() -> logged(all));
  }

  /** Writes on another thread: the server may close the socket while the write still blocks. */
  static CompletableFuture<Void> writeInBackground(RawRtmpClient c, byte[] bytes) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            c.write(bytes);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static void awaitEndOfStream(Socket s) throws IOException {
    s.setSoTimeout((int) CLOSE_WITHIN.toMillis());
    InputStream in = s.getInputStream();
    byte[] sink = new byte[64 * 1024];
    try {
      while (in.read(sink) >= 0) {
        // drain what the server wrote before it cut the viewer off
      }
    } catch (SocketException e) {
      // reset by the server: as good as a close
    }
  }

  private static RawMessage setChunkSize(int size) {
    return new RawMessage(2, 1, 0, 0, u32(size));
  }

  static byte[] u32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }
}
