package io.streamrp2p;

import io.streamrp2p.tools.LoadCommand;
import io.streamrp2p.tools.PublishCommand;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one executable: {@code streamrp2p hub} and {@code node}; {@code audit}; {@code publish} and
 * {@code load}, the test and benchmark clients.
 */
@Command(
    name = "streamrp2p",
    mixinStandardHelpOptions = true,
    version = "streamrp2p 0.1.0",
    description = "Live streaming with friend-powered relays.",
    subcommands = {
      HubCommand.class,
      NodeCommand.class,
      AuditCommand.class,
      PublishCommand.class,
      LoadCommand.class
    })
public final class Main implements Runnable {
  /** Read once, when the common fork-join pool is first used. */
  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    commonPoolOfAtLeastTwo();
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /**
   * Gives the common fork-join pool two threads on a machine with two cores or fewer, where the JDK
   * default (cores - 1) makes every asynchronous completion-stage callback start a thread of its
   * own. Stages from Pekko's Java API run all their callbacks that way (ADR 0005). Must run before
   * anything touches the pool; an explicit {@code -D} setting wins.
   */
  static void commonPoolOfAtLeastTwo() {
    commonPoolParallelism(
            System.getProperty(COMMON_POOL_PARALLELISM), Runtime.getRuntime().availableProcessors())
        .ifPresent(v -> System.setProperty(COMMON_POOL_PARALLELISM, v));
  }

  /** The parallelism to set, given the one set already (null: none) and the cores. */
  static Optional<String> commonPoolParallelism(String configured, int cores) {
    return configured == null && cores <= 2 ? Optional.of("2") : Optional.empty();
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
