package io.streamrp2p.ledger.transfer;

import static io.streamrp2p.ledger.testing.LedgerCluster.await;
import static io.streamrp2p.ledger.testing.LedgerCluster.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.ledger.Ledger;
import io.streamrp2p.ledger.account.AccountEntity.Balance;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.testing.LedgerCluster;
import io.streamrp2p.ledger.transfer.TransferEntity.Result;
import io.streamrp2p.ledger.transfer.TransferEntity.Status;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transfers through the sharded entities on PostgreSQL. */
class TransferEntityTest {
  static Database db;
  static LedgerCluster cluster;
  static Ledger ledger;
  String p;

  @BeforeAll
  static void start() {
    db = TestDatabases.freshPostgres();
    cluster = LedgerCluster.start(db);
    ledger = cluster.ledger;
  }

  @AfterAll
  static void stop() {
    cluster.close();
    TestDatabases.drop(db);
  }

  @BeforeEach
  void accounts() {
    p = UUID.randomUUID().toString().substring(0, 8) + "-";
    await(ledger.open(p + "deposits", AccountKind.SYSTEM_DEPOSITS, 1));
    await(ledger.open(p + "pool", AccountKind.STREAM_POOL, 1));
    await(ledger.open(p + "friend", AccountKind.FRIEND_PAYOUT, 1));
    await(
        ledger.transfer(
            TransferSpec.single(
                p + "dep", p + "deposits", p + "pool", 1000, 1, TransferSpec.CODE_DEPOSIT)));
  }

  private Balance balance(String account) {
    return await(ledger.account(p + account)).balance();
  }

  @Test
  void transfer_single_movesPostedBalances() {
    Result r =
        await(
            ledger.transfer(
                TransferSpec.single(
                    p + "t1", p + "pool", p + "friend", 300, 1, TransferSpec.CODE_TRANSFER)));
    assertThat(r).isEqualTo(new Result(p + "t1", Status.POSTED, 300, true));
    assertThat(balance("pool")).isEqualTo(new Balance(0, 300, 0, 1000));
    assertThat(balance("friend")).isEqualTo(new Balance(0, 0, 0, 300));
    assertThat(balance("deposits")).isEqualTo(new Balance(0, 1000, 0, 0));
  }

  @Test
  void transfer_callersCallbacks_runOnTheDispatcherNotOnAThreadOfTheirOwn() {
    String caller = Thread.currentThread().getName();
    String ranOn =
        await(
            ledger
                .transfer(
                    TransferSpec.single(
                        p + "t1", p + "pool", p + "friend", 300, 1, TransferSpec.CODE_TRANSFER))
                .thenApply(r -> Thread.currentThread().getName()));
    // Pekko's own stages would run this on the common pool: a new thread per callback on two
    // cores. A stage completed before thenApply runs it on the caller, which is fine too.
    assertThat(ranOn)
        .satisfiesAnyOf(
            name -> assertThat(name).startsWith(cluster.kit.system().name() + "-pekko.actor"),
            name -> assertThat(name).isEqualTo(caller));
  }

  @Test
  void transfer_sameIdSameContent_existsAndMovesNothingMore() {
    TransferSpec t = TransferSpec.single(p + "t1", p + "pool", p + "friend", 300, 1, 1);
    await(ledger.transfer(t));
    Result again = await(ledger.transfer(t));
    assertThat(again).isEqualTo(new Result(p + "t1", Status.POSTED, 300, false));
    assertThat(balance("friend").creditsPostedMinor()).isEqualTo(300);
  }

  @Test
  void transfer_sameIdOtherAmount_rejectedNamingTheField() {
    await(ledger.transfer(TransferSpec.single(p + "t1", p + "pool", p + "friend", 300, 1, 1)));
    String error =
        failure(
            ledger.transfer(TransferSpec.single(p + "t1", p + "pool", p + "friend", 301, 1, 1)));
    assertThat(error).startsWith("EXISTS_WITH_DIFFERENT_FIELD: amountMinor");
  }

  @Test
  void transfer_beyondBalance_rejectedHoldsNothingAndIdStaysRejected() {
    TransferSpec t = TransferSpec.single(p + "t1", p + "pool", p + "friend", 1001, 1, 1);
    assertThat(failure(ledger.transfer(t))).startsWith("EXCEEDS_CREDITS");
    assertThat(balance("pool")).isEqualTo(new Balance(0, 0, 0, 1000));
    assertThat(failure(ledger.transfer(t))).startsWith("EXCEEDS_CREDITS");
  }

  @Test
  void transfer_creditAccountMissing_rejectedAndDebitReleased() {
    String error =
        failure(ledger.transfer(TransferSpec.single(p + "t1", p + "pool", p + "nobody", 10, 1, 1)));
    assertThat(error).startsWith("ACCOUNT_NOT_FOUND");
    assertThat(balance("pool")).isEqualTo(new Balance(0, 0, 0, 1000));
  }

  @Test
  void transfer_otherLedger_rejectedLedgerMismatch() {
    assertThat(
            failure(
                ledger.transfer(TransferSpec.single(p + "t1", p + "pool", p + "friend", 10, 2, 1))))
        .startsWith("LEDGER_MISMATCH");
  }

  @Test
  void pending_postPartial_postsOnceAndReleasesRest() {
    TransferSpec t = TransferSpec.pending(p + "t1", p + "pool", p + "friend", 400, 1, 1, 0);
    assertThat(await(ledger.transfer(t)).status()).isEqualTo(Status.PENDING);
    assertThat(balance("pool")).isEqualTo(new Balance(400, 0, 0, 1000));
    assertThat(balance("friend")).isEqualTo(new Balance(0, 0, 400, 0));
    Result posted = await(ledger.post(p + "t1", 250));
    assertThat(posted).isEqualTo(new Result(p + "t1", Status.POSTED, 250, true));
    assertThat(await(ledger.post(p + "t1", 250)).created()).isFalse();
    assertThat(failure(ledger.post(p + "t1", 300))).startsWith("ALREADY_POSTED");
    assertThat(failure(ledger.voidPending(p + "t1"))).startsWith("ALREADY_POSTED");
    assertThat(balance("pool")).isEqualTo(new Balance(0, 250, 0, 1000));
    assertThat(balance("friend")).isEqualTo(new Balance(0, 0, 0, 250));
  }

  @Test
  void pending_void_releasesBothLegsOnce() {
    await(ledger.transfer(TransferSpec.pending(p + "t1", p + "pool", p + "friend", 400, 1, 1, 0)));
    assertThat(await(ledger.voidPending(p + "t1")).status()).isEqualTo(Status.VOIDED);
    assertThat(failure(ledger.post(p + "t1", 0))).startsWith("ALREADY_VOIDED");
    assertThat(balance("pool")).isEqualTo(new Balance(0, 0, 0, 1000));
    assertThat(balance("friend")).isEqualTo(Balance.ZERO);
  }

  @Test
  void pending_postMoreThanHeld_rejected() {
    await(ledger.transfer(TransferSpec.pending(p + "t1", p + "pool", p + "friend", 400, 1, 1, 0)));
    assertThat(failure(ledger.post(p + "t1", 401))).startsWith("POST_AMOUNT_EXCEEDS_PENDING");
  }

  @Test
  void pending_timeout_voidedByItself() {
    await(ledger.transfer(TransferSpec.pending(p + "t1", p + "pool", p + "friend", 400, 1, 1, 1)));
    Awaitility.await()
        .atMost(15, TimeUnit.SECONDS)
        .until(() -> await(ledger.lookup(p + "t1")).status() == Status.VOIDED);
    assertThat(balance("pool")).isEqualTo(new Balance(0, 0, 0, 1000));
  }

  @Test
  void post_unknownId_rejectedNotFound() {
    assertThat(failure(ledger.post(p + "nope", 0))).startsWith("NOT_FOUND");
  }

  @Test
  void transfer_invalid_rejectedInvalid() {
    assertThat(
            failure(
                ledger.transfer(TransferSpec.single(p + "t1", p + "pool", p + "pool", 10, 1, 1))))
        .startsWith("INVALID");
  }
}
