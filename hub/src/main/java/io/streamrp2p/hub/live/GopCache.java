package io.streamrp2p.hub.live;

import java.util.ArrayList;
import java.util.List;

/**
 * The tags since the last video keyframe, so a new viewer starts on a keyframe at once instead of
 * waiting up to a GOP. Bounded in bytes: a stream whose GOP outgrows the bound (a very long
 * keyframe interval at a high bitrate) stops caching until the next keyframe, and new viewers of
 * it wait for that keyframe. Not thread-safe: {@link LiveStream} guards it.
 */
final class GopCache {
  private final long bytesMax;
  private final List<MediaTag> tags = new ArrayList<>();
  private long bytes;
  private boolean overflowed;

  GopCache(long bytesMax) {
    if (bytesMax <= 0) {
      throw new IllegalArgumentException("gop cache bytesMax must be positive: " + bytesMax);
    }
    this.bytesMax = bytesMax;
  }

  void add(MediaTag tag) {
    if (tag.sequenceHeader() || tag.kind() == MediaTag.Kind.DATA) {
      return; // kept apart by the stream and sent first
    }
    if (tag.kind() == MediaTag.Kind.VIDEO && tag.keyframe()) {
      clear();
      overflowed = false;
    } else if (tags.isEmpty() || overflowed) {
      return; // nothing before the first keyframe is useful to a new viewer
    }
    if (bytes + tag.size() > bytesMax) {
      clear();
      overflowed = true;
      return;
    }
    tags.add(tag);
    bytes += tag.size();
  }

  void clear() {
    tags.clear();
    bytes = 0;
  }

  /** The cached tags whose sequence is below {@code sequence}, oldest first. */
  List<MediaTag> before(long sequence) {
    List<MediaTag> out = new ArrayList<>(tags.size());
    for (MediaTag t : tags) {
      if (t.sequence() < sequence) {
        out.add(t);
      }
    }
    return out;
  }

  long bytes() {
    return bytes;
  }
}
