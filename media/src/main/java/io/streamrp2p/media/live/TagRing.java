package io.streamrp2p.media.live;

/**
 * The last tags of a stream, read by every subscriber by sequence number: at most {@code capacity}
 * tags, and of those only the newest whose bodies together take at most {@code bytesMax} (the
 * newest tag is always kept). One writer (the stream, under its lock) appends; readers never lock.
 * A slot is written before the head is published (a volatile write), so a reader that sees the head
 * sees every tag below it; a tag a slow reader finds released or overwritten reads as gone.
 */
final class TagRing {
  private final MediaTag[] slots;
  private final int mask;
  private final long bytesMax;
  private volatile long head;
  private volatile long endOffset;
  // Sequences below this were released for the byte bound (their slots hold null).
  private volatile long floor;

  TagRing(int capacity) {
    this(capacity, Long.MAX_VALUE);
  }

  TagRing(int capacity, long bytesMax) {
    if (capacity < 2 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("ring capacity must be a power of two >= 2: " + capacity);
    }
    if (bytesMax <= 0) {
      throw new IllegalArgumentException("ring byte bound must be positive: " + bytesMax);
    }
    this.slots = new MediaTag[capacity];
    this.mask = capacity - 1;
    this.bytesMax = bytesMax;
  }

  /**
   * Appends the tag whose sequence is {@link #head()}, then releases the oldest tags while the tags
   * held take more than the byte bound.
   */
  void append(MediaTag tag) {
    if (tag.sequence() != head) {
      throw new IllegalStateException("tag " + tag.sequence() + " appended at head " + head);
    }
    slots[(int) (tag.sequence() & mask)] = tag;
    long end = tag.streamOffset() + tag.size();
    endOffset = end;
    head = tag.sequence() + 1;
    long f = Math.max(floor, head - slots.length);
    while (f < tag.sequence()) {
      int slot = (int) (f & mask);
      MediaTag old = slots[slot];
      if (old != null && old.sequence() == f && end - old.streamOffset() <= bytesMax) {
        break;
      }
      slots[slot] = null;
      f++;
    }
    floor = f;
  }

  /** The sequence number the next tag will get; every lower one has been appended. */
  long head() {
    return head;
  }

  /** Stream bytes appended so far (the end of the newest tag). */
  long endOffset() {
    return endOffset;
  }

  /** The oldest sequence number still held. */
  long oldest() {
    return Math.max(floor, Math.max(0, head - slots.length));
  }

  /** Body bytes of the tags held, from the oldest to the end of the newest. */
  long bytesHeld() {
    MediaTag t = get(oldest());
    return t == null ? 0 : endOffset - t.streamOffset();
  }

  /** The tag with that sequence number, or {@code null} if it was overwritten or never written. */
  MediaTag get(long sequence) {
    MediaTag t = slots[(int) (sequence & mask)];
    return t != null && t.sequence() == sequence ? t : null;
  }

  int capacity() {
    return slots.length;
  }
}
