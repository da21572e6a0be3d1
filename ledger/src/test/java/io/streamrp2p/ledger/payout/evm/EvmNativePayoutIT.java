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
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native coin payouts on a real (ganache) chain, recorded in PostgreSQL. */
class EvmNativePayoutIT {
  private static final int CONFIRMATIONS = 3;

  @TempDir static Path dir;
  static EvmTestChain chain;
  static Database db;

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
  void submit_severalOrders_payeesHoldExactAmountsOnceConfirmed() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, CONFIRMATIONS);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      List<PayoutOrder> orders = new ArrayList<>();
      for (long gwei : new long[] {1, 250_000_000, 1_000_000_000, 123_456_789}) {
        orders.add(order(freshAddress(), gwei));
      }
      List<String> hashes = new ArrayList<>();
      for (PayoutOrder o : orders) {
        PayoutStatus s = submit(gateway, o);
        assertThat(s).isInstanceOf(PayoutStatus.Submitted.class);
        hashes.add(((PayoutStatus.Submitted) s).reference());
      }
      assertThat(hashes).doesNotHaveDuplicates().allMatch(h -> h.matches("0x[0-9a-f]{64}"));

      // Each transaction mined its own block; the last has 1 confirmation of 3.
      PayoutOrder last = orders.get(orders.size() - 1);
      assertThat(status(gateway, last.payoutId())).isInstanceOf(PayoutStatus.Submitted.class);

      chain.mine(CONFIRMATIONS - 1);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                for (int i = 0; i < orders.size(); i++) {
                  assertThat(status(gateway, orders.get(i).payoutId()))
                      .isEqualTo(
                          new PayoutStatus.Confirmed(orders.get(i).payoutId(), hashes.get(i)));
                }
              });
      for (PayoutOrder o : orders) {
        BigInteger expected = BigInteger.valueOf(o.amountMinor()).multiply(GWEI);
        assertThat(chain.balance(o.destination())).isEqualTo(expected);
      }
    }
  }

  @Test
  void submit_sameOrderTwice_sameReferenceAndOnePayment() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, 1);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      PayoutOrder o = order(freshAddress(), 5_000);
      long nonceBefore = chain.nonce(gateway.senderAddress());

      PayoutStatus first = submit(gateway, o);
      PayoutStatus second = submit(gateway, o);

      assertThat(first).isInstanceOf(PayoutStatus.Submitted.class);
      String hash = ((PayoutStatus.Submitted) first).reference();
      // With 1 confirmation the mined transaction is final by the second submit.
      assertThat(second).isEqualTo(new PayoutStatus.Confirmed(o.payoutId(), hash));
      assertThat(submit(gateway, o)).isEqualTo(second);
      assertThat(chain.nonce(gateway.senderAddress())).isEqualTo(nonceBefore + 1);
      assertThat(chain.balance(o.destination()))
          .isEqualTo(BigInteger.valueOf(5_000).multiply(GWEI));
    }
  }

  @Test
  void submit_sameIdOtherAmount_rejectedAndNothingSent() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, 1);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      PayoutOrder o = order(freshAddress(), 7_000);
      submit(gateway, o);
      long nonce = chain.nonce(gateway.senderAddress());

      PayoutOrder changed = new PayoutOrder(o.payoutId(), o.destination(), 8_000, o.ledgerCode());
      assertThatThrownBy(() -> submit(gateway, changed))
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("submitted before as 7000");
      assertThat(chain.nonce(gateway.senderAddress())).isEqualTo(nonce);
    }
  }

  @Test
  void submit_invalidDestination_failedAndRecordedWithoutSending() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, 1);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      long nonce = chain.nonce(gateway.senderAddress());
      // A checksummed address with one letter's case flipped: a typo EIP-55 catches.
      String good = org.web3j.crypto.Keys.toChecksumAddress(freshAddress());
      int letter = firstLetter(good);
      char c = good.charAt(letter);
      String typo =
          good.substring(0, letter)
              + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
              + good.substring(letter + 1);
      for (String bad : List.of("0x1234", typo, "0x" + "0".repeat(40))) {
        PayoutOrder o = order(bad, 1_000);
        PayoutStatus s = submit(gateway, o);
        assertThat(s).isInstanceOf(PayoutStatus.Failed.class);
        assertThat(((PayoutStatus.Failed) s).reason()).contains("not a valid address");
        assertThat(submit(gateway, o)).isEqualTo(s);
        assertThat(status(gateway, o.payoutId())).isEqualTo(s);
      }
      assertThat(chain.nonce(gateway.senderAddress())).isEqualTo(nonce);
    }
  }

  @Test
  void status_neverSubmitted_unknown() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, 1);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      assertThat(status(gateway, "no-such-payout"))
          .isEqualTo(new PayoutStatus.Unknown("no-such-payout"));
    }
  }

  private static int firstLetter(String address) {
    for (int i = 2; i < address.length(); i++) {
      if (Character.isLetter(address.charAt(i))) {
        return i;
      }
    }
    throw new AssertionError("no letter in " + address);
  }
}
