package io.streamrp2p.media;

import java.util.Optional;

/**
 * The JDK's common fork-join pool, sized for Pekko's Java API: every callback on a stage it returns
 * runs on that pool, and on a machine with two cores or fewer the JDK's default (cores - 1) makes
 * each such callback start a thread of its own (ADR 0005). Both executables, the hub's and the
 * node's, call {@link #atLeastTwo} first thing.
 */
public final class CommonPool {
  /** Read once, when the common fork-join pool is first used. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /**
   * Gives the common pool two threads on a machine with two cores or fewer. Must run before
   * anything touches the pool; an explicit {@code -D} setting wins.
   */
  public static void atLeastTwo() {
    parallelism(System.getProperty(PARALLELISM), Runtime.getRuntime().availableProcessors())
        .ifPresent(v -> System.setProperty(PARALLELISM, v));
  }

  /** The parallelism to set, given the one set already (null: none) and the cores. */
  static Optional<String> parallelism(String configured, int cores) {
    return configured == null && cores <= 2 ? Optional.of("2") : Optional.empty();
  }
}
