package io.streamrp2p.ledger.audit;

import static io.streamrp2p.ledger.testing.LedgerCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.ledger.Ledger;
import io.streamrp2p.ledger.Rejection;
import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.chain.Checkpointer;
import io.streamrp2p.ledger.chain.LedgerKey;
import io.streamrp2p.ledger.testing.LedgerCluster;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.ledger.transfer.TransferSpec;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** Many clients, retries of random requests, and exact reconciliation afterwards. */
class ConcurrencyTest {
  static final int ACCOUNTS = 100;
  static final int TRANSFERS = 10_000;
  static final int IN_FLIGHT = 128;
  static final long FUNDING_MINOR = 20_000;

  @Test
  void transfers_concurrentWithRetries_reconcileExactlyAndAuditPasses() throws Exception {
    long seed = Long.getLong("ledger.seed", 20261124L);
    Database db = TestDatabases.freshPostgres();
    try (LedgerCluster cluster = LedgerCluster.start(db)) {
      Ledger ledger = cluster.ledger;
      await(ledger.open("deposits", AccountKind.SYSTEM_DEPOSITS, 1));
      List<CompletableFuture<?>> setup = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        String a = "acct-" + i;
        setup.add(
            ledger
                .open(a, AccountKind.FRIEND_PAYOUT, 1)
                .thenCompose(
                    v ->
                        ledger.transfer(
                            TransferSpec.single(
                                "fund-" + a,
                                "deposits",
                                a,
                                FUNDING_MINOR,
                                1,
                                TransferSpec.CODE_DEPOSIT)))
                .toCompletableFuture());
      }
      CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).join();

      Random random = new Random(seed);
      Semaphore window = new Semaphore(IN_FLIGHT);
      ConcurrentHashMap<String, TransferEntity.Status> outcomes = new ConcurrentHashMap<>();
      List<CompletableFuture<?>> all = new ArrayList<>();
      List<TransferSpec> specs = new ArrayList<>();
      for (int i = 0; i < TRANSFERS; i++) {
        int from = random.nextInt(ACCOUNTS);
        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        TransferSpec t =
            TransferSpec.single(
                "t-" + i,
                "acct-" + from,
                "acct-" + to,
                1 + random.nextInt(3_000),
                1,
                TransferSpec.CODE_TRANSFER);
        specs.add(t);
        boolean retry = random.nextInt(10) == 0;
        // Retries: the same request again, at once or after an earlier random request.
        TransferSpec again = retry ? specs.get(random.nextInt(specs.size())) : null;
        for (TransferSpec s : again == null ? List.of(t) : List.of(t, again)) {
          window.acquire();
          all.add(
              ledger
                  .transfer(s)
                  .handle(
                      (r, err) -> {
                        window.release();
                        TransferEntity.Status st =
                            err == null
                                ? r.status()
                                : Rejection.EXCEEDS_CREDITS.is(
                                        err.getCause() != null ? err.getCause() : err)
                                    ? TransferEntity.Status.REJECTED
                                    : null;
                        assertThat(st).as("outcome of %s: %s", s.transferId(), err).isNotNull();
                        TransferEntity.Status before = outcomes.putIfAbsent(s.transferId(), st);
                        assertThat(before == null || before == st)
                            .as("same id, same outcome")
                            .isTrue();
                        return null;
                      })
                  .toCompletableFuture());
        }
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

      long[] expected = new long[ACCOUNTS];
      java.util.Arrays.fill(expected, FUNDING_MINOR);
      for (TransferSpec t : specs) {
        if (outcomes.get(t.transferId()) == TransferEntity.Status.POSTED) {
          expected[Integer.parseInt(t.debitAccountId().substring(5))] -= t.amountMinor();
          expected[Integer.parseInt(t.creditAccountId().substring(5))] += t.amountMinor();
        }
      }
      long sum = 0;
      for (int i = 0; i < ACCOUNTS; i++) {
        AccountEntity.Balance b = await(ledger.account("acct-" + i)).balance();
        assertThat(b.availableMinor()).as("acct-%d", i).isEqualTo(expected[i]);
        assertThat(b.debitsPendingMinor()).isZero();
        sum += b.availableMinor();
      }
      assertThat(sum).isEqualTo(FUNDING_MINOR * ACCOUNTS);
      assertThat(outcomes).hasSize(TRANSFERS);

      await(
          new Checkpointer(cluster.kit.system(), db, LedgerKey.generate(), Clock.systemUTC())
              .take());
      AuditReport report = Auditor.run(db, Optional.empty(), (done, total) -> {});
      assertThat(report.violations()).isEmpty();
      assertThat(report.checkpoints()).isEqualTo(1);
      assertThat(report.transfers()).isEqualTo(TRANSFERS + ACCOUNTS);
      assertThat(report.ledgers().get(1).debitsPostedMinor())
          .isEqualTo(report.ledgers().get(1).creditsPostedMinor());
    } finally {
      TestDatabases.drop(db);
    }
  }
}
