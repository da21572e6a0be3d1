package io.streamrp2p.hub.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;

/**
 * One subscriber of a live stream, as a source of tag batches. It reads the stream's shared
 * {@link TagRing} by sequence number: no per-subscriber copy or queue of media. Each pull takes
 * everything that arrived since the last one (up to {@link #BATCH_BYTES_MAX}), so a subscriber
 * whose socket is busy gathers many tags into one write, and one that keeps up gets each tag at
 * once. The stream wakes only subscribers that are waiting, once, however many tags arrive
 * meanwhile.
 *
 * <p>A subscriber that falls {@code viewerBytesMax} behind (or whose position was overwritten)
 * skips to the newest keyframe and counts a drop; after {@code viewerDropsMax} drops without
 * catching up in between it fails with {@link ViewerTooSlowException}. A timer checks this for
 * subscribers that stopped pulling altogether.
 */
final class Subscription extends GraphStage<SourceShape<List<MediaTag>>> {
  /** Largest batch: 256 KiB is under a second of a 3 Mbit/s stream, so it never stalls a viewer. */
  static final long BATCH_BYTES_MAX = 256 * 1024;

  /** How often a subscriber that does not pull is checked for lag. */
  static final java.time.Duration LAG_CHECK_INTERVAL = java.time.Duration.ofMillis(500);

  private final Outlet<List<MediaTag>> out = Outlet.create("Subscription.out");
  private final SourceShape<List<MediaTag>> shape = SourceShape.of(out);
  private final LiveStream stream;
  private final boolean viewer;

  Subscription(LiveStream stream, boolean viewer) {
    this.stream = stream;
    this.viewer = viewer;
  }

  @Override
  public SourceShape<List<MediaTag>> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  /** What the stream calls on a subscriber, from the publisher's thread. */
  interface Waker {
    void wake();
  }

  final class Logic extends TimerGraphStageLogic implements Waker {
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AsyncCallback<Done> woken = createAsyncCallback(d -> onWoken());
    private final TagRing ring = stream.ring();
    private List<MediaTag> prefix;
    private long cursor;
    private boolean needKeyframe;
    private int dropsInARow;
    private long droppedTags;

    Logic() {
      super(shape);
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          emitAvailable();
        }
      });
    }

    @Override
    public void preStart() {
      LiveStream.Start start = stream.join(this, viewer);
      prefix = start.prefix();
      cursor = start.sequence();
      needKeyframe = start.needKeyframe();
      scheduleWithFixedDelay("lag", LAG_CHECK_INTERVAL, LAG_CHECK_INTERVAL);
    }

    @Override
    public void postStop() {
      stream.leave(this, viewer);
    }

    @Override
    public void onTimer(Object key) {
      checkLag();
    }

    @Override
    public void wake() {
      if (waiting.compareAndSet(true, false)) {
        woken.invoke(Done.getInstance());
      }
    }

    private void onWoken() {
      if (isAvailable(out)) {
        emitAvailable();
      }
    }

    private void emitAvailable() {
      if (!checkLag()) {
        return;
      }
      List<MediaTag> batch = takeAvailable();
      if (!batch.isEmpty()) {
        push(out, batch);
        return;
      }
      if (stream.ended() && cursor >= ring.head()) {
        completeStage();
        return;
      }
      waiting.set(true);
      // A tag may have arrived between reading the head and raising the flag: look once more.
      if ((ring.head() > cursor || stream.ended()) && waiting.compareAndSet(true, false)) {
        emitAvailable();
      }
    }

    private List<MediaTag> takeAvailable() {
      List<MediaTag> batch = new ArrayList<>(prefix.isEmpty() ? 4 : prefix.size() + 4);
      long bytes = 0;
      if (!prefix.isEmpty()) {
        batch.addAll(prefix);
        prefix = List.of();
      }
      long head = ring.head();
      while (cursor < head && bytes < BATCH_BYTES_MAX) {
        MediaTag t = ring.get(cursor);
        if (t == null) {
          skipToKeyframe(); // overwritten under us: this viewer is far behind
          break;
        }
        cursor++;
        if (needKeyframe && t.kind() == MediaTag.Kind.VIDEO && !t.sequenceHeader()) {
          if (!t.keyframe()) {
            droppedTags++;
            continue;
          }
          needKeyframe = false;
        }
        batch.add(t);
        bytes += t.size();
      }
      if (cursor >= head) {
        dropsInARow = 0; // caught up with the live edge
      }
      return batch;
    }

    /** Returns false when the subscriber was cut off. */
    private boolean checkLag() {
      long oldest = ring.oldest();
      MediaTag at = cursor < ring.head() ? ring.get(cursor) : null;
      boolean overrun = cursor < oldest || (cursor < ring.head() && at == null);
      boolean tooFar = at != null
          && ring.endOffset() - at.streamOffset() > stream.settings().viewerBytesMax();
      if (!overrun && !tooFar) {
        return true;
      }
      return skipToKeyframe();
    }

    private boolean skipToKeyframe() {
      if (++dropsInARow > stream.settings().viewerDropsMax()) {
        failStage(new ViewerTooSlowException(stream.settings().viewerBytesMax(), dropsInARow,
            droppedTags));
        return false;
      }
      long head = ring.head();
      long key = stream.lastKeyframe();
      long target = key >= ring.oldest() && key > cursor ? key : head;
      droppedTags += Math.max(0, target - cursor);
      cursor = Math.max(cursor, target);
      needKeyframe = stream.hasVideo() && cursor == head;
      return true;
    }
  }
}
