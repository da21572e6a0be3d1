package io.streamrp2p.ledger.payout.evm;

import static io.streamrp2p.ledger.payout.evm.EvmFixture.freshAddress;
import static io.streamrp2p.ledger.payout.evm.EvmFixture.order;
import static io.streamrp2p.ledger.payout.evm.EvmFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.ledger.payout.PayoutOrder;
import io.streamrp2p.ledger.payout.PayoutStatus;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong settings and wrong orders fail with a message that says what to fix. */
class EvmMisuseIT {
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
  void start_keyFileMissing_namesTheFile() {
    Path missing = dir.resolve("no-such-key.hex");
    EvmConfig config = EvmFixture.nativeConfig(chain, missing, 1);

    assertThatThrownBy(() -> EvmFixture.gateway(config, db))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("evm key-file " + missing + " does not exist or is not a regular file");
  }

  @Test
  void start_keyFileNotAKey_saysSoWithoutQuotingIt() throws Exception {
    Path bad = dir.resolve("bad-key.hex");
    String secretLooking = "0x" + "ab".repeat(31) + "zz";
    Files.writeString(bad, secretLooking);
    EvmConfig config = EvmFixture.nativeConfig(chain, bad, 1);

    assertThatThrownBy(() -> EvmFixture.gateway(config, db))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not hold a private key: expected 64 hex digits")
        .hasMessageNotContaining(secretLooking.substring(2, 20));
  }

  @Test
  void start_keyOutsideTheCurve_refused() throws Exception {
    Path zero = dir.resolve("zero-key.hex");
    Files.writeString(zero, "0".repeat(64));
    EvmConfig config = EvmFixture.nativeConfig(chain, zero, 1);

    assertThatThrownBy(() -> EvmFixture.gateway(config, db))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a secp256k1 key");
  }

  @Test
  void start_keyFromEnvironment_paysFromThatKey() throws Exception {
    Path file = EvmFixture.fundedKeyFile(chain, dir);
    String key = Files.readString(file);
    EvmConfig fromFile = EvmFixture.nativeConfig(chain, file, 1);
    EvmConfig fromEnv =
        new EvmConfig(
            fromFile.rpcUrl(),
            fromFile.chainId(),
            new EvmConfig.KeySource.Env("PAYOUT_KEY"),
            fromFile.token(),
            fromFile.ledgerCode(),
            fromFile.minorDecimals(),
            1,
            fromFile.gas(),
            fromFile.rpcTimeout());
    try (EvmGateway gateway =
        new EvmGateway(
            fromEnv,
            db,
            Clock.systemUTC(),
            Map.of("PAYOUT_KEY", key)::get,
            new EvmGateway.Hooks() {})) {
      PayoutOrder o = order(freshAddress(), 1_000);
      assertThat(submit(gateway, o)).isInstanceOf(PayoutStatus.Submitted.class);
      assertThat(chain.balance(o.destination()))
          .isEqualTo(BigInteger.valueOf(1_000).multiply(EvmFixture.GWEI));
    }
    assertThatThrownBy(
            () ->
                new EvmGateway(
                    fromEnv,
                    db,
                    Clock.systemUTC(),
                    Map.<String, String>of()::get,
                    new EvmGateway.Hooks() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("evm key-env variable PAYOUT_KEY is not set or empty");
  }

  @Test
  void start_chainIdDiffersFromNode_refusesToSign() throws Exception {
    EvmConfig right = EvmFixture.fundedNativeConfig(chain, dir, 1);
    EvmConfig wrong =
        new EvmConfig(
            right.rpcUrl(),
            1,
            right.key(),
            right.token(),
            right.ledgerCode(),
            right.minorDecimals(),
            1,
            right.gas(),
            right.rpcTimeout());

    assertThatThrownBy(() -> EvmFixture.gateway(wrong, db))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is on chain id 1337 but chain-id is 1")
        .hasMessageContaining("refusing to sign for another chain");
  }

  @Test
  void start_nodeUnreachable_namesTheNode() throws Exception {
    EvmConfig right = EvmFixture.fundedNativeConfig(chain, dir, 1);
    // Port 9 (discard) on loopback: nothing listens there in a test environment.
    EvmConfig nowhere =
        new EvmConfig(
            URI.create("http://127.0.0.1:9/secret-api-key"),
            right.chainId(),
            right.key(),
            right.token(),
            right.ledgerCode(),
            right.minorDecimals(),
            1,
            right.gas(),
            Duration.ofSeconds(2));

    assertThatThrownBy(() -> EvmFixture.gateway(nowhere, db))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("evm node http://127.0.0.1:9: eth_chainId failed")
        .hasMessageNotContaining("secret-api-key");
  }

  @Test
  void submit_otherLedgerCode_rejectedAtOnce() throws Exception {
    EvmConfig config = EvmFixture.fundedNativeConfig(chain, dir, 1);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      PayoutOrder other = new PayoutOrder("p-other-ledger", freshAddress(), 1, 99);

      assertThatThrownBy(() -> gateway.submit(other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("payout p-other-ledger is in ledger 99 but this evm gateway pays ledger 7");
    }
  }

  @Test
  void submit_accountCannotPay_refusedAndNothingRecorded() throws Exception {
    Path unfunded = dir.resolve("unfunded.hex");
    Files.writeString(unfunded, "0x" + "11".repeat(32));
    EvmConfig config = EvmFixture.nativeConfig(chain, unfunded, 1);
    try (EvmGateway gateway = EvmFixture.gateway(config, db)) {
      PayoutOrder o = order(freshAddress(), 1_000);

      assertThatThrownBy(() -> submit(gateway, o))
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds 0 wei")
          .hasMessageContaining("fund it and submit again");
      assertThat(EvmFixture.status(gateway, o.payoutId()))
          .isEqualTo(new PayoutStatus.Unknown(o.payoutId()));
    }
  }
}
