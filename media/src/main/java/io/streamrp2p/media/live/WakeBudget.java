package io.streamrp2p.media.live;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's limit on subscriber wake-ups per second, shared by all its live streams. Each wake-up
 * costs a viewer one write through its connection, whatever the size, so beyond a certain number of
 * viewers per core the writes themselves, not the bytes, fill the core. Below the limit a stream
 * wakes its subscribers at every video frame (the lowest latency); above it, a stream wakes them at
 * most every {@link #minIntervalMillis}, and each write carries several frames, trading latency for
 * viewers per core as SRS's merged writes do, but only under load.
 */
public final class WakeBudget {
  private final long wakesPerSecond;
  private final AtomicInteger subscribers = new AtomicInteger();

  /** {@code wakesPerSecond} 0: no limit. */
  public WakeBudget(long wakesPerSecond) {
    if (wakesPerSecond < 0) {
      throw new IllegalArgumentException("wakes per second must not be negative");
    }
    this.wakesPerSecond = wakesPerSecond;
  }

  public static WakeBudget unlimited() {
    return new WakeBudget(0);
  }

  void joined() {
    subscribers.incrementAndGet();
  }

  void left() {
    subscribers.decrementAndGet();
  }

  /** Subscribers of all streams, viewers or the hub's own (HLS, relays). */
  public int subscribers() {
    return subscribers.get();
  }

  /** The shortest time between two wake-ups of one stream's subscribers. */
  long minIntervalMillis() {
    return wakesPerSecond == 0 ? 0 : subscribers.get() * 1000L / wakesPerSecond;
  }
}
