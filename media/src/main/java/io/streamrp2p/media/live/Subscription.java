package io.streamrp2p.media.live;

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
 * One subscriber of a live stream, as a source of tag batches. It reads the stream's shared {@link
 * TagRing} through a {@link StreamReader}: no per-subscriber copy or queue of media. Each pull
 * takes everything that arrived since the last one (up to {@link #BATCH_BYTES_MAX}), so a
 * subscriber whose socket is busy gathers many tags into one write, and one that keeps up gets each
 * tag at once. The stream wakes only subscribers that are waiting, once, however many tags arrive
 * meanwhile.
 *
 * <p>The reader's lag rule cuts off a subscriber that falls too far behind, failing the stage with
 * {@link ViewerTooSlowException}; a timer applies it to subscribers that stopped pulling.
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

  final class Logic extends TimerGraphStageLogic implements LiveStream.Waker {
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AsyncCallback<Done> woken = createAsyncCallback(d -> onWoken());
    private StreamReader reader;

    Logic() {
      super(shape);
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              emitAvailable();
            }
          });
    }

    @Override
    public void preStart() {
      stream.addWaker(this);
      reader = stream.join(viewer);
      scheduleWithFixedDelay("lag", LAG_CHECK_INTERVAL, LAG_CHECK_INTERVAL);
    }

    @Override
    public void postStop() {
      stream.removeWaker(this);
      reader.close();
    }

    @Override
    public void onTimer(Object key) {
      try {
        reader.checkLag();
      } catch (ViewerTooSlowException e) {
        failStage(e);
      }
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
      List<MediaTag> batch;
      try {
        batch = reader.take(BATCH_BYTES_MAX);
      } catch (ViewerTooSlowException e) {
        failStage(e);
        return;
      }
      if (!batch.isEmpty()) {
        push(out, batch);
        return;
      }
      if (reader.finished()) {
        completeStage();
        return;
      }
      waiting.set(true);
      // A tag may have arrived between reading the head and raising the flag: look once more.
      if ((reader.hasMore() || reader.stream().ended()) && waiting.compareAndSet(true, false)) {
        emitAvailable();
      }
    }
  }
}
