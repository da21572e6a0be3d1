package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile peers against a hub that is serving a real stream: the cases of {@link
 * HostileClientCases}, plus a publisher that never reads, and at the end the hub's memory and
 * counters must be sane.
 */
class HostileClientsIT extends HostileClientCases {
  @TempDir static Path dir;
  private static TestHub hub;
  private static MediaProcess publisher;
  private static HttpFlvViewer viewer;

  /** Where this class's log lines start: other tests in the same JVM log their own. */
  private static int logMark;

  @BeforeAll
  static void startHubPublisherAndViewer() {
    logMark = LogCapture.mark();
    hub =
        TestHub.start(
            dir.resolve("hub"),
            "streamrp2p.hub.rtmp.handshake-timeout=" + HANDSHAKE_TIMEOUT,
            "streamrp2p.hub.live.viewer-bytes-max=" + VIEWER_BYTES_MAX);
    publisher = MediaProcess.ffmpegPublisher(dir, hub.rtmpUrl("k1"), 640, 360, "2M");
    await().atMost(TestHub.PATIENCE).until(() -> hub.isLive("s1", 30));
    viewer = HttpFlvViewer.open(hub.flvUrl("s1"));
    assertPlays(viewer);
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

  @Override
  int rtmpPort() {
    return hub.rtmpPort();
  }

  @Override
  int httpPort() {
    return hub.httpPort();
  }

  @Override
  String s1FlvTarget() {
    return "/live/s1.flv";
  }

  @Override
  boolean logged(String... parts) {
    return LogCapture.contains(parts);
  }

  @Override
  HttpFlvViewer viewer() {
    return viewer;
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
  @Order(Integer.MAX_VALUE)
  void afterTheAttacks_countersAndHeap_stayBounded() {
    await().atMost(TestHub.PATIENCE).until(() -> hub.stream("s1").orElseThrow().viewers() == 1);
    LiveStream s1 = hub.stream("s1").orElseThrow();
    assertThat(s1.state()).isEqualTo(LiveStream.State.LIVE);
    assertThat(s1.publishSessions()).isEqualTo(1);
    assertThat(s1.videoFrames()).isPositive();
    assertThat(publisher.isAlive()).as("publisher: %s", publisher.stderr()).isTrue();
    // expected: pekko-http reports the aborted response of the viewer that was cut off
    assertThat(LogCapture.linesFrom(logMark))
        .filteredOn(l -> l.startsWith("ERROR") && !l.contains("Aborting connection"))
        .as("unexpected errors in the hub")
        .isEmpty();
    System.gc();
    Runtime rt = Runtime.getRuntime();
    assertThat(rt.totalMemory() - rt.freeMemory()).isLessThan(512L << 20);
  }

  /** An AVC sequence header tag body with a minimal configuration record (no SPS/PPS). */
  private static byte[] avcSequenceHeader() {
    return new byte[] {0x17, 0, 0, 0, 0, 1, 0x42, 0, 0x1E, (byte) 0xFF, (byte) 0xE0, 0};
  }
}
