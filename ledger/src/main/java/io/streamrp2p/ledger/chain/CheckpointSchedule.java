package io.streamrp2p.ledger.chain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a checkpoint every {@code interval} and exports each one as JSON into a directory an
 * operator ships elsewhere (an auditor pins the ledger key and compares roots). One checkpoint at
 * a time: a tick while the previous one still runs is skipped, never queued.
 */
public final class CheckpointSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

  private final Checkpointer checkpointer;
  private final Path exportDir;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong taken = new AtomicLong();
  private final Cancellable ticks;

  private CheckpointSchedule(ActorSystem<?> system, Checkpointer checkpointer, Path exportDir,
      Duration interval) {
    this.checkpointer = checkpointer;
    this.exportDir = exportDir;
    // The tick reads the journal with blocking JDBC: off the dispatcher the media path uses.
    this.ticks = system.scheduler().scheduleWithFixedDelay(interval, interval, this::tick,
        system.dispatchers().lookup(DispatcherSelector.blocking()));
  }

  /** Starts the schedule; the first checkpoint is taken one interval from now. */
  public static CheckpointSchedule start(ActorSystem<?> system, Checkpointer checkpointer,
      Path exportDir, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive: " + interval);
    }
    return new CheckpointSchedule(system, checkpointer, exportDir, interval);
  }

  /** Checkpoints taken and exported so far. */
  public long taken() {
    return taken.get();
  }

  private void tick() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      checkpointer.take().whenComplete((checkpoint, failure) -> {
        try {
          if (failure != null) {
            log.warn("ledger checkpoint failed: {}", failure.getMessage());
            return;
          }
          long n = taken.incrementAndGet();
          Checkpointer.export(checkpoint, exportDir.resolve("checkpoint-" + n + ".json"));
        } catch (Exception e) {
          log.warn("ledger checkpoint could not be exported to {}: {}", exportDir, e.toString());
        } finally {
          running.set(false);
        }
      });
    } catch (Exception e) {
      running.set(false);
      log.warn("ledger checkpoint could not read the journal: {}", e.toString());
    }
  }

  @Override
  public void close() {
    ticks.cancel();
  }
}
