package io.streamrp2p.ledger;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous job the ledger runs on a schedule (checkpoints, the sweep of unfinished work),
 * one run at a time: a tick while the previous run is still going is skipped, never queued. Ticks
 * run on the blocking-io dispatcher because these jobs read the journal with JDBC; the default
 * dispatcher is the media path's. A failed run is logged and the next tick tries again.
 */
public final class PeriodicJob implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

  private final String name;
  private final Callable<? extends CompletionStage<?>> job;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Cancellable ticks;

  private PeriodicJob(
      ActorSystem<?> system,
      String name,
      Duration initialDelay,
      Duration interval,
      Callable<? extends CompletionStage<?>> job) {
    this.name = name;
    this.job = job;
    this.ticks =
        system
            .scheduler()
            .scheduleWithFixedDelay(
                initialDelay,
                interval,
                this::tick,
                system.dispatchers().lookup(DispatcherSelector.blocking()));
  }

  /** Runs {@code job} after {@code initialDelay}, then {@code interval} after each tick. */
  public static PeriodicJob start(
      ActorSystem<?> system,
      String name,
      Duration initialDelay,
      Duration interval,
      Callable<? extends CompletionStage<?>> job) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(name + " interval must be positive: " + interval);
    }
    return new PeriodicJob(system, name, initialDelay, interval, job);
  }

  private void tick() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      job.call()
          .whenComplete(
              (done, failure) -> {
                running.set(false);
                if (failure != null) {
                  log.warn("{} failed: {}", name, failure.toString());
                }
              });
    } catch (Exception e) {
      running.set(false);
      log.warn("{} failed: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    ticks.cancel();
  }
}
