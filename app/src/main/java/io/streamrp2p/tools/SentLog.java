package io.streamrp2p.tools;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the load tool's own publisher handed each tag to its socket, by tag type and timestamp, so
 * viewers can compute what the hub added. Written by the publishing thread, read by the viewers'
 * selector thread.
 */
final class SentLog implements PacedPublishing.SentListener {
  /** About 20 minutes of a 30 fps stream with audio: the oldest entries are dropped past this. */
  static final int ENTRIES_MAX = 100_000;

  private final ConcurrentHashMap<Long, Long> sent = new ConcurrentHashMap<>();
  private final ArrayDeque<Long> order = new ArrayDeque<>();

  @Override
  public void sent(int tagType, long timestampMs, long sentNanos) {
    Long key = key(tagType, timestampMs);
    if (sent.putIfAbsent(key, sentNanos) == null) {
      order.add(key);
      if (order.size() > ENTRIES_MAX) {
        sent.remove(order.poll());
      }
    }
  }

  /** The send time in {@link System#nanoTime} units, or {@code null} if unknown. */
  Long sentNanos(int tagType, long timestampMs) {
    return sent.get(key(tagType, timestampMs));
  }

  private static Long key(int tagType, long timestampMs) {
    return (long) tagType << 40 | (timestampMs & 0xFFFF_FFFFL);
  }
}
