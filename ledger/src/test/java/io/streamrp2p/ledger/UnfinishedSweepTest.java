package io.streamrp2p.ledger;

import static io.streamrp2p.ledger.testing.LedgerCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.account.AccountEntity.Balance;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.testing.LedgerCluster;
import io.streamrp2p.ledger.transfer.AccountLegs;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.ledger.transfer.TransferEntity.Status;
import io.streamrp2p.ledger.transfer.TransferSpec;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfers left unfinished by a stopped member are finished by the next member's sweep, without
 * any client addressing them; and transfers leave memory only when nothing is left for them to do.
 * PostgreSQL, two actor systems one after the other on one database.
 */
class UnfinishedSweepTest {
  Database db;
  String p;

  @BeforeEach
  void database() {
    db = TestDatabases.freshPostgres();
    p = UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  @AfterEach
  void drop() {
    TestDatabases.drop(db);
  }

  private void fundedAccounts(Ledger ledger) {
    await(ledger.open(p + "deposits", AccountKind.SYSTEM_DEPOSITS, 1));
    await(ledger.open(p + "pool", AccountKind.STREAM_POOL, 1));
    await(ledger.open(p + "friend", AccountKind.FRIEND_PAYOUT, 1));
    await(
        ledger.transfer(
            TransferSpec.single(
                p + "dep", p + "deposits", p + "pool", 1000, 1, TransferSpec.CODE_DEPOSIT)));
  }

  private static Balance balance(Ledger ledger, String account) {
    return await(ledger.account(account)).balance();
  }

  /** A member whose credit steps to the friend's account never get an answer. */
  private UnaryOperator<AccountLegs> creditsToFriendHang() {
    return legs ->
        (accountId, command) ->
            accountId.equals(p + "friend")
                ? new CompletableFuture<AccountEntity.LegDone>()
                : legs.ask(accountId, command);
  }

  @Test
  void transferStoppedBetweenItsLegs_isFinishedBySweepOfTheNextMember() throws Exception {
    TransferEntity.Settings patient =
        new TransferEntity.Settings(
            Duration.ofMinutes(5), 5, Duration.ofMillis(10), Duration.ofMinutes(2));
    String id = p + "t1";
    try (LedgerCluster first = LedgerCluster.start(db, patient, creditsToFriendHang())) {
      fundedAccounts(first.ledger);
      first.ledger.transfer(
          TransferSpec.single(id, p + "pool", p + "friend", 300, 1, TransferSpec.CODE_TRANSFER));
      Awaitility.await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> balance(first.ledger, p + "pool").debitsPendingMinor() == 300);
    }
    assertThat(UnfinishedSweep.find(db).transferIds()).containsExactly(id);

    try (LedgerCluster second = LedgerCluster.start(db)) {
      Ledger ledger = second.ledger;
      assertThat(balance(ledger, p + "friend")).isEqualTo(Balance.ZERO);
      assertThat(await(UnfinishedSweep.sweep(second.kit.system(), db, ledger, null))).isEqualTo(1);
      Awaitility.await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> balance(ledger, p + "friend").creditsPostedMinor() == 300);
      Awaitility.await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> balance(ledger, p + "pool").equals(new Balance(0, 300, 0, 1000)));
      Awaitility.await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> UnfinishedSweep.find(db).transferIds().isEmpty());
      assertThat(await(ledger.lookup(id)).status()).isEqualTo(Status.POSTED);
    }
  }

  @Test
  void pendingTransferWithTimeout_expiresAfterRestartOnceSwept() throws Exception {
    pendingExpiresAfterRestart(db);
  }

  @Test
  void pendingTransferWithTimeout_expiresAfterRestartOnceSwept_onEmbeddedH2(@TempDir Path dir)
      throws Exception {
    pendingExpiresAfterRestart(TestDatabases.freshH2(dir));
  }

  private void pendingExpiresAfterRestart(Database db) throws Exception {
    String id = p + "hold";
    try (LedgerCluster first = LedgerCluster.start(db)) {
      fundedAccounts(first.ledger);
      assertThat(
              await(
                      first.ledger.transfer(
                          TransferSpec.pending(
                              id, p + "pool", p + "friend", 400, 1, TransferSpec.CODE_TRANSFER, 2)))
                  .status())
          .isEqualTo(Status.PENDING);
    }
    assertThat(UnfinishedSweep.find(db).transferIds()).containsExactly(id);

    try (LedgerCluster second = LedgerCluster.start(db)) {
      Ledger ledger = second.ledger;
      assertThat(balance(ledger, p + "pool").debitsPendingMinor()).isEqualTo(400);
      await(UnfinishedSweep.sweep(second.kit.system(), db, ledger, null));
      Awaitility.await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> balance(ledger, p + "pool").equals(new Balance(0, 0, 0, 1000)));
      assertThat(balance(ledger, p + "friend")).isEqualTo(Balance.ZERO);
    }
    assertThat(UnfinishedSweep.find(db).transferIds()).isEmpty();
  }

  @Test
  void idleTransfers_leaveMemoryUnlessATimeoutIsStillToBeEnforced() {
    TransferEntity.Settings quickToIdle =
        new TransferEntity.Settings(
            Duration.ofSeconds(5), 5, Duration.ofMillis(10), Duration.ofMillis(300));
    try (LedgerCluster cluster = LedgerCluster.start(db, quickToIdle, UnaryOperator.identity())) {
      Ledger ledger = cluster.ledger;
      fundedAccounts(ledger);
      await(
          ledger.transfer(
              TransferSpec.single(
                  p + "done", p + "pool", p + "friend", 10, 1, TransferSpec.CODE_TRANSFER)));
      await(
          ledger.transfer(
              TransferSpec.pending(
                  p + "open", p + "pool", p + "friend", 20, 1, TransferSpec.CODE_TRANSFER, 0)));
      await(
          ledger.transfer(
              TransferSpec.pending(
                  p + "expiring",
                  p + "pool",
                  p + "friend",
                  30,
                  1,
                  TransferSpec.CODE_TRANSFER,
                  3600)));

      TestProbe<CurrentShardRegionState> probe = TestProbe.create(cluster.kit.system());
      Callable<Set<String>> live =
          () -> {
            ClusterSharding.get(cluster.kit.system())
                .shardState()
                .tell(new GetShardRegionState(TransferEntity.ENTITY_KEY, probe.ref()));
            return probe.receiveMessage().getShards().stream()
                .flatMap(s -> s.getEntityIds().stream())
                .collect(Collectors.toSet());
          };
      Awaitility.await()
          .atMost(20, TimeUnit.SECONDS)
          .until(
              live,
              ids ->
                  !ids.contains(p + "done")
                      && !ids.contains(p + "open")
                      && !ids.contains(p + "dep"));
      // Over three idle periods later the one with a timeout to enforce is still running.
      Awaitility.await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(live, ids -> ids.contains(p + "expiring"));
    }
  }
}
