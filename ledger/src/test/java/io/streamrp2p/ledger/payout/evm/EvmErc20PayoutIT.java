package io.streamrp2p.ledger.payout.evm;

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
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ERC-20 payouts: the test token is compiled with solc-js and deployed on ganache. */
class EvmErc20PayoutIT {
  private static final int DECIMALS = 6;
  private static final int CONFIRMATIONS = 2;

  @TempDir static Path dir;
  static EvmTestChain chain;
  static Database db;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    chain = EvmTestChain.start();
    db = TestDatabases.freshPostgres();
    token = chain.deployToken(DECIMALS);
  }

  @AfterAll
  static void stop() {
    EvmFixture.stop(chain, db);
  }

  @Test
  void submit_tokenOrders_balanceOfEqualsAmounts() throws Exception {
    EvmConfig config = EvmFixture.fundedTokenConfig(chain, dir, token, DECIMALS, CONFIRMATIONS);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      chain.mint(token, gateway.senderAddress(), BigInteger.valueOf(10_000_000));
      List<PayoutOrder> orders =
          List.of(
              order(freshAddress(), 1),
              order(freshAddress(), 2_500_000),
              order(freshAddress(), 7_000_000));
      for (PayoutOrder o : orders) {
        assertThat(submit(gateway, o)).isInstanceOf(PayoutStatus.Submitted.class);
      }
      chain.mine(CONFIRMATIONS - 1);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                for (PayoutOrder o : orders) {
                  assertThat(status(gateway, o.payoutId()))
                      .isInstanceOf(PayoutStatus.Confirmed.class);
                }
              });
      for (PayoutOrder o : orders) {
        assertThat(chain.tokenBalance(token, o.destination()))
            .isEqualTo(BigInteger.valueOf(o.amountMinor()));
        assertThat(chain.balance(o.destination())).isZero();
      }
      assertThat(chain.tokenBalance(token, gateway.senderAddress()))
          .isEqualTo(BigInteger.valueOf(10_000_000 - 1 - 2_500_000 - 7_000_000));
    }
  }

  @Test
  void submit_moreThanTokenBalance_refusedBeforeSigning() throws Exception {
    EvmConfig config = EvmFixture.fundedTokenConfig(chain, dir, token, DECIMALS, CONFIRMATIONS);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      chain.mint(token, gateway.senderAddress(), BigInteger.valueOf(100));
      PayoutOrder o = order(freshAddress(), 101);

      assertThatThrownBy(() -> submit(gateway, o))
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds 100 units")
          .hasMessageContaining("needs 101");
      assertThat(status(gateway, o.payoutId())).isEqualTo(new PayoutStatus.Unknown(o.payoutId()));
      assertThat(chain.nonce(gateway.senderAddress())).isZero();
    }
  }

  @Test
  void status_revertedTransfer_failedWithHash() throws Exception {
    EvmConfig config = EvmFixture.fundedTokenConfig(chain, dir, token, DECIMALS, 1);
    PayoutOrder o = order(freshAddress(), 400);
    // The tokens go away after the funds check and before the transfer is mined, as when
    // someone else spends from the same key: the transfer reverts on chain.
    EvmGateway.Hooks burn =
        new EvmGateway.Hooks() {
          @Override
          public void afterRecorded(String payoutId) {
            chain.burn(token, senderOf(config), BigInteger.valueOf(400));
          }
        };
    try (EvmGateway gateway = EvmFixture.gateway(config, db, burn)) {
      chain.mint(token, gateway.senderAddress(), BigInteger.valueOf(400));

      PayoutStatus submitted = submit(gateway, o);

      assertThat(submitted).isInstanceOf(PayoutStatus.Submitted.class);
      PayoutStatus failed = status(gateway, o.payoutId());
      assertThat(failed).isInstanceOf(PayoutStatus.Failed.class);
      assertThat(((PayoutStatus.Failed) failed).reason())
          .contains(((PayoutStatus.Submitted) submitted).reference())
          .contains("reverted");
      assertThat(submit(gateway, o)).isEqualTo(failed);
      assertThat(chain.tokenBalance(token, o.destination())).isZero();
    }
  }

  @Test
  void start_decimalsDifferFromContract_refused() throws Exception {
    EvmConfig config = EvmFixture.fundedTokenConfig(chain, dir, token, DECIMALS + 12, 1);

    assertThatThrownBy(() -> EvmFixture.gateway(config, db))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has 6 decimals on chain but 18 are configured");
  }

  @Test
  void start_contractAddressWithoutCode_refused() throws Exception {
    String nothing = freshAddress();
    EvmConfig config = EvmFixture.fundedTokenConfig(chain, dir, nothing, DECIMALS, 1);

    assertThatThrownBy(() -> EvmFixture.gateway(config, db))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(nothing + " has no code on chain 1337");
  }

  private static String senderOf(EvmConfig config) {
    return EvmKeys.load(config.key(), v -> null).getAddress();
  }
}
