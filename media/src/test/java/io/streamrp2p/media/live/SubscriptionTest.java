package io.streamrp2p.media.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.media.testing.TestPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
  private static ActorSystem system;

  /** AVC sequence header, keyframe and inter frame bodies (legacy FLV video tag headers). */
  private static final byte[] AVC_HEADER = {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f};

  private static final byte[] AAC_HEADER = {(byte) 0xAF, 0, 0x12, 0x10};

  @BeforeAll
  static void start() {
    system = ActorSystem.create("subscription");
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  private static LiveSettings settings(long viewerBytesMax, int dropsMax) {
    return settings(viewerBytesMax, dropsMax, 64);
  }

  private static LiveSettings settings(long viewerBytesMax, int dropsMax, int ringTags) {
    LiveSettings d = LiveSettings.defaults();
    return new LiveSettings(
        d.gopCacheBytesMax(),
        ringTags,
        d.ringBytesMax(),
        viewerBytesMax,
        dropsMax,
        40,
        d.takeoverSilence(),
        d.reconnectGrace(),
        Timeline.Mode.OFF,
        d.jitterMsMax(),
        d.wakeBudgetPerCore());
  }

  private static byte[] frame(boolean key, int size, int marker) {
    byte[] b = new byte[size];
    b[0] = (byte) (key ? 0x17 : 0x27);
    b[1] = 1;
    b[size - 1] = (byte) marker;
    return b;
  }

  private static byte[] audio(int marker) {
    return new byte[] {(byte) 0xAF, 1, (byte) marker};
  }

  /** The next {@code n} tags, then nothing more for a moment. */
  private static List<MediaTag> next(TestSubscriber.Probe<MediaTag> probe, int n) {
    List<MediaTag> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      got.add(probe.expectNext(Duration.ofSeconds(3)));
    }
    probe.expectNoMessage(Duration.ofMillis(200));
    return got;
  }

  @Test
  void subscribe_midStream_startsWithHeadersThenNewestKeyframeEachTagOnce() {
    LiveStream s = new LiveStream("s", settings(1 << 20, 3), Clock.systemUTC());
    TestPublisher p = new TestPublisher();
    s.claim(p);
    s.publish(p, MediaTag.Kind.VIDEO, 0, AVC_HEADER);
    s.publish(p, MediaTag.Kind.AUDIO, 0, AAC_HEADER);
    s.publish(p, MediaTag.Kind.VIDEO, 0, frame(true, 10, 1));
    s.publish(p, MediaTag.Kind.VIDEO, 33, frame(false, 10, 2));
    s.publish(p, MediaTag.Kind.VIDEO, 66, frame(true, 10, 3));
    s.publish(p, MediaTag.Kind.AUDIO, 70, audio(4));

    TestSubscriber.Probe<MediaTag> viewer = s.subscribe().runWith(TestSink.probe(system), system);
    s.publish(p, MediaTag.Kind.VIDEO, 99, frame(false, 10, 5));
    viewer.request(10);
    List<MediaTag> got = next(viewer, 5);

    List<Long> seqs = got.stream().map(MediaTag::sequence).toList();
    assertThat(seqs).containsExactly(0L, 1L, 4L, 5L, 6L); // headers, then keyframe 4 onwards
    assertThat(got.get(2).keyframe()).isTrue();
    assertThat(s.viewers()).isEqualTo(1);
    viewer.cancel();
  }

  @Test
  void publish_largeFrames_streamHoldsAtMostItsByteBoundAndViewersStillStartAtTheKeyframe() {
    LiveSettings d = LiveSettings.defaults();
    LiveSettings small =
        new LiveSettings(
            4L << 20,
            4096,
            8L << 20,
            d.viewerBytesMax(),
            3,
            40,
            d.takeoverSilence(),
            d.reconnectGrace(),
            Timeline.Mode.OFF,
            d.jitterMsMax(),
            d.wakeBudgetPerCore());
    LiveStream s = new LiveStream("s", small, Clock.systemUTC());
    TestPublisher p = new TestPublisher();
    s.claim(p);
    s.publish(p, MediaTag.Kind.VIDEO, 0, AVC_HEADER);
    // 200 frames of 256 KiB, a keyframe every tenth: 50 MiB through a stream bound to 8 MiB.
    for (int i = 0; i < 200; i++) {
      s.publish(p, MediaTag.Kind.VIDEO, i * 33L, frame(i % 10 == 0, 256 << 10, i));
      assertThat(s.ring().bytesHeld()).isLessThanOrEqualTo(8L << 20);
    }
    assertThat(s.ring().oldest()).isGreaterThan(150);

    TestSubscriber.Probe<MediaTag> viewer = s.subscribe().runWith(TestSink.probe(system), system);
    viewer.request(20);
    List<MediaTag> got = next(viewer, 11);
    assertThat(got.get(0).sequenceHeader()).isTrue(); // the header, held outside the ring
    assertThat(got.get(1).keyframe()).isTrue();
    assertThat(got.get(1).sequence()).isEqualTo(191); // frame 190, the newest keyframe
    viewer.cancel();
  }

  @Test
  void subscribe_noKeyframeInRing_dropsVideoUntilNextKeyframe() {
    LiveStream s = new LiveStream("s", settings(1 << 20, 3), Clock.systemUTC());
    TestPublisher p = new TestPublisher();
    s.claim(p);
    s.publish(p, MediaTag.Kind.VIDEO, 0, AVC_HEADER);
    s.publish(p, MediaTag.Kind.VIDEO, 0, frame(false, 10, 1)); // an inter frame, no keyframe yet
    TestSubscriber.Probe<MediaTag> viewer = s.subscribe().runWith(TestSink.probe(system), system);
    viewer.request(10);
    s.publish(p, MediaTag.Kind.VIDEO, 33, frame(false, 10, 2));
    s.publish(p, MediaTag.Kind.VIDEO, 66, frame(true, 10, 3));

    List<MediaTag> got = next(viewer, 2);
    assertThat(got).extracting(MediaTag::sequence).containsExactly(0L, 3L);
    viewer.cancel();
  }

  @Test
  void subscribe_stalledViewer_cutOffWhileOthersGetEverything() throws Exception {
    // 20 kB behind (200 tags of 100 bytes): far more than a busy machine delays a reader that
    // keeps up, far less than a reader that never reads falls behind.
    LiveStream s = new LiveStream("s", settings(20_000, 2, 1024), Clock.systemUTC());
    TestPublisher p = new TestPublisher();
    s.claim(p);
    // A viewer whose socket never drains: it takes one batch and never asks again.
    CompletableFuture<Done> stalled =
        s.subscribe()
            .mapAsync(1, t -> new CompletableFuture<MediaTag>())
            .runWith(Sink.ignore(), system)
            .toCompletableFuture();
    CompletionStage<List<MediaTag>> fast = s.subscribe().runWith(Sink.seq(), system);
    long[] ts = {0};

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              for (int i = 0; i < 100; i++, ts[0] += 33) {
                s.publish(p, MediaTag.Kind.VIDEO, ts[0], frame(ts[0] % 330 == 0, 100, i));
              }
              return stalled.isDone();
            });
    s.end("test over");

    assertThatThrownBy(stalled::join)
        .hasCauseInstanceOf(ViewerTooSlowException.class)
        .hasMessageContaining("20000 bytes behind");
    List<MediaTag> all = fast.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(all)
        .extracting(MediaTag::sequence)
        .containsExactlyElementsOf(LongStream.range(0, ts[0] / 33).boxed().toList());
  }

  @Test
  void subscribe_slowReader_receivesPendingTagsInOneBatch() throws Exception {
    LiveStream s = new LiveStream("s", settings(1 << 20, 3), Clock.systemUTC());
    TestPublisher p = new TestPublisher();
    s.claim(p);
    TestSubscriber.Probe<List<MediaTag>> viewer =
        s.subscribeBatches().runWith(TestSink.probe(system), system);
    viewer.ensureSubscription();
    for (int i = 0; i < 5; i++) {
      s.publish(p, MediaTag.Kind.VIDEO, i * 33L, frame(i == 0, 50, i));
    }
    List<MediaTag> batch = viewer.requestNext(Duration.ofSeconds(3));
    assertThat(batch).extracting(MediaTag::sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
    viewer.cancel();
  }

  @Test
  void end_completesSubscribersAfterTheLastTag() throws Exception {
    LiveStream s = new LiveStream("s", settings(1 << 20, 3), Clock.systemUTC());
    TestPublisher p = new TestPublisher();
    s.claim(p);
    var all = s.subscribe().runWith(Sink.seq(), system);
    s.publish(p, MediaTag.Kind.VIDEO, 0, frame(true, 10, 1));
    s.publish(p, MediaTag.Kind.AUDIO, 5, audio(2));
    s.end("test over");
    List<MediaTag> got = all.toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(got).extracting(MediaTag::sequence).containsExactly(0L, 1L);
    assertThat(s.viewers()).isZero();
  }

  @Test
  void publish_reconnectedPublisher_viewerContinuesOnOneTimeline() {
    LiveSettings d = LiveSettings.defaults();
    LiveStream s = new LiveStream("s", d, Clock.systemUTC());
    TestPublisher first = new TestPublisher();
    s.claim(first);
    TestSubscriber.Probe<MediaTag> viewer = s.subscribe().runWith(TestSink.probe(system), system);
    viewer.request(10);
    // The viewer must be in before the first keyframe, or it would start at the second one.
    Awaitility.await().until(() -> s.viewers() == 1);
    s.publish(first, MediaTag.Kind.VIDEO, 5_000, frame(true, 10, 1));
    s.publish(first, MediaTag.Kind.VIDEO, 5_033, frame(false, 10, 2));
    s.unpublish(first);
    TestPublisher second = new TestPublisher();
    assertThat(s.claim(second)).isNull();
    s.publish(second, MediaTag.Kind.VIDEO, 0, frame(true, 10, 3)); // the encoder restarted at 0

    List<MediaTag> got = next(viewer, 3);
    assertThat(got).extracting(MediaTag::timestampMs).containsExactly(0L, 33L, 43L);
    assertThat(got).extracting(MediaTag::publishSession).containsExactly(1, 1, 2);
    viewer.cancel();
  }
}
