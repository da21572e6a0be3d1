package io.streamrp2p.media.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.media.testing.TestClock;
import io.streamrp2p.media.testing.TestPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How often a live stream wakes its subscribers, with and without the hub's wake budget. */
class WakeBudgetTest {
  private static final byte[] AVC_HEADER = {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f};
  private static final byte[] AAC_HEADER = {(byte) 0xAF, 0, 0x12, 0x10};
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  private final TestClock clock = new TestClock(T0);

  /** Counts wake-ups; stays waiting, as a viewer whose socket keeps up does. */
  private static final class Counting implements LiveStream.Waker {
    int wakes;

    @Override
    public void wake() {
      wakes++;
    }
  }

  private static byte[] frame(boolean key) {
    return new byte[] {(byte) (key ? 0x17 : 0x27), 1, 0, 0, 0, 9};
  }

  /**
   * Publishes {@code seconds} of 30 fps video with 43 audio tags a second, interleaved by time as
   * an encoder sends them, the clock following the media; returns the wake-ups one of {@code
   * subscribers} saw.
   */
  private int wakesOver(LiveStream s, int subscribers, int seconds) {
    TestPublisher p = new TestPublisher();
    assertThat(s.claim(p)).isNull();
    List<Counting> subs = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      Counting c = new Counting();
      s.addWaker(c);
      s.join(true);
      subs.add(c);
    }
    s.publish(p, MediaTag.Kind.VIDEO, 0, AVC_HEADER);
    s.publish(p, MediaTag.Kind.AUDIO, 0, AAC_HEADER);
    int before = subs.get(0).wakes;
    int video = 0;
    int audio = 0;
    long now = 0;
    while (video < seconds * 30) {
      long videoAt = video * 1000L / 30;
      long audioAt = audio * 1024L * 1000 / 44_100;
      long at = Math.min(videoAt, audioAt);
      clock.advance(Duration.ofMillis(at - now));
      now = at;
      if (videoAt <= audioAt) {
        s.publish(p, MediaTag.Kind.VIDEO, at, frame(video % 60 == 0));
        video++;
      } else {
        s.publish(p, MediaTag.Kind.AUDIO, at, new byte[] {(byte) 0xAF, 1, 7});
        audio++;
      }
    }
    return subs.get(0).wakes - before;
  }

  @Test
  void noBudget_everyVideoFrameWakesAndAudioRidesAlong() {
    LiveStream s = new LiveStream("s", LiveSettings.defaults(), clock, WakeBudget.unlimited());
    assertThat(wakesOver(s, 1_000, 10)).isBetween(299, 301);
  }

  @Test
  void withinBudget_streamsStillWakeAtEveryFrame() {
    // 1,000 subscribers with 45,000 wake-ups a second: at most every 22 ms, below a frame.
    LiveStream s = new LiveStream("s", LiveSettings.defaults(), clock, new WakeBudget(45_000));
    assertThat(wakesOver(s, 1_000, 10)).isBetween(299, 301);
  }

  @Test
  void overBudget_wakeUpsPerSecondStayWithinIt() {
    WakeBudget budget = new WakeBudget(45_000);
    LiveStream s = new LiveStream("s", LiveSettings.defaults(), clock, budget);
    int wakes = wakesOver(s, 4_000, 10);
    // 4,000 subscribers: one wake-up per 88 ms at most; the first tag after that wakes (audio
    // comes every 23 ms), so wake-ups are 88-100 ms apart instead of every 33 ms.
    assertThat(wakes * 4_000 / 10).isLessThanOrEqualTo(45_000);
    assertThat(wakes).isBetween(100, 114);
    assertThat(budget.subscribers()).isEqualTo(4_000);
  }

  @Test
  void leavingSubscribers_giveTheirShareBack() {
    WakeBudget budget = new WakeBudget(1_000);
    LiveStream s = new LiveStream("s", LiveSettings.defaults(), clock, budget);
    StreamReader a = s.join(true);
    s.join(false);
    assertThat(budget.minIntervalMillis()).isEqualTo(2);
    a.close();
    a.close(); // a second leave of the same subscriber changes nothing
    assertThat(budget.subscribers()).isEqualTo(1);
    assertThat(budget.minIntervalMillis()).isEqualTo(1);
  }

  @Test
  void negativeBudget_refused() {
    assertThatThrownBy(() -> new WakeBudget(-1)).hasMessageContaining("must not be negative");
  }
}
