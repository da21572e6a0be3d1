package io.streamrp2p.ledger.payout.evm;

import io.streamrp2p.ledger.payout.PayoutOrder;
import io.streamrp2p.ledger.payout.PayoutStatus;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** Keys, settings and orders the EVM gateway tests share. */
final class EvmFixture {
  /**
   * Bound on one RPC call. Generous because ganache shares two cores with the rest of the build; a
   * healthy call takes milliseconds. In its default (eager) mining mode ganache now and then never
   * answers a send whose transaction it mined, when two instances send neighbouring nonces at once
   * (ganache issues 4165, 4522); the gateway then finds the transaction itself, after this long.
   */
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(20);

  static final int LEDGER_CODE = 7;
  static final BigInteger GWEI = BigInteger.TEN.pow(9);
  static final BigInteger ETHER = BigInteger.TEN.pow(18);

  /** 20 gwei cap, 1 gwei tip: well above ganache's base fee, which starts below 1 gwei. */
  static final EvmConfig.Gas NATIVE_GAS =
      new EvmConfig.Gas.Eip1559(GWEI.multiply(BigInteger.valueOf(20)), GWEI, 21_000);

  static final EvmConfig.Gas TOKEN_GAS =
      new EvmConfig.Gas.Eip1559(GWEI.multiply(BigInteger.valueOf(20)), GWEI, 100_000);

  private EvmFixture() {}

  /** A new key written to a file in {@code dir}, its address funded with 10 ether. */
  static Path fundedKeyFile(EvmTestChain chain, Path dir) throws IOException {
    ECKeyPair pair = newKeyPair();
    Path file = dir.resolve("payout-key-" + UUID.randomUUID() + ".hex");
    Files.writeString(file, Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64));
    chain.fund("0x" + Keys.getAddress(pair), ETHER.multiply(BigInteger.TEN));
    return file;
  }

  /** Native coin settings signed by a new funded key in {@code dir}; see {@link #nativeConfig}. */
  static EvmConfig fundedNativeConfig(EvmTestChain chain, Path dir, int confirmations)
      throws IOException {
    return nativeConfig(chain, fundedKeyFile(chain, dir), confirmations);
  }

  /** ERC-20 settings signed by a new funded key in {@code dir}; see {@link #tokenConfig}. */
  static EvmConfig fundedTokenConfig(
      EvmTestChain chain, Path dir, String contract, int decimals, int confirmations)
      throws IOException {
    return tokenConfig(chain, fundedKeyFile(chain, dir), contract, decimals, confirmations);
  }

  /** Stops what a test class started; either may be null when its start failed part-way. */
  static void stop(EvmTestChain chain, Database db) {
    if (chain != null) {
      chain.close();
    }
    if (db != null) {
      TestDatabases.drop(db);
    }
  }

  /** An address nobody has used: its balance starts at zero. */
  static String freshAddress() {
    return "0x" + Keys.getAddress(newKeyPair());
  }

  /** Native coin, ledger minor unit 1 gwei. */
  static EvmConfig nativeConfig(EvmTestChain chain, Path keyFile, int confirmations) {
    return new EvmConfig(
        chain.url(),
        EvmTestChain.CHAIN_ID,
        new EvmConfig.KeySource.File(keyFile),
        new EvmConfig.Token.Native(),
        LEDGER_CODE,
        9,
        confirmations,
        NATIVE_GAS,
        RPC_TIMEOUT);
  }

  /** ERC-20 at {@code contract}, ledger minor unit = the token's smallest unit. */
  static EvmConfig tokenConfig(
      EvmTestChain chain, Path keyFile, String contract, int decimals, int confirmations) {
    return new EvmConfig(
        chain.url(),
        EvmTestChain.CHAIN_ID,
        new EvmConfig.KeySource.File(keyFile),
        new EvmConfig.Token.Erc20(contract, decimals),
        LEDGER_CODE,
        decimals,
        confirmations,
        TOKEN_GAS,
        RPC_TIMEOUT);
  }

  static EvmGateway gateway(EvmConfig config, Database db) {
    return gateway(config, db, new EvmGateway.Hooks() {});
  }

  static EvmGateway gateway(EvmConfig config, Database db, EvmGateway.Hooks hooks) {
    return new EvmGateway(config, db, Clock.systemUTC(), Map.<String, String>of()::get, hooks);
  }

  static PayoutOrder order(String destination, long amountMinor) {
    return new PayoutOrder("payout-" + UUID.randomUUID(), destination, amountMinor, LEDGER_CODE);
  }

  static PayoutStatus submit(EvmGateway gateway, PayoutOrder order) {
    return gateway.submit(order).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  static PayoutStatus status(EvmGateway gateway, String payoutId) {
    return gateway.status(payoutId).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  private static ECKeyPair newKeyPair() {
    try {
      return Keys.createEcKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
