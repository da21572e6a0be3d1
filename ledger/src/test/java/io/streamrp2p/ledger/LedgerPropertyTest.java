package io.streamrp2p.ledger;

import static io.streamrp2p.ledger.testing.LedgerCluster.await;
import static io.streamrp2p.ledger.testing.LedgerCluster.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.audit.AuditReport;
import io.streamrp2p.ledger.audit.Auditor;
import io.streamrp2p.ledger.chain.LedgerKey;
import io.streamrp2p.ledger.payout.PayoutEntity;
import io.streamrp2p.ledger.payout.PayoutService;
import io.streamrp2p.ledger.payout.file.FilePayoutGateway;
import io.streamrp2p.ledger.settlement.Settlement;
import io.streamrp2p.ledger.testing.LedgerCluster;
import io.streamrp2p.ledger.transfer.AccountLegs;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.ledger.transfer.TransferSpec;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of deposits, transfers, two-phase transfers, settlements, payouts and duplicate
 * requests, with account steps delivered twice and transfers crashing mid-way (a failed step stops
 * the entity; the client's retry restarts it from the journal). After every step: balances equal a
 * simple model (so no transfer took effect twice or was lost), money is conserved and no user
 * account is below zero. Seeds: {@code -Dledger.seed=N} replays one.
 */
class LedgerPropertyTest {
  static final int STEPS = 40;
  static final List<String> USERS = List.of("pool-a", "pool-b", "f0", "f1", "f2");

  @TempDir Path tmp;

  static LongStream seeds() {
    Long one = Long.getLong("ledger.seed");
    return one != null ? LongStream.of(one) : LongStream.of(1L, 2L, 3L);
  }

  /** Delivers some account steps twice and loses some replies after delivery. */
  static AccountLegs faulty(AccountLegs real, SplittableRandom random) {
    return (accountId, command) -> {
      int roll;
      synchronized (random) {
        roll = random.nextInt(100);
      }
      if (roll < 10) {
        return real.ask(accountId, command).thenCompose(x -> real.ask(accountId, command));
      }
      if (roll < 18) {
        return real.ask(accountId, command)
            .thenCompose(
                x ->
                    CompletableFuture.failedStage(
                        new IllegalStateException("injected: reply lost, transfer restarts")));
      }
      return real.ask(accountId, command);
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomOperations_withDuplicatesAndRestarts_conserveAndNeverApplyTwice(long seed)
      throws Exception {
    System.out.println("ledger property seed " + seed + " (replay: -Dledger.seed=" + seed + ")");
    Database db = TestDatabases.freshPostgres();
    SplittableRandom faults = new SplittableRandom(seed);
    TransferEntity.Settings settings =
        new TransferEntity.Settings(
            Duration.ofSeconds(5), 1, Duration.ofMillis(10), Duration.ofMinutes(2));
    try (LedgerCluster cluster = LedgerCluster.start(db, settings, l -> faulty(l, faults))) {
      new Run(cluster.ledger, new Random(seed), tmp.resolve("payouts-" + seed)).run(seed);
      AuditReport report = Auditor.run(db, Optional.empty(), (d, t) -> {});
      assertThat(report.violations()).as("seed %d", seed).isEmpty();
    } finally {
      TestDatabases.drop(db);
    }
  }

  private static final class Run {
    final Ledger ledger;
    final Random random;
    final Settlement settlement;
    final FilePayoutGateway gateway;
    final PayoutService payouts;
    final Map<String, Long> available = new HashMap<>();
    final Map<String, Long> pendingCredit = new HashMap<>();
    final List<TransferSpec> sent = new ArrayList<>();
    final Map<String, String> outcome = new HashMap<>();
    final List<TransferSpec> openPending = new ArrayList<>();
    int ids;

    Run(Ledger ledger, Random random, Path payoutDir) throws Exception {
      this.ledger = ledger;
      this.random = random;
      this.settlement = new Settlement(ledger);
      this.gateway = new FilePayoutGateway(payoutDir, LedgerKey.generate());
      this.payouts = new PayoutService(ledger, gateway, "payouts", Duration.ofMillis(50));
    }

    void run(long seed) throws Exception {
      await(ledger.open("deposits", AccountKind.SYSTEM_DEPOSITS, 1));
      await(ledger.open("payouts", AccountKind.SYSTEM_PAYOUTS, 1));
      for (String u : USERS) {
        AccountKind kind =
            u.startsWith("pool") ? AccountKind.STREAM_POOL : AccountKind.FRIEND_PAYOUT;
        await(ledger.open(u, kind, 1));
        available.put(u, 0L);
        pendingCredit.put(u, 0L);
      }
      for (int step = 0; step < STEPS; step++) {
        String op = step();
        try {
          check();
        } catch (AssertionError e) {
          throw new AssertionError(
              "seed " + seed + " step " + step + " (" + op + "): " + e.getMessage(), e);
        }
      }
    }

    String user() {
      return USERS.get(random.nextInt(USERS.size()));
    }

    String step() throws Exception {
      int roll = random.nextInt(100);
      if (roll < 20) {
        return deposit();
      } else if (roll < 45) {
        return transfer();
      } else if (roll < 60) {
        return pending();
      } else if (roll < 75) {
        return settle();
      } else if (roll < 85) {
        return payout();
      }
      return duplicate();
    }

    String deposit() {
      String pool = random.nextBoolean() ? "pool-a" : "pool-b";
      long amount = 1 + random.nextInt(5_000);
      TransferSpec t = TransferSpec.single("dep-" + ids++, "deposits", pool, amount, 1, 2);
      expectSingle(t);
      return "deposit " + amount + " to " + pool;
    }

    String transfer() {
      String from = user();
      String to = user();
      if (from.equals(to)) {
        return "skip";
      }
      long amount = 1 + random.nextInt(3_000);
      expectSingle(TransferSpec.single("t-" + ids++, from, to, amount, 1, 1));
      return "transfer " + amount + " " + from + " -> " + to;
    }

    void expectSingle(TransferSpec t) {
      sent.add(t);
      boolean fits =
          t.debitAccountId().equals("deposits")
              || available.get(t.debitAccountId()) >= t.amountMinor();
      if (fits) {
        assertThat(await(ledger.transfer(t)).status()).isEqualTo(TransferEntity.Status.POSTED);
        move(t.debitAccountId(), t.creditAccountId(), t.amountMinor());
        outcome.put(t.transferId(), "POSTED");
      } else {
        String error = failure(ledger.transfer(t));
        assertThat(error).startsWith("EXCEEDS_CREDITS");
        outcome.put(t.transferId(), error.substring(0, error.indexOf(':')));
      }
    }

    void move(String from, String to, long amount) {
      available.computeIfPresent(from, (k, v) -> v - amount);
      available.computeIfPresent(to, (k, v) -> v + amount);
    }

    String pending() {
      if (!openPending.isEmpty() && random.nextBoolean()) {
        TransferSpec t = openPending.remove(random.nextInt(openPending.size()));
        pendingCredit.merge(t.creditAccountId(), -t.amountMinor(), Long::sum);
        available.merge(t.debitAccountId(), t.amountMinor(), Long::sum); // release the hold
        if (random.nextBoolean()) {
          long part = 1 + random.nextInt((int) t.amountMinor());
          assertThat(await(ledger.post(t.transferId(), part)).amountMinor()).isEqualTo(part);
          assertThat(await(ledger.post(t.transferId(), part)).created()).isFalse();
          move(t.debitAccountId(), t.creditAccountId(), part);
          return "post " + part + " of " + t.transferId();
        }
        assertThat(await(ledger.voidPending(t.transferId())).status())
            .isEqualTo(TransferEntity.Status.VOIDED);
        assertThat(failure(ledger.post(t.transferId(), 0))).startsWith("ALREADY_VOIDED");
        return "void " + t.transferId();
      }
      String from = user();
      String to = user();
      long amount = 1 + random.nextInt(2_000);
      if (from.equals(to) || available.get(from) < amount) {
        return "skip";
      }
      TransferSpec t = TransferSpec.pending("p-" + ids++, from, to, amount, 1, 1, 0);
      assertThat(await(ledger.transfer(t)).status()).isEqualTo(TransferEntity.Status.PENDING);
      available.merge(from, -amount, Long::sum);
      pendingCredit.merge(to, amount, Long::sum);
      openPending.add(t);
      return "pending " + amount + " " + from + " -> " + to;
    }

    String settle() {
      String pool = random.nextBoolean() ? "pool-a" : "pool-b";
      long epoch = ids++;
      List<Settlement.Payee> payees = new ArrayList<>();
      for (String f : List.of("f0", "f1", "f2")) {
        if (random.nextBoolean()) {
          payees.add(new Settlement.Payee(f, 1 + random.nextInt(2_000)));
        }
      }
      if (payees.isEmpty()) {
        return "skip";
      }
      long total = payees.stream().mapToLong(Settlement.Payee::amountMinor).sum();
      boolean fits = available.get(pool) >= total;
      Settlement.Outcome first = await(settlement.settle(pool, epoch, 1, payees));
      Settlement.Outcome rerun = await(settlement.settle(pool, epoch, 1, payees));
      assertThat(first.paid()).isEqualTo(fits);
      assertThat(rerun.paid()).isEqualTo(fits);
      if (fits) {
        payees.forEach(p -> move(pool, p.accountId(), p.amountMinor()));
      }
      return "settle "
          + total
          + " from "
          + pool
          + " to "
          + payees.size()
          + (fits ? "" : " refused");
    }

    String payout() throws Exception {
      String friend = "f" + random.nextInt(3);
      long amount = 1 + random.nextInt(3_000);
      boolean fits = available.get(friend) >= amount;
      boolean confirm = random.nextInt(3) > 0;
      String id = "po-" + ids++;
      await(payouts.payout(id, friend, "0xabc" + friend, amount, 1));
      await(payouts.payout(id, friend, "0xabc" + friend, amount, 1)); // duplicate request
      if (fits) {
        Awaitility.await()
            .atMost(20, TimeUnit.SECONDS)
            .until(() -> await(payouts.status(id)).phase() == PayoutEntity.Phase.SUBMITTED);
        Path batch = gateway.sealBatch();
        String name = batch.getFileName().toString().replace(".json", "");
        Files.writeString(
            batch.resolveSibling(name + ".receipt"),
            id + (confirm ? " CONFIRMED tx-" + id : " FAILED bounced") + "\n");
      }
      PayoutEntity.Phase expected =
          fits && confirm ? PayoutEntity.Phase.CONFIRMED : PayoutEntity.Phase.FAILED;
      Awaitility.await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> await(payouts.status(id)).phase() == expected);
      if (fits && confirm) {
        move(friend, "payouts", amount);
      }
      return "payout " + amount + " of " + friend + " -> " + expected;
    }

    String duplicate() {
      if (sent.isEmpty()) {
        return "skip";
      }
      TransferSpec t = sent.get(random.nextInt(sent.size()));
      String was = outcome.get(t.transferId());
      if (was.equals("POSTED")) {
        TransferEntity.Result r = await(ledger.transfer(t));
        assertThat(r.created()).isFalse();
        assertThat(r.status()).isEqualTo(TransferEntity.Status.POSTED);
      } else {
        assertThat(failure(ledger.transfer(t))).startsWith(was);
      }
      return "duplicate " + t.transferId();
    }

    void check() {
      long posted = 0;
      long pendingDebits = 0;
      long pendingCredits = 0;
      for (String a : List.of("deposits", "payouts", "pool-a", "pool-b", "f0", "f1", "f2")) {
        AccountEntity.Balance b = await(ledger.account(a)).balance();
        posted += b.creditsPostedMinor() - b.debitsPostedMinor();
        pendingDebits += b.debitsPendingMinor();
        pendingCredits += b.creditsPendingMinor();
        if (available.containsKey(a)) {
          assertThat(b.availableMinor()).as("available of %s", a).isEqualTo(available.get(a));
          assertThat(b.availableMinor()).as("user %s below zero", a).isNotNegative();
          assertThat(b.creditsPendingMinor())
              .as("pending credits of %s", a)
              .isEqualTo(pendingCredit.get(a));
        }
      }
      assertThat(posted).as("posted credits - debits over all accounts").isZero();
      assertThat(pendingDebits).as("pending debits = pending credits").isEqualTo(pendingCredits);
    }
  }
}
