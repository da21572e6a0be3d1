package io.streamrp2p.ledger.payout.evm;

import static io.streamrp2p.ledger.payout.evm.EvmFixture.GWEI;
import static io.streamrp2p.ledger.payout.evm.EvmFixture.freshAddress;
import static io.streamrp2p.ledger.payout.evm.EvmFixture.order;
import static io.streamrp2p.ledger.payout.evm.EvmFixture.status;
import static io.streamrp2p.ledger.payout.evm.EvmFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamrp2p.ledger.payout.PayoutOrder;
import io.streamrp2p.ledger.payout.PayoutStatus;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * A gateway that dies between recording and broadcasting, or between broadcasting and telling its
 * caller, is replaced by a new instance on the same database; the payee is paid once.
 */
class EvmCrashRecoveryIT {
  private static final int CONFIRMATIONS = 2;

  @TempDir static Path dir;
  static EvmTestChain chain;
  static Database db;

  /** What a crash looks like to the caller: the submit never completes normally. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String where) {
      super("simulated crash " + where);
    }
  }

  static final EvmGateway.Hooks CRASH_AFTER_RECORD =
      new EvmGateway.Hooks() {
        @Override
        public void afterRecorded(String payoutId) {
          throw new SimulatedCrash("after recording " + payoutId);
        }
      };

  static final EvmGateway.Hooks CRASH_AFTER_BROADCAST =
      new EvmGateway.Hooks() {
        @Override
        public void afterBroadcast(String payoutId) {
          throw new SimulatedCrash("after broadcasting " + payoutId);
        }
      };

  @BeforeAll
  static void start() throws Exception {
    chain = EvmTestChain.start();
    db = TestDatabases.freshPostgres();
  }

  @AfterAll
  static void stop() {
    EvmFixture.stop(chain, db);
  }

  @Test
  void submit_afterCrashPostBroadcast_newInstanceFindsTheSentTransaction() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, CONFIRMATIONS);
    PayoutOrder o = order(freshAddress(), 3_000_000);
    long nonceBefore;
    try (EvmGateway crashing = EvmFixture.gateway(config, db, CRASH_AFTER_BROADCAST)) {
      nonceBefore = chain.nonce(crashing.senderAddress());
      assertCrashes(crashing, o);
    }
    try (EvmGateway restarted = EvmFixture.gateway(config, db)) {
      PayoutStatus again = submit(restarted, o);

      assertThat(again).isInstanceOf(PayoutStatus.Submitted.class);
      assertPaidOnce(restarted, o, nonceBefore);
      assertConfirmedAs(restarted, o, ((PayoutStatus.Submitted) again).reference());
      assertThat(submit(restarted, o)).isEqualTo(status(restarted, o.payoutId()));
      assertPaidOnce(restarted, o, nonceBefore);
    }
  }

  @Test
  void submit_afterCrashPreBroadcast_newInstanceBroadcastsTheRecordedTransaction()
      throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, CONFIRMATIONS);
    PayoutOrder o = order(freshAddress(), 4_000_000);
    long nonceBefore;
    try (EvmGateway crashing = EvmFixture.gateway(config, db, CRASH_AFTER_RECORD)) {
      nonceBefore = chain.nonce(crashing.senderAddress());
      assertCrashes(crashing, o);
      // Recorded, not sent: the ledger asking now learns the hash it will be sent as.
      assertThat(status(crashing, o.payoutId())).isInstanceOf(PayoutStatus.Submitted.class);
      assertThat(chain.nonce(crashing.senderAddress())).isEqualTo(nonceBefore);
      assertThat(chain.balance(o.destination())).isZero();
    }
    try (EvmGateway restarted = EvmFixture.gateway(config, db)) {
      PayoutStatus recorded = status(restarted, o.payoutId());
      PayoutStatus again = submit(restarted, o);

      assertThat(again).isEqualTo(recorded);
      assertPaidOnce(restarted, o, nonceBefore);
      assertConfirmedAs(restarted, o, ((PayoutStatus.Submitted) again).reference());
    }
  }

  @Test
  void submit_newPayoutAfterCrashPreBroadcast_sendsTheRecordedOneFirst() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, 1);
    PayoutOrder orphan = order(freshAddress(), 1_000);
    PayoutOrder next = order(freshAddress(), 2_000);
    long nonceBefore;
    try (EvmGateway crashing = EvmFixture.gateway(config, db, CRASH_AFTER_RECORD)) {
      nonceBefore = chain.nonce(crashing.senderAddress());
      assertCrashes(crashing, orphan);
    }
    try (EvmGateway restarted = EvmFixture.gateway(config, db)) {
      // The ledger has not resubmitted the orphan; a new payout must not wait behind its nonce.
      submit(restarted, next);

      assertThat(chain.nonce(restarted.senderAddress())).isEqualTo(nonceBefore + 2);
      assertThat(status(restarted, next.payoutId())).isInstanceOf(PayoutStatus.Confirmed.class);
      assertThat(status(restarted, orphan.payoutId())).isInstanceOf(PayoutStatus.Confirmed.class);
      assertThat(chain.balance(orphan.destination())).isEqualTo(gwei(orphan));
      assertThat(chain.balance(next.destination())).isEqualTo(gwei(next));
      submit(restarted, orphan);
      assertThat(chain.nonce(restarted.senderAddress())).isEqualTo(nonceBefore + 2);
    }
  }

  @Test
  void status_nonceUsedByAnotherTransaction_failedAndNeverBroadcast() throws Exception {
    Path key = EvmFixture.fundedKeyFile(chain, dir);
    EvmConfig config = EvmFixture.nativeConfig(chain, key, 1);
    Credentials sameKey = EvmKeys.load(config.key(), v -> null);
    PayoutOrder o = order(freshAddress(), 5_000);
    // Between recording and broadcasting, someone else sends with the same key and nonce, and
    // the gateway dies. (It dies rather than broadcasts because ganache 7.9 would mine the
    // stale nonce anyway; a real node refuses it, which the gateway also treats as this case.)
    EvmGateway.Hooks interloper =
        new EvmGateway.Hooks() {
          @Override
          public void afterRecorded(String payoutId) {
            long nonce = chain.nonce(sameKey.getAddress());
            RawTransaction other =
                RawTransaction.createEtherTransaction(
                    EvmTestChain.CHAIN_ID,
                    BigInteger.valueOf(nonce),
                    BigInteger.valueOf(21_000),
                    freshAddress(),
                    BigInteger.ONE,
                    GWEI,
                    GWEI.multiply(BigInteger.valueOf(20)));
            chain.sendRaw(
                Numeric.toHexString(
                    TransactionEncoder.signMessage(other, EvmTestChain.CHAIN_ID, sameKey)));
            throw new SimulatedCrash("after another transaction took nonce " + nonce);
          }
        };
    long nonceBefore = chain.nonce(sameKey.getAddress());
    try (EvmGateway crashing = EvmFixture.gateway(config, db, interloper)) {
      assertCrashes(crashing, o);
    }
    try (EvmGateway restarted = EvmFixture.gateway(config, db)) {
      PayoutStatus s = status(restarted, o.payoutId());

      assertThat(s).isInstanceOf(PayoutStatus.Failed.class);
      assertThat(((PayoutStatus.Failed) s).reason()).contains("used by another transaction");
      assertThat(submit(restarted, o)).isEqualTo(s);
      assertThat(chain.balance(o.destination())).isZero();
      assertThat(chain.nonce(sameKey.getAddress())).isEqualTo(nonceBefore + 1);
    }
  }

  @Test
  void submit_twoInstancesSameKeyInParallel_eachPayoutOnceWithDistinctNonces() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, 1);
    try (EvmGateway a = EvmFixture.gateway(config, db);
        EvmGateway b = EvmFixture.gateway(config, db)) {
      long nonceBefore = chain.nonce(a.senderAddress());
      List<PayoutOrder> orders = new ArrayList<>();
      List<CompletableFuture<PayoutStatus>> pending = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        PayoutOrder o = order(freshAddress(), 10_000 + i);
        orders.add(o);
        pending.add((i % 2 == 0 ? a : b).submit(o).toCompletableFuture());
      }
      // Every order also goes to the other instance: the same id must not pay twice.
      for (int i = 0; i < orders.size(); i++) {
        pending.add((i % 2 == 0 ? b : a).submit(orders.get(i)).toCompletableFuture());
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();

      assertThat(chain.nonce(a.senderAddress())).isEqualTo(nonceBefore + orders.size());
      for (PayoutOrder o : orders) {
        assertThat(chain.balance(o.destination())).isEqualTo(gwei(o));
      }
    }
  }

  @Test
  void submit_nodeTakesTheTransactionButItsAnswerIsLost_submittedAndPaidOnce() throws Exception {
    EvmConfig funded = EvmFixture.fundedNativeConfig(chain, dir, 1);
    try (SilentSendProxy proxy = new SilentSendProxy(chain.url())) {
      EvmConfig viaProxy =
          new EvmConfig(
              proxy.url(),
              funded.chainId(),
              funded.key(),
              funded.token(),
              funded.ledgerCode(),
              funded.minorDecimals(),
              funded.confirmations(),
              funded.gas(),
              Duration.ofSeconds(2));
      try (EvmGateway gateway = EvmFixture.gateway(viaProxy, db)) {
        long nonceBefore = chain.nonce(gateway.senderAddress());
        PayoutOrder o = order(freshAddress(), 4_000_000);

        PayoutStatus s = submit(gateway, o);

        assertThat(proxy.silenced()).isEqualTo(1);
        assertThat(s).isInstanceOf(PayoutStatus.Submitted.class);
        assertPaidOnce(gateway, o, nonceBefore);
        // Asked again, it sends nothing new: the same transaction, confirmed.
        assertThat(submit(gateway, o))
            .isEqualTo(
                new PayoutStatus.Confirmed(o.payoutId(), ((PayoutStatus.Submitted) s).reference()));
        assertThat(proxy.silenced()).isEqualTo(1);
        assertPaidOnce(gateway, o, nonceBefore);
      }
    }
  }

  private static void assertCrashes(EvmGateway gateway, PayoutOrder o) {
    assertThatThrownBy(() -> submit(gateway, o))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SimulatedCrash.class);
  }

  private static void assertPaidOnce(EvmGateway gateway, PayoutOrder o, long nonceBefore) {
    assertThat(chain.nonce(gateway.senderAddress())).isEqualTo(nonceBefore + 1);
    assertThat(chain.balance(o.destination())).isEqualTo(gwei(o));
  }

  private static void assertConfirmedAs(EvmGateway gateway, PayoutOrder o, String hash) {
    chain.mine(CONFIRMATIONS - 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(status(gateway, o.payoutId()))
                    .isEqualTo(new PayoutStatus.Confirmed(o.payoutId(), hash)));
  }

  private static BigInteger gwei(PayoutOrder o) {
    return BigInteger.valueOf(o.amountMinor()).multiply(GWEI);
  }
}
