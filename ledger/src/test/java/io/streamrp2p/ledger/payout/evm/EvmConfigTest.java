package io.streamrp2p.ledger.payout.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Settings are checked when they are built, one message per mistake. */
class EvmConfigTest {
  private static final URI RPC = URI.create("http://127.0.0.1:8545");
  private static final EvmConfig.KeySource KEY = new EvmConfig.KeySource.File(Path.of("key.hex"));
  private static final EvmConfig.Gas GAS =
      new EvmConfig.Gas.Eip1559(BigInteger.valueOf(20_000_000_000L), BigInteger.ONE, 21_000);
  private static final EvmConfig.Token NATIVE = new EvmConfig.Token.Native();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake(
            "ws URL",
            "must be an http or https URL",
            () -> new EvmConfig(URI.create("ws://x"), 1, KEY, NATIVE, 1, 18, 1, GAS, TIMEOUT)),
        mistake(
            "chain id 0",
            "chain-id must be positive",
            () -> new EvmConfig(RPC, 0, KEY, NATIVE, 1, 18, 1, GAS, TIMEOUT)),
        mistake(
            "no key",
            "signing key source must be set",
            () -> new EvmConfig(RPC, 1, null, NATIVE, 1, 18, 1, GAS, TIMEOUT)),
        mistake(
            "minor finer than token",
            "minor-decimals must be 0..18",
            () -> new EvmConfig(RPC, 1, KEY, NATIVE, 1, 19, 1, GAS, TIMEOUT)),
        mistake(
            "no confirmations",
            "confirmations must be 1..64",
            () -> new EvmConfig(RPC, 1, KEY, NATIVE, 1, 18, 0, GAS, TIMEOUT)),
        mistake(
            "too many confirmations",
            "confirmations must be 1..64",
            () -> new EvmConfig(RPC, 1, KEY, NATIVE, 1, 18, 65, GAS, TIMEOUT)),
        mistake(
            "gas limit under a transfer",
            "gas-limit must be 21000..",
            () ->
                new EvmConfig(
                    RPC,
                    1,
                    KEY,
                    NATIVE,
                    1,
                    18,
                    1,
                    new EvmConfig.Gas.Legacy(BigInteger.ONE, 20_999),
                    TIMEOUT)),
        mistake(
            "token gas limit of a plain transfer",
            "gas-limit must be 42000..",
            () ->
                new EvmConfig(
                    RPC,
                    1,
                    KEY,
                    new EvmConfig.Token.Erc20("0x" + "ab".repeat(20), 6),
                    1,
                    6,
                    1,
                    GAS,
                    TIMEOUT)),
        mistake(
            "zero timeout",
            "rpc-timeout must be positive",
            () -> new EvmConfig(RPC, 1, KEY, NATIVE, 1, 18, 1, GAS, Duration.ZERO)),
        mistake(
            "short contract address",
            "token contract must be a 0x address",
            () -> new EvmConfig.Token.Erc20("0x1234", 6)),
        mistake(
            "tip above cap",
            "must not exceed max-fee-per-gas",
            () -> new EvmConfig.Gas.Eip1559(BigInteger.ONE, BigInteger.TWO, 21_000)),
        mistake(
            "blank env name",
            "key-env variable name must be set",
            () -> new EvmConfig.KeySource.Env(" ")));
  }

  private static Arguments mistake(String name, String message, Supplier<Object> build) {
    return Arguments.of(name, message, build);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void construct_mistake_illegalArgumentNamingIt(
      String name, String message, Supplier<Object> build) {
    assertThatThrownBy(build::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void unitsPerMinor_gweiLedgerOnEther_tenToTheNine() {
    EvmConfig c = new EvmConfig(RPC, 1, KEY, NATIVE, 1, 9, 1, GAS, TIMEOUT);
    assertThat(c.unitsPerMinor()).isEqualTo(BigInteger.TEN.pow(9));
  }

  @Test
  void toString_urlWithApiKey_showsHostOnly() {
    EvmConfig c =
        new EvmConfig(
            URI.create("https://node.example:8545/v3/secret"),
            1,
            KEY,
            NATIVE,
            1,
            18,
            1,
            GAS,
            TIMEOUT);
    assertThat(c.toString()).contains("https://node.example:8545").doesNotContain("secret");
  }

  @Test
  void normalizedAddress_checksumRules() {
    String checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // EIP-55's own example
    assertThat(EvmKeys.normalizedAddress(checksummed)).isEqualTo(checksummed.toLowerCase());
    assertThat(EvmKeys.normalizedAddress(checksummed.toLowerCase())).isNotNull();
    assertThat(EvmKeys.normalizedAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")).isNull();
    assertThat(EvmKeys.normalizedAddress("0x" + "0".repeat(40))).isNull();
    assertThat(EvmKeys.normalizedAddress("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).isNull();
  }
}
