package io.streamrp2p.ledger;

import io.streamrp2p.ledger.journal.LedgerJournal;
import io.streamrp2p.ledger.payout.PayoutEntity;
import io.streamrp2p.ledger.payout.PayoutService;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.persistence.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the ledger entities that were left with work to do when the member running them stopped: a
 * crash, a restart, a shard moved to another member. Such an entity resumes as soon as it is
 * addressed, but nothing addresses it if its client went down with it. The sweep reads the newest
 * journal event of every transfer and payout and sends a read-only query to each one whose newest
 * event is not final:
 *
 * <ul>
 *   <li>a transfer {@code Initiated} or {@code ResolutionRequested}: it redoes its account steps
 *       (each idempotent) and records its outcome;
 *   <li>a transfer {@code Held} (pending): it re-arms its timeout, which lived in the memory of the
 *       stopped member;
 *   <li>a payout {@code Requested} or {@code Submitted}: it asks its gateway again.
 * </ul>
 *
 * <p>The read is one query over the journal's primary key, as a checkpoint does; it runs when the
 * member starts and then every {@code interval}, one sweep at a time ({@link PeriodicJob}).
 */
public final class UnfinishedSweep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UnfinishedSweep.class);

  /** Wake-ups in flight at once: enough to keep the shards busy, few enough not to flood. */
  static final int WAKE_PARALLELISM = 32;

  /** Manifests of the events after which a transfer is not finished. */
  static final Set<String> TRANSFER_UNFINISHED =
      manifests(
          TransferEntity.Initiated.class,
          TransferEntity.ResolutionRequested.class,
          TransferEntity.Held.class);

  static final Set<String> PAYOUT_UNFINISHED =
      manifests(PayoutEntity.Requested.class, PayoutEntity.Submitted.class);

  private static final String TRANSFER = TransferEntity.ENTITY_KEY.name() + "|";
  private static final String PAYOUT = PayoutEntity.ENTITY_KEY.name() + "|";

  /** Entities found unfinished in the journal, by id. */
  public record Found(List<String> transferIds, List<String> payoutIds) {}

  private final PeriodicJob job;

  private UnfinishedSweep(
      ActorSystem<?> system,
      Database db,
      Ledger ledger,
      PayoutService payouts,
      Duration initialDelay,
      Duration interval) {
    this.job =
        PeriodicJob.start(
            system,
            "ledger sweep",
            initialDelay,
            interval,
            () ->
                sweep(system, db, ledger, payouts)
                    .thenAccept(
                        n -> {
                          if (n > 0) {
                            log.info("ledger sweep woke {} unfinished transfers and payouts", n);
                          }
                        }));
  }

  /**
   * Sweeps after {@code initialDelay}, then every {@code interval}.
   *
   * @param payouts null where this member runs no payout gateway
   */
  public static UnfinishedSweep start(
      ActorSystem<?> system,
      Database db,
      Ledger ledger,
      PayoutService payouts,
      Duration initialDelay,
      Duration interval) {
    return new UnfinishedSweep(system, db, ledger, payouts, initialDelay, interval);
  }

  /**
   * The manifests rows of {@code events} carry: the class name, and for rows written before the
   * entities were renamed the old one ({@link EntityRenameMigration}), which the journal keeps.
   */
  private static Set<String> manifests(Class<?>... events) {
    Set<String> names = new HashSet<>();
    for (Class<?> e : events) {
      names.add(e.getName());
      names.add(EntityRenameMigration.nameBeforeRename(e));
    }
    return Set.copyOf(names);
  }

  /** Reads which transfers and payouts have a newest event that is not final. */
  public static Found find(Database db) throws Exception {
    List<String> transfers = new ArrayList<>();
    List<String> payoutIds = new ArrayList<>();
    LedgerJournal.heads(
        db,
        List.of(TRANSFER, PAYOUT),
        row -> {
          String pid = row.persistenceId();
          if (pid.startsWith(TRANSFER) && TRANSFER_UNFINISHED.contains(row.manifest())) {
            transfers.add(pid.substring(TRANSFER.length()));
          } else if (pid.startsWith(PAYOUT) && PAYOUT_UNFINISHED.contains(row.manifest())) {
            payoutIds.add(pid.substring(PAYOUT.length()));
          }
        });
    return new Found(transfers, payoutIds);
  }

  /** One sweep now: completes with the number of entities woken. */
  public static CompletionStage<Integer> sweep(
      ActorSystem<?> system, Database db, Ledger ledger, PayoutService payouts) {
    Found found;
    try {
      found = find(db);
    } catch (Exception e) {
      return CompletableFuture.failedStage(e);
    }
    CompletionStage<Integer> woken = wake(system, found.transferIds(), ledger::lookup);
    if (payouts == null || found.payoutIds().isEmpty()) {
      return woken;
    }
    return woken.thenCompose(
        n -> wake(system, found.payoutIds(), payouts::status).thenApply(m -> n + m));
  }

  private static CompletionStage<Integer> wake(
      ActorSystem<?> system, List<String> ids, Function<String, CompletionStage<?>> query) {
    return Source.from(ids)
        .mapAsyncUnordered(
            WAKE_PARALLELISM,
            id ->
                query
                    .apply(id)
                    .handle(
                        (ok, failure) -> {
                          if (failure != null) {
                            log.warn(
                                "ledger sweep: {} did not answer: {}", id, failure.getMessage());
                          }
                          return 1;
                        }))
        .runWith(Sink.fold(0, Integer::sum), system);
  }

  @Override
  public void close() {
    job.close();
  }
}
