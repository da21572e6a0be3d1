package io.streamrp2p.tools;

/**
 * Counts durations in 0.1 ms buckets up to {@link #RANGE_MS}; longer ones share the last bucket.
 * Fixed memory however many samples: millions of tag latencies in a run would not fit in a list.
 * Not thread-safe.
 */
final class LatencyHistogram {
  /** Everything past 10 s is one "too late" bucket; a viewer that late has long stalled. */
  static final int RANGE_MS = 10_000;

  private static final long BUCKET_NANOS = 100_000;
  private final long[] counts = new long[(int) (RANGE_MS * 1_000_000L / BUCKET_NANOS) + 1];
  private long total;

  void add(long nanos) {
    int bucket = (int) Math.min(counts.length - 1, Math.max(0, nanos) / BUCKET_NANOS);
    counts[bucket]++;
    total++;
  }

  long count() {
    return total;
  }

  /** The {@code p}-th percentile (0..100) in milliseconds (bucket upper bound), or NaN if empty. */
  double percentileMs(double p) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(total * p / 100.0));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return (i + 1) * BUCKET_NANOS / 1e6;
      }
    }
    return RANGE_MS;
  }
}
