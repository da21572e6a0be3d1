package io.streamrp2p.media.live;

/**
 * The last {@code capacity} tags of a stream, read by every subscriber by sequence number. One
 * writer (the stream, under its lock) appends; readers never lock. A slot is written before the
 * head is published (a volatile write), so a reader that sees the head sees every tag below it; a
 * tag a slow reader finds overwritten carries another sequence number and reads as gone.
 */
final class TagRing {
  private final MediaTag[] slots;
  private final int mask;
  private volatile long head;
  private volatile long endOffset;

  TagRing(int capacity) {
    if (capacity < 2 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("ring capacity must be a power of two >= 2: " + capacity);
    }
    this.slots = new MediaTag[capacity];
    this.mask = capacity - 1;
  }

  /** Appends the tag whose sequence is {@link #head()}. */
  void append(MediaTag tag) {
    if (tag.sequence() != head) {
      throw new IllegalStateException("tag " + tag.sequence() + " appended at head " + head);
    }
    slots[(int) (tag.sequence() & mask)] = tag;
    endOffset = tag.streamOffset() + tag.size();
    head = tag.sequence() + 1;
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
    return Math.max(0, head - slots.length);
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
