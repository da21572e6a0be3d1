package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamrp2p.media.live.LiveStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encoder that crashes and comes back within the reconnect grace does not disturb its viewers:
 * the same HTTP-FLV connections keep playing. Once it stays away past the grace, viewers get a
 * clean end of stream, and the stream can be published again.
 */
class PublisherReconnectIT {
  /** Bytes a viewer must receive to count as playing: about a second of the 1 Mbit/s stream. */
  private static final long PLAYING_BYTES = 128 * 1024;

  @TempDir Path dir;
  private TestHub hub;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    try {
      for (AutoCloseable r : resources) {
        r.close();
      }
    } finally {
      if (hub != null) {
        hub.close();
      }
    }
  }

  @Test
  void publisherKilled_restartedWithinGrace_sameViewersKeepPlayingThenEndCleanly()
      throws Exception {
    hub = TestHub.start(dir.resolve("hub"));
    MediaProcess first = publish();
    await().atMost(TestHub.PATIENCE).until(() -> hub.isLive("s1", 30));
    HttpFlvViewer viewer = track(HttpFlvViewer.open(hub.flvUrl("s1")));
    MediaProcess player = track(MediaProcess.ffmpegPlayer(dir, hub.flvUrl("s1"), 0));
    awaitGrowth(viewer, PLAYING_BYTES);
    await().atMost(TestHub.PATIENCE).until(() -> player.decodedFrames() >= 30);

    first.kill();
    await()
        .atMost(TestHub.PATIENCE)
        .until(() -> stream().state() == LiveStream.State.WAITING_FOR_PUBLISHER);
    MediaProcess second = publish();
    await()
        .atMost(TestHub.PATIENCE)
        .until(() -> stream().publishSessions() == 2 && hub.isLive("s1", 0));
    long framesBeforeReturn = player.decodedFrames();
    awaitGrowth(viewer, PLAYING_BYTES);
    await().atMost(TestHub.PATIENCE).until(() -> player.decodedFrames() >= framesBeforeReturn + 30);
    assertThat(player.isAlive()).as("ffmpeg viewer; stderr: %s", player.stderr()).isTrue();

    second.kill();
    await().atMost(TestHub.PATIENCE).until(() -> viewer.ended().isDone());
    assertThat(viewer.ended()).as("HTTP response ends cleanly").isCompleted();
    assertThat(player.awaitExit()).as("ffmpeg viewer; stderr: %s", player.stderr()).isZero();
    assertThat(player.stderr()).as("ffmpeg viewer errors").isEmpty();

    publish();
    await()
        .atMost(TestHub.PATIENCE)
        .until(() -> hub.isLive("s1", 30) && stream().publishSessions() == 1);
  }

  private MediaProcess publish() {
    return track(MediaProcess.ffmpegPublisher(dir, hub.rtmpUrl("k1"), 640, 360, "1M"));
  }

  private LiveStream stream() {
    return hub.stream("s1").orElseThrow();
  }

  private static void awaitGrowth(HttpFlvViewer viewer, long bytes) {
    long from = viewer.bytes();
    await()
        .atMost(TestHub.PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> viewer.bytes() >= from + bytes || viewer.ended().isDone());
    assertThat(viewer.ended()).as("viewer connection").isNotDone();
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }
}
