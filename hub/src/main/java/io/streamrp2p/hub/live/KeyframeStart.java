package io.streamrp2p.hub.live;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Drops video frames until the first keyframe, so a viewer that joined without a cached GOP does
 * not feed its decoder frames that reference pictures it never got. Headers, metadata and audio
 * pass.
 */
final class KeyframeStart extends GraphStage<FlowShape<MediaTag, MediaTag>> {
  private final Inlet<MediaTag> in = Inlet.create("KeyframeStart.in");
  private final Outlet<MediaTag> out = Outlet.create("KeyframeStart.out");
  private final FlowShape<MediaTag, MediaTag> shape = FlowShape.of(in, out);

  @Override
  public FlowShape<MediaTag, MediaTag> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private boolean started;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            MediaTag tag = grab(in);
            if (!started && tag.kind() == MediaTag.Kind.VIDEO && !tag.sequenceHeader()) {
              started = tag.keyframe();
              if (!started) {
                pull(in);
                return;
              }
            }
            push(out, tag);
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }
        });
      }
    };
  }
}
