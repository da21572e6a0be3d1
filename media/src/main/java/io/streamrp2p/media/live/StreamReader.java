package io.streamrp2p.media.live;

import java.util.ArrayList;
import java.util.List;

/**
 * One subscriber's position in a stream's shared {@link TagRing}: what it still has to send
 * (metadata, codec headers, the cached GOP, then live tags, each exactly once) and how far behind
 * it is. Not thread safe: one subscriber uses it from one thread at a time. Media is never copied
 * or queued per reader.
 *
 * <p>A reader that falls {@code viewerBytesMax} behind (or whose position was overwritten) skips to
 * the newest keyframe and counts a drop; after {@code viewerDropsMax} drops without catching up in
 * between it is cut off with {@link ViewerTooSlowException}.
 */
public final class StreamReader implements AutoCloseable {
  private final LiveStream stream;
  private final TagRing ring;
  private final boolean viewer;
  private List<MediaTag> prefix;
  private long cursor;
  private boolean needKeyframe;
  private int dropsInARow;
  private long droppedTags;
  private boolean closed;

  StreamReader(LiveStream stream, boolean viewer, LiveStream.Start start) {
    this.stream = stream;
    this.ring = stream.ring();
    this.viewer = viewer;
    this.prefix = start.prefix();
    this.cursor = start.sequence();
    this.needKeyframe = start.needKeyframe();
  }

  public LiveStream stream() {
    return stream;
  }

  /**
   * Everything available now, up to about {@code bytesMax} (a tag is never split); empty when the
   * reader is at the live edge.
   *
   * @throws ViewerTooSlowException when the reader is cut off
   */
  public List<MediaTag> take(long bytesMax) {
    checkLag();
    List<MediaTag> batch = new ArrayList<>(prefix.isEmpty() ? 4 : prefix.size() + 4);
    long bytes = 0;
    if (!prefix.isEmpty()) {
      batch.addAll(prefix);
      prefix = List.of();
    }
    long head = ring.head();
    while (cursor < head && bytes < bytesMax) {
      MediaTag t = ring.get(cursor);
      if (t == null) {
        skipToKeyframe(); // overwritten under us: this reader is far behind
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

  /** Whether {@link #take} would return something now (or fail). */
  public boolean hasMore() {
    return !prefix.isEmpty() || cursor < ring.head();
  }

  /** The stream ended and this reader has taken all of it. */
  public boolean finished() {
    return stream.ended() && !hasMore();
  }

  /**
   * Applies the lag rule to a reader that is not taking (its socket is full): a skip when too far
   * behind.
   *
   * @throws ViewerTooSlowException when the reader is cut off
   */
  public void checkLag() {
    long oldest = ring.oldest();
    long head = ring.head();
    MediaTag at = cursor < head ? ring.get(cursor) : null;
    boolean overrun = cursor < oldest || (cursor < head && at == null);
    boolean tooFar =
        at != null && ring.endOffset() - at.streamOffset() > stream.settings().viewerBytesMax();
    if (overrun || tooFar) {
      skipToKeyframe();
    }
  }

  private void skipToKeyframe() {
    if (++dropsInARow > stream.settings().viewerDropsMax()) {
      throw new ViewerTooSlowException(
          stream.settings().viewerBytesMax(), dropsInARow, droppedTags);
    }
    long head = ring.head();
    long key = stream.lastKeyframe();
    long target = key >= ring.oldest() && key > cursor ? key : head;
    droppedTags += Math.max(0, target - cursor);
    cursor = Math.max(cursor, target);
    needKeyframe = stream.hasVideo() && cursor == head;
  }

  /** Leaves the stream; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      stream.leave(viewer);
    }
  }
}
