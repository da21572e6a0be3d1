package io.streamrp2p.ledger.payout.evm;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Settings of one {@link EvmGateway}: which node, which chain, which key, which token.
 *
 * @param rpcUrl JSON-RPC endpoint of the node (http or https)
 * @param chainId chain the gateway signs for; checked against the node's {@code eth_chainId}
 * @param key where the signing key comes from; the key itself is never part of the settings
 * @param token what is paid out: the chain's native coin or an ERC-20 token
 * @param ledgerCode the ledger code of the orders this gateway pays; other orders are refused
 * @param minorDecimals decimals of the ledger's minor unit, at most the token's decimals: an
 *     order's amount is multiplied by {@code 10^(token decimals - minorDecimals)} on chain
 * @param confirmations blocks (the transaction's own included) before a payout is confirmed
 * @param gas fee model and limits of every transaction the gateway signs
 * @param rpcTimeout bound on one JSON-RPC call (connect, write and read)
 */
public record EvmConfig(
    URI rpcUrl,
    long chainId,
    KeySource key,
    Token token,
    int ledgerCode,
    int minorDecimals,
    int confirmations,
    Gas gas,
    Duration rpcTimeout) {

  /**
   * Most confirmations accepted. 64 blocks is two Ethereum epochs, past finality on mainnet; a
   * larger number is more likely a typo (seconds for blocks) than a policy.
   */
  public static final int CONFIRMATIONS_MAX = 64;

  /** Longest JSON-RPC call accepted; a node slower than this is down as far as payouts go. */
  public static final Duration RPC_TIMEOUT_MAX = Duration.ofMinutes(5);

  /**
   * A plain transfer of the native coin costs exactly this much gas (yellow paper G_transaction).
   */
  public static final long NATIVE_TRANSFER_GAS = 21_000;

  /**
   * Largest gas limit accepted: 10 million is a third of an Ethereum block, far beyond a token
   * transfer (about 50 000), so a larger limit is a configuration error.
   */
  public static final long GAS_LIMIT_MAX = 10_000_000;

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  public EvmConfig {
    requireArgument(rpcUrl != null, "evm rpc-url must be set");
    String scheme = rpcUrl.getScheme() == null ? "" : rpcUrl.getScheme().toLowerCase(Locale.ROOT);
    requireArgument(
        scheme.equals("http") || scheme.equals("https"),
        "evm rpc-url must be an http or https URL, got " + rpcUrl);
    requireArgument(chainId > 0, "evm chain-id must be positive, got " + chainId);
    requireArgument(key != null, "evm signing key source must be set (key-file or key-env)");
    requireArgument(token != null, "evm token must be set (native or an ERC-20 address)");
    requireArgument(
        minorDecimals >= 0 && minorDecimals <= token.decimals(),
        "evm minor-decimals must be 0.."
            + token.decimals()
            + " (the token's decimals), got "
            + minorDecimals);
    requireArgument(
        confirmations >= 1 && confirmations <= CONFIRMATIONS_MAX,
        "evm confirmations must be 1.." + CONFIRMATIONS_MAX + ", got " + confirmations);
    requireArgument(gas != null, "evm gas settings must be set");
    long gasNeeded = token instanceof Token.Native ? NATIVE_TRANSFER_GAS : 2 * NATIVE_TRANSFER_GAS;
    requireArgument(
        gas.gasLimit() >= gasNeeded && gas.gasLimit() <= GAS_LIMIT_MAX,
        "evm gas-limit must be "
            + gasNeeded
            + ".."
            + GAS_LIMIT_MAX
            + " for this token, got "
            + gas.gasLimit());
    requireArgument(
        rpcTimeout != null
            && !rpcTimeout.isNegative()
            && !rpcTimeout.isZero()
            && rpcTimeout.compareTo(RPC_TIMEOUT_MAX) <= 0,
        "evm rpc-timeout must be positive and at most " + RPC_TIMEOUT_MAX + ", got " + rpcTimeout);
  }

  /** Chain units per ledger minor unit: {@code 10^(token decimals - minorDecimals)}. */
  public BigInteger unitsPerMinor() {
    return BigInteger.TEN.pow(token.decimals() - minorDecimals);
  }

  @Override
  public String toString() {
    // The URL may carry an API key in its path or query; show only where it points.
    return "EvmConfig[rpc="
        + rpcUrl.getScheme()
        + "://"
        + rpcUrl.getHost()
        + (rpcUrl.getPort() >= 0 ? ":" + rpcUrl.getPort() : "")
        + ", chainId="
        + chainId
        + ", key="
        + key
        + ", token="
        + token
        + ", ledgerCode="
        + ledgerCode
        + ", minorDecimals="
        + minorDecimals
        + ", confirmations="
        + confirmations
        + ", gas="
        + gas
        + ", rpcTimeout="
        + rpcTimeout
        + "]";
  }

  /** Where the hex private key (64 hex digits, {@code 0x} optional) is read from. */
  public sealed interface KeySource {
    /** A file holding the key; it should be readable by the service user only. */
    record File(Path path) implements KeySource {
      public File {
        requireArgument(path != null, "evm key-file path must be set");
      }
    }

    /** An environment variable holding the key. */
    record Env(String variable) implements KeySource {
      public Env {
        requireArgument(
            variable != null && !variable.isBlank(), "evm key-env variable name must be set");
      }
    }
  }

  /** What the gateway pays with. */
  public sealed interface Token {
    /** Decimals of the token's smallest on-chain unit. */
    int decimals();

    /** The value recorded in the payout store's {@code token} column. */
    String storeName();

    /** The chain's own coin (ether on Ethereum), 18 decimals: amounts are in wei on chain. */
    record Native() implements Token {
      @Override
      public int decimals() {
        return 18;
      }

      @Override
      public String storeName() {
        return "native";
      }
    }

    /**
     * An ERC-20 token.
     *
     * @param contract the token contract's 0x address
     * @param decimals the contract's {@code decimals()}; the gateway checks it at start
     */
    record Erc20(String contract, int decimals) implements Token {
      /** ERC-20 decimals is a uint8; tokens in use have 0 to 18, a few up to 24. */
      public static final int DECIMALS_MAX = 36;

      public Erc20 {
        requireArgument(
            contract != null && ADDRESS.matcher(contract).matches(),
            "evm token contract must be a 0x address of 40 hex digits, got " + contract);
        requireArgument(
            decimals >= 0 && decimals <= DECIMALS_MAX,
            "evm token decimals must be 0.." + DECIMALS_MAX + ", got " + decimals);
        contract = contract.toLowerCase(Locale.ROOT);
      }

      @Override
      public String storeName() {
        return contract;
      }
    }
  }

  /** Fee model of the transactions the gateway signs. Amounts in wei. */
  public sealed interface Gas {
    /** Gas limit of each payout transaction. */
    long gasLimit();

    /** Most a transaction can cost in fees, in wei: what the account must hold besides value. */
    BigInteger maxFeeWei();

    /**
     * EIP-1559 (type 2) transactions. The fee cap must stay above the chain's base fee or the
     * transaction waits in the pool until the base fee falls.
     */
    record Eip1559(BigInteger maxFeePerGasWei, BigInteger maxPriorityFeePerGasWei, long gasLimit)
        implements Gas {
      public Eip1559 {
        requireArgument(
            maxFeePerGasWei != null && maxFeePerGasWei.signum() > 0,
            "evm max-fee-per-gas must be positive");
        requireArgument(
            maxPriorityFeePerGasWei != null && maxPriorityFeePerGasWei.signum() >= 0,
            "evm max-priority-fee-per-gas must be zero or more");
        requireArgument(
            maxPriorityFeePerGasWei.compareTo(maxFeePerGasWei) <= 0,
            "evm max-priority-fee-per-gas must not exceed max-fee-per-gas");
      }

      @Override
      public BigInteger maxFeeWei() {
        return maxFeePerGasWei.multiply(BigInteger.valueOf(gasLimit));
      }
    }

    /** Legacy (type 0, EIP-155 signed) transactions at a fixed gas price. */
    record Legacy(BigInteger gasPriceWei, long gasLimit) implements Gas {
      public Legacy {
        requireArgument(
            gasPriceWei != null && gasPriceWei.signum() > 0, "evm gas-price must be positive");
      }

      @Override
      public BigInteger maxFeeWei() {
        return gasPriceWei.multiply(BigInteger.valueOf(gasLimit));
      }
    }
  }

  static void requireArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
