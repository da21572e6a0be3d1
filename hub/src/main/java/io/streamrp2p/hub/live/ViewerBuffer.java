package io.streamrp2p.hub.live;

import java.util.ArrayDeque;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * A viewer's own bounded, keyframe-aware drop buffer. It always pulls from the stream, so a slow
 * or stalled viewer never backpressures the publisher or other viewers. When the viewer falls
 * {@code bytesMax} behind, the queued media is dropped and the viewer resumes at the next video
 * keyframe (codec headers and metadata are never dropped). A viewer that has to be reset more
 * than {@code dropsMax} times in a row without catching up is cut off with {@link
 * ViewerTooSlowException}.
 */
public final class ViewerBuffer extends GraphStage<FlowShape<MediaTag, MediaTag>> {
  private final Inlet<MediaTag> in = Inlet.create("ViewerBuffer.in");
  private final Outlet<MediaTag> out = Outlet.create("ViewerBuffer.out");
  private final FlowShape<MediaTag, MediaTag> shape = FlowShape.of(in, out);
  private final long bytesMax;
  private final int dropsMax;
  private final boolean hasVideo;

  public ViewerBuffer(long bytesMax, int dropsMax, boolean hasVideo) {
    if (bytesMax <= 0 || dropsMax < 0) {
      throw new IllegalArgumentException("bytesMax > 0 and dropsMax >= 0 required");
    }
    this.bytesMax = bytesMax;
    this.dropsMax = dropsMax;
    this.hasVideo = hasVideo;
  }

  @Override
  public FlowShape<MediaTag, MediaTag> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  private final class Logic extends GraphStageLogic {
    private final ArrayDeque<MediaTag> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean waitingForKeyframe;
    private int dropsInARow;
    private long droppedTags;

    Logic() {
      super(shape);
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          accept(grab(in));
          if (!isClosed(in)) { // accept may have cut the viewer off
            pull(in);
          }
        }

        @Override
        public void onUpstreamFinish() {
          if (queue.isEmpty()) {
            completeStage();
          }
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          emitNext();
        }
      });
    }

    @Override
    public void preStart() {
      pull(in);
    }

    private void accept(MediaTag tag) {
      boolean essential = tag.sequenceHeader() || tag.kind() == MediaTag.Kind.DATA;
      if (waitingForKeyframe && !essential) {
        if (tag.kind() == MediaTag.Kind.VIDEO && tag.keyframe()) {
          waitingForKeyframe = false;
        } else {
          droppedTags++;
          return;
        }
      }
      if (!essential && queuedBytes + tag.size() > bytesMax) {
        dropQueued();
        if (++dropsInARow > dropsMax) {
          failStage(new ViewerTooSlowException(bytesMax, dropsInARow, droppedTags));
          return;
        }
        if (hasVideo && !(tag.kind() == MediaTag.Kind.VIDEO && tag.keyframe())) {
          waitingForKeyframe = true;
          droppedTags++;
          return;
        }
      }
      queue.add(tag);
      queuedBytes += tag.size();
      if (isAvailable(out)) {
        emitNext();
      }
    }

    private void dropQueued() {
      ArrayDeque<MediaTag> kept = new ArrayDeque<>();
      for (MediaTag t : queue) {
        if (t.sequenceHeader() || t.kind() == MediaTag.Kind.DATA) {
          kept.add(t);
        } else {
          droppedTags++;
        }
      }
      queue.clear();
      queue.addAll(kept);
      queuedBytes = kept.stream().mapToLong(MediaTag::size).sum();
    }

    private void emitNext() {
      MediaTag next = queue.poll();
      if (next == null) {
        if (isClosed(in)) {
          completeStage();
        }
        return;
      }
      queuedBytes -= next.size();
      if (queue.isEmpty()) {
        dropsInARow = 0; // caught up
      }
      push(out, next);
      if (queue.isEmpty() && isClosed(in)) {
        completeStage();
      }
    }
  }
}
