package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.protocol.amf.Amf0Writer;
import io.streamrp2p.protocol.rtmp.chunk.ChunkEncoder;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile peers against a hub that is serving a real stream: each must be closed, with a log line
 * saying exactly why, while the stream's viewer keeps receiving and the hub's memory and counters
 * stay sane.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientsIT {
  /** How long the hub may take to close a hostile connection: far above any real reaction. */
  private static final Duration CLOSE_WITHIN = Duration.ofSeconds(15);

  /** Growth that shows the viewer still plays: about a second of the 2 Mbit/s stream. */
  private static final long PLAYING_BYTES = 200 * 1024;

  @TempDir static Path dir;
  private static TestHub hub;
  private static MediaProcess publisher;
  private static HttpFlvViewer viewer;

  @BeforeAll
  static void startHubPublisherAndViewer() {
    hub =
        TestHub.start(
            dir.resolve("hub"),
            "streamrp2p.hub.rtmp.handshake-timeout=2s",
            // a small per-viewer bound so a stalled viewer overflows it in seconds, not minutes
            "streamrp2p.hub.live.viewer-bytes-max=262144");
    publisher = MediaProcess.ffmpegPublisher(dir, hub.rtmpUrl("k1"), 640, 360, "2M");
    await().atMost(TestHub.PATIENCE).until(() -> hub.isLive("s1", 30));
    viewer = HttpFlvViewer.open(hub.flvUrl("s1"));
    assertViewerPlays();
  }

  @AfterAll
  static void stop() {
    try {
      if (viewer != null) {
        viewer.close();
      }
      if (publisher != null) {
        publisher.close();
      }
    } finally {
      if (hub != null) {
        hub.close();
      }
    }
  }

  @Test
  void randomBytes_oneMegabyte_closedAsBadInput() throws Exception {
    byte[] junk = new byte[1 << 20];
    new Random(20240601).nextBytes(junk);
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort())) {
      CompletableFuture<Void> writing = writeInBackground(c, junk);
      c.awaitClosedByHub(CLOSE_WITHIN);
      writing.handle((r, e) -> null).join();
      awaitLog(c, "closing: bad input: rtmp.");
    }
    assertViewerPlays();
  }

  @Test
  void truncatedHandshake_halfOfC1_closedByHandshakeTimeout() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort())) {
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
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort()).handshake()) {
      c.send(setChunkSize(0));
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "bad input: rtmp.chunk: Set Chunk Size value 0 is 0");
    }
    assertViewerPlays();
  }

  @Test
  void setChunkSize_twoToThe31MinusOne_closedAsOverTheLimit() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort()).handshake()) {
      c.send(setChunkSize(Integer.MAX_VALUE));
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "Set Chunk Size value 2147483647 exceeds the limit of 16777215");
    }
    assertViewerPlays();
  }

  @Test
  void messageHeader_lengthAboveMessageBytesMax_closedBeforeAllocating() throws Exception {
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort()).handshake()) {
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
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort()).handshake()) {
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
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort()).handshake()) {
      c.send(new RawMessage(3, 20, 0, 0, payload.toByteArray()));
      c.awaitClosedByHub(CLOSE_WITHIN);
      awaitLog(c, "bad input: amf0:", "nesting deeper than 32");
    }
    assertViewerPlays();
  }

  @Test
  void publisher_neverReadsItsSocket_hubKeepsIngestingAndOthersPlay() throws Exception {
    // 4 KiB receive window: the hub's answers back up at once if it ever waited on them
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort(), 4096).handshake()) {
      c.publish("k2");
      c.send(new RawMessage(2, 5, 0, 0, u32(4096))); // Window Ack Size: an ack per 4 KiB read
      c.send(new RawMessage(6, 9, 0, 1, avcSequenceHeader()));
      byte[] frame = new byte[32 * 1024];
      frame[0] = 0x17; // keyframe, AVC
      frame[1] = 1; // NALU
      int frames = 640; // 20 MiB, several times every socket buffer on the way
      for (int i = 1; i <= frames; i++) {
        c.send(new RawMessage(6, 9, i * 33L, 1, frame));
      }
      await()
          .atMost(TestHub.PATIENCE)
          .until(() -> hub.stream("s2").map(LiveStream::bytesIn).orElse(0L) >= 20L << 20);
      assertViewerPlays();
    }
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
    try (RawRtmpClient c = RawRtmpClient.connect(hub.rtmpPort(), 4096).handshake().connectApp()) {
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
      s.connect(new InetSocketAddress("127.0.0.1", hub.httpPort()), 10_000);
      s.getOutputStream()
          .write(
              ("GET /live/s1.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> LogCapture.contains("stream s1: http-flv viewer", "cut off"));
      awaitEndOfStream(s);
    }
    assertViewerPlays();
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void afterTheAttacks_countersAndHeap_stayBounded() {
    await().atMost(TestHub.PATIENCE).until(() -> hub.stream("s1").orElseThrow().viewers() == 1);
    LiveStream s1 = hub.stream("s1").orElseThrow();
    assertThat(s1.state()).isEqualTo(LiveStream.State.LIVE);
    assertThat(s1.publishSessions()).isEqualTo(1);
    assertThat(s1.videoFrames()).isPositive();
    assertThat(publisher.isAlive()).as("publisher: %s", publisher.stderr()).isTrue();
    // expected: pekko-http reports the aborted response of the viewer that was cut off
    assertThat(LogCapture.lines())
        .filteredOn(l -> l.startsWith("ERROR") && !l.contains("Aborting connection"))
        .as("unexpected errors in the hub")
        .isEmpty();
    System.gc();
    Runtime rt = Runtime.getRuntime();
    assertThat(rt.totalMemory() - rt.freeMemory()).isLessThan(512L << 20);
  }

  private static void assertViewerPlays() {
    long from = viewer.bytes();
    await()
        .atMost(TestHub.PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> viewer.bytes() >= from + PLAYING_BYTES || viewer.ended().isDone());
    assertThat(viewer.ended()).as("the s1 viewer's connection").isNotDone();
    assertThat(viewer.status()).isEqualTo(200);
  }

  private static void awaitLog(RawRtmpClient c, String... parts) {
    String[] all = new String[parts.length + 1];
    all[0] = "rtmp 127.0.0.1:" + c.localPort() + ": ";
    System.arraycopy(parts, 0, all, 1, parts.length);
    await().atMost(CLOSE_WITHIN).until(() -> LogCapture.contains(all));
  }

  /** Writes on another thread: the hub may close the socket while the write still blocks. */
  private static CompletableFuture<Void> writeInBackground(RawRtmpClient c, byte[] bytes) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            c.write(bytes);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static void awaitEndOfStream(Socket s) throws IOException {
    s.setSoTimeout((int) CLOSE_WITHIN.toMillis());
    InputStream in = s.getInputStream();
    byte[] sink = new byte[64 * 1024];
    try {
      while (in.read(sink) >= 0) {
        // drain what the hub wrote before it cut the viewer off
      }
    } catch (SocketException e) {
      // reset by the hub: as good as a close
    }
  }

  private static RawMessage setChunkSize(int size) {
    return new RawMessage(2, 1, 0, 0, u32(size));
  }

  private static byte[] u32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }

  /** An AVC sequence header tag body with a minimal configuration record (no SPS/PPS). */
  private static byte[] avcSequenceHeader() {
    return new byte[] {0x17, 0, 0, 0, 0, 1, 0x42, 0, 0x1E, (byte) 0xFF, (byte) 0xE0, 0};
  }
}
