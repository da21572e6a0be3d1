package io.streamrp2p.ledger.chain;

import io.streamrp2p.ledger.PeriodicJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Takes a checkpoint every {@code interval} and exports each one as JSON into a directory an
 * operator ships elsewhere (an auditor pins the ledger key and compares roots). One checkpoint at a
 * time ({@link PeriodicJob}).
 */
public final class CheckpointSchedule implements AutoCloseable {
  private final AtomicLong taken = new AtomicLong();
  private final PeriodicJob job;

  private CheckpointSchedule(
      ActorSystem<?> system, Checkpointer checkpointer, Path exportDir, Duration interval) {
    this.job =
        PeriodicJob.start(
            system,
            "ledger checkpoint",
            interval,
            interval,
            () ->
                checkpointer
                    .take()
                    .thenAccept(
                        checkpoint -> {
                          Path file =
                              exportDir.resolve("checkpoint-" + (taken.get() + 1) + ".json");
                          try {
                            Checkpointer.export(checkpoint, file);
                          } catch (Exception e) {
                            throw new CompletionException(
                                "could not export to " + file + ": " + e, e);
                          }
                          taken.incrementAndGet();
                        }));
  }

  /** Starts the schedule; the first checkpoint is taken one interval from now. */
  public static CheckpointSchedule start(
      ActorSystem<?> system, Checkpointer checkpointer, Path exportDir, Duration interval) {
    return new CheckpointSchedule(system, checkpointer, exportDir, interval);
  }

  /** Checkpoints taken and exported so far. */
  public long taken() {
    return taken.get();
  }

  @Override
  public void close() {
    job.close();
  }
}
