package io.streamrp2p.hub.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.hub.live.MediaTag.Kind;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The buffer between the fan-out and one viewer, driven by stream probes. {@code sendNext} on the
 * upstream probe waits for demand, so every send that returns proves the buffer did not
 * backpressure the stream.
 */
class ViewerBufferTest {
  private static final long BYTES_MAX = 100;

  private static ActorSystem system;
  private long sequence;
  private TestPublisher.Probe<MediaTag> upstream;
  private TestSubscriber.Probe<MediaTag> viewer;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("ViewerBufferTest");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  private void run(int dropsMax, boolean hasVideo) {
    Pair<TestPublisher.Probe<MediaTag>, TestSubscriber.Probe<MediaTag>> p =
        TestSource.<MediaTag>probe(system)
            .via(new ViewerBuffer(BYTES_MAX, dropsMax, hasVideo))
            .toMat(TestSink.probe(system), Keep.both())
            .run(system);
    upstream = p.first();
    viewer = p.second();
  }

  private MediaTag tag(Kind kind, boolean key, boolean header, int size) {
    return new MediaTag(kind, sequence++, sequence * 10, key, header, new byte[size]);
  }

  private MediaTag key(int size) {
    return tag(Kind.VIDEO, true, false, size);
  }

  private MediaTag inter(int size) {
    return tag(Kind.VIDEO, false, false, size);
  }

  private MediaTag send(MediaTag t) {
    upstream.sendNext(t);
    return t;
  }

  @Test
  void flow_viewerKeepsUp_everyTagInOrder() {
    run(3, true);
    viewer.request(3);
    MediaTag a = send(key(40));
    MediaTag b = send(inter(40));
    MediaTag c = send(inter(40));
    viewer.expectNext(a, b, c);
  }

  @Test
  void flow_viewerStalled_neverBackpressuresUpstream() {
    run(1_000_000, true);
    for (int i = 0; i < 1000; i++) {
      send(i % 30 == 0 ? key(30) : inter(30)); // waits for demand: fails if the buffer held back
    }
    MediaTag k = send(key(30)); // the last GOP overflowed too: the viewer waits for this one
    viewer.request(1);
    viewer.expectNext(k);
  }

  @Test
  void flow_overTheByteBound_dropsToTheNextKeyframe() {
    run(3, true);
    send(key(40));
    send(inter(40));
    send(inter(40)); // 120 > 100: the queue is dropped, and so is this frame
    send(inter(10)); // still waiting for a keyframe
    send(tag(Kind.AUDIO, false, false, 10)); // media waits for the keyframe too
    MediaTag k = send(key(40));
    MediaTag p = send(inter(10));
    viewer.request(10);
    viewer.expectNext(k, p);
    viewer.expectNoMessage();
  }

  @Test
  void flow_overTheByteBound_keepsHeadersAndMetadata() {
    run(3, true);
    MediaTag meta = send(tag(Kind.DATA, false, false, 10));
    MediaTag vh = send(tag(Kind.VIDEO, false, true, 10));
    MediaTag ah = send(tag(Kind.AUDIO, false, true, 10));
    send(key(40));
    send(inter(40)); // 110 > 100: media dropped, headers kept
    MediaTag ah2 = send(tag(Kind.AUDIO, false, true, 10)); // headers pass while waiting
    MediaTag k = send(key(40));
    viewer.request(10);
    viewer.expectNext(meta, vh, ah, ah2, k);
  }

  @Test
  void flow_audioOnlyOverTheBound_resumesAtOnce() {
    run(3, false);
    send(tag(Kind.AUDIO, false, false, 60));
    send(tag(Kind.AUDIO, false, false, 30));
    MediaTag over = send(tag(Kind.AUDIO, false, false, 30)); // 120 > 100: no keyframe to wait for
    viewer.request(10);
    viewer.expectNext(over);
  }

  @Test
  void flow_resetMoreThanDropsMaxTimesInARow_cutsTheViewerOff() {
    run(2, true);
    for (int reset = 0; reset < 3; reset++) {
      send(key(60));
      send(inter(60)); // over the bound: reset number reset + 1
    }
    Throwable error = viewer.expectSubscriptionAndError();
    assertThat(error).isInstanceOf(ViewerTooSlowException.class).hasMessageContaining("cut off");
    upstream.expectCancellation();
  }

  @Test
  void flow_viewerCatchesUpBetweenResets_notCutOff() {
    run(1, true);
    for (int reset = 0; reset < 5; reset++) {
      send(key(60));
      send(inter(60)); // over the bound
      MediaTag k = send(key(10));
      viewer.request(1);
      viewer.expectNext(k); // caught up: the count of resets in a row starts again
    }
    MediaTag p = send(inter(10));
    viewer.request(1);
    viewer.expectNext(p);
  }

  @Test
  void flow_upstreamCompletes_queuedTagsDeliveredThenComplete() {
    run(3, true);
    MediaTag k = send(key(40));
    MediaTag p = send(inter(40));
    upstream.sendComplete();
    viewer.request(10);
    viewer.expectNext(k, p);
    viewer.expectComplete();
  }
}
