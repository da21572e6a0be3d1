package io.streamrp2p.ledger.payout.evm;

import static io.streamrp2p.ledger.payout.evm.EvmConfig.requireArgument;

import io.streamrp2p.ledger.payout.PayoutGateway;
import io.streamrp2p.ledger.payout.PayoutOrder;
import io.streamrp2p.ledger.payout.PayoutStatus;
import io.streamrp2p.ledger.payout.evm.EvmPayout.State;
import io.streamrp2p.persistence.Database;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Pays out on an EVM chain (native coin or one ERC-20 token) from one locally held key.
 *
 * <p>Exactly once, across crashes: for a new payout the gateway picks a nonce, signs the
 * transaction, and writes nonce, signed bytes and hash to {@code evm_payouts} before the node sees
 * anything. After that the payout id is bound to those bytes for good: a later submit of the same
 * id (by this instance or a new one on the same database) only rebroadcasts them when the chain has
 * no receipt, and one nonce can only ever be mined once, so the payee is paid at most once. Nonces
 * come from the node's pending count but never at or below the highest recorded one, and the
 * database refuses a second row with the same nonce.
 *
 * <p>All work runs on one thread per gateway, so nonce allocation is serial within a process; two
 * processes with the same key are kept apart by that unique index (the loser retries).
 */
public final class EvmGateway implements PayoutGateway, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EvmGateway.class);

  /** Tries to claim a nonce when another process with the same key took it first. */
  static final int NONCE_CLAIMS_MAX = 5;

  /** Points where tests make the gateway fail the way a crash would. No-ops in production. */
  interface Hooks {
    /** After the signed transaction is recorded, before it is broadcast. */
    default void afterRecorded(String payoutId) {}

    /** After the node accepted the transaction, before the payout is marked submitted. */
    default void afterBroadcast(String payoutId) {}
  }

  private final EvmConfig config;
  private final EvmPayoutStore store;
  private final EvmRpc rpc;
  private final Credentials credentials;
  private final String sender;
  private final Clock clock;
  private final Hooks hooks;
  private final ExecutorService worker;

  /**
   * Connects to the node and checks it before anything is paid: the node's chain id must be the
   * configured one, and an ERC-20 contract must exist there with the configured decimals.
   *
   * @throws IllegalArgumentException the configuration or the key is unusable
   * @throws IllegalStateException the node cannot be reached or is not the configured chain
   */
  public static EvmGateway start(EvmConfig config, Database db, Clock clock) {
    return new EvmGateway(config, db, clock, System::getenv, new Hooks() {});
  }

  EvmGateway(
      EvmConfig config,
      Database db,
      Clock clock,
      java.util.function.UnaryOperator<String> getenv,
      Hooks hooks) {
    this.config = config;
    this.store = new EvmPayoutStore(db);
    this.clock = clock;
    this.hooks = hooks;
    this.credentials = EvmKeys.load(config.key(), getenv);
    this.sender = credentials.getAddress().toLowerCase(Locale.ROOT);
    this.rpc = new EvmRpc(config.rpcUrl(), config.rpcTimeout());
    try {
      checkNode();
    } catch (RuntimeException e) {
      rpc.close();
      throw e;
    }
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "evm-gateway-" + sender.substring(0, 10));
              t.setDaemon(true);
              return t;
            });
    log.info("evm gateway ready: {} paying from {}", config, sender);
  }

  private void checkNode() {
    long nodeChain = rpc.chainId();
    if (nodeChain != config.chainId()) {
      throw new IllegalStateException(
          "evm node "
              + rpc.node()
              + " is on chain id "
              + nodeChain
              + " but chain-id is "
              + config.chainId()
              + "; refusing to sign for another chain");
    }
    if (config.token() instanceof EvmConfig.Token.Erc20 t) {
      if (!rpc.hasCode(t.contract())) {
        throw new IllegalStateException(
            "evm token contract " + t.contract() + " has no code on chain " + nodeChain);
      }
      int onChain = rpc.erc20Decimals(t.contract());
      if (onChain != t.decimals()) {
        throw new IllegalStateException(
            "evm token "
                + t.contract()
                + " has "
                + onChain
                + " decimals on chain but "
                + t.decimals()
                + " are configured");
      }
    }
  }

  @Override
  public String name() {
    return "evm";
  }

  /** The address payouts are sent from. */
  public String senderAddress() {
    return sender;
  }

  /**
   * Records and broadcasts the payout, or picks up the earlier attempt of the same payout id.
   *
   * @throws IllegalArgumentException (at once) the order is in another ledger than this gateway's
   */
  @Override
  public CompletionStage<PayoutStatus> submit(PayoutOrder order) {
    requireArgument(
        order.ledgerCode() == config.ledgerCode(),
        "payout "
            + order.payoutId()
            + " is in ledger "
            + order.ledgerCode()
            + " but this evm gateway pays ledger "
            + config.ledgerCode());
    return CompletableFuture.supplyAsync(() -> submitNow(order), worker);
  }

  @Override
  public CompletionStage<PayoutStatus> status(String payoutId) {
    return CompletableFuture.supplyAsync(
        () ->
            store
                .find(payoutId)
                .map(this::refresh)
                .orElseGet(() -> new PayoutStatus.Unknown(payoutId)),
        worker);
  }

  private PayoutStatus submitNow(PayoutOrder order) {
    Optional<EvmPayout> earlier = store.find(order.payoutId());
    if (earlier.isPresent()) {
      return resume(sameOrder(earlier.get(), order));
    }
    String destination = EvmKeys.normalizedAddress(order.destination());
    if (destination == null) {
      return refuse(order, "destination is not a valid address: " + order.destination());
    }
    broadcastEarlierSigned();
    checkFunds(order);
    for (int attempt = 1; attempt <= NONCE_CLAIMS_MAX; attempt++) {
      EvmPayout signed = sign(order, destination, nextNonce());
      if (store.insert(signed)) {
        log.info(
            "payout {}: recorded tx {} nonce {}",
            order.payoutId(),
            signed.txHash(),
            signed.nonce());
        hooks.afterRecorded(order.payoutId());
        return broadcastNew(signed);
      }
      Optional<EvmPayout> raced = store.find(order.payoutId());
      if (raced.isPresent()) {
        return resume(sameOrder(raced.get(), order));
      }
      log.warn(
          "payout {}: nonce {} was taken by another writer; retrying",
          order.payoutId(),
          signed.nonce());
    }
    throw new IllegalStateException(
        "payout "
            + order.payoutId()
            + ": could not claim a nonce in "
            + NONCE_CLAIMS_MAX
            + " tries; is another process signing with key "
            + sender
            + "?");
  }

  private PayoutStatus broadcastNew(EvmPayout signed) {
    broadcast(signed);
    hooks.afterBroadcast(signed.payoutId());
    store.transition(signed.payoutId(), State.SIGNED, State.SUBMITTED, null, clock.instant());
    return new PayoutStatus.Submitted(signed.payoutId(), signed.txHash());
  }

  /** Same payout id again: it must be the same order, or someone reused an id. */
  private EvmPayout sameOrder(EvmPayout p, PayoutOrder order) {
    String destination = EvmKeys.normalizedAddress(order.destination());
    String expected = destination == null ? order.destination() : destination;
    boolean same =
        p.destination().equals(expected)
            && p.amountMinor() == order.amountMinor()
            && p.ledgerCode() == order.ledgerCode();
    requireArgument(
        same,
        "payout "
            + order.payoutId()
            + " was submitted before as "
            + p.amountMinor()
            + " to "
            + p.destination()
            + "; this order differs ("
            + order.amountMinor()
            + " to "
            + order.destination()
            + ")");
    requireArgument(
        p.chainId() == config.chainId()
            && p.sender().equals(sender)
            && p.token().equals(config.token().storeName()),
        "payout "
            + order.payoutId()
            + " was sent on chain "
            + p.chainId()
            + " from "
            + p.sender()
            + " in "
            + p.token()
            + "; this gateway is chain "
            + config.chainId()
            + " from "
            + sender
            + " in "
            + config.token().storeName());
    return p;
  }

  /** An earlier attempt: rebroadcast its recorded bytes if the chain has no receipt. */
  private PayoutStatus resume(EvmPayout p) {
    if (p.state() == State.SIGNED && rpc.receipt(p.txHash()).isEmpty()) {
      log.info(
          "payout {}: resubmitting recorded tx {} nonce {}", p.payoutId(), p.txHash(), p.nonce());
      Optional<PayoutStatus> lost = nonceTakenElsewhere(p);
      if (lost.isPresent()) {
        return lost.get();
      }
      broadcast(p);
    }
    if (p.state() == State.SIGNED) {
      store.transition(p.payoutId(), State.SIGNED, State.SUBMITTED, null, clock.instant());
    }
    return refresh(store.find(p.payoutId()).orElseThrow());
  }

  /**
   * Before a new nonce: every recorded transaction of ours that the node never accepted must go out
   * first, or the new one would wait behind the gap its nonce leaves.
   */
  private void broadcastEarlierSigned() {
    for (EvmPayout p : store.signedNotSubmitted(config.chainId(), sender)) {
      if (rpc.receipt(p.txHash()).isEmpty() && nonceTakenElsewhere(p).isEmpty()) {
        log.info(
            "payout {}: sending recorded tx {} nonce {} before a new payout",
            p.payoutId(),
            p.txHash(),
            p.nonce());
        broadcast(p);
      }
      store.transition(p.payoutId(), State.SIGNED, State.SUBMITTED, null, clock.instant());
    }
  }

  /**
   * Sends the recorded bytes. A refusal is fine when the node already has our transaction (the
   * "already known" and "nonce too low" answers to a rebroadcast); otherwise the payout stays
   * recorded as signed and the error goes to the caller, who submits again later. So is no answer
   * at all (a timeout, a dropped connection) when the node turns out to have the transaction: the
   * answer was lost, not the transaction.
   */
  private void broadcast(EvmPayout p) {
    Optional<String> refused;
    try {
      refused = rpc.sendRaw(p.rawTx());
    } catch (IllegalStateException unanswered) {
      if (!rpc.knows(p.txHash())) {
        throw unanswered;
      }
      log.warn(
          "payout {}: no answer to sending tx {} ({}), but node {} has it",
          p.payoutId(),
          p.txHash(),
          unanswered.getMessage(),
          rpc.node());
      return;
    }
    if (refused.isPresent() && !rpc.knows(p.txHash())) {
      throw new IllegalStateException(
          "payout "
              + p.payoutId()
              + ": node "
              + rpc.node()
              + " refused tx "
              + p.txHash()
              + " (nonce "
              + p.nonce()
              + "): "
              + refused.get()
              + "; it stays recorded and is sent again on the next submit");
    }
  }

  /** Where a recorded payout stands on chain; final outcomes are recorded. */
  private PayoutStatus refresh(EvmPayout p) {
    switch (p.state()) {
      case CONFIRMED:
        return new PayoutStatus.Confirmed(p.payoutId(), p.txHash());
      case FAILED:
        return new PayoutStatus.Failed(p.payoutId(), p.failureReason());
      default:
        break;
    }
    Optional<TransactionReceipt> receipt = rpc.receipt(p.txHash());
    if (receipt.isEmpty()) {
      return nonceTakenElsewhere(p)
          .orElseGet(() -> new PayoutStatus.Submitted(p.payoutId(), p.txHash()));
    }
    TransactionReceipt r = receipt.get();
    if (!r.isStatusOK()) {
      String reason =
          "transaction "
              + p.txHash()
              + " reverted in block "
              + r.getBlockNumber()
              + (r.getRevertReason() == null ? "" : ": " + r.getRevertReason());
      return fail(p, reason);
    }
    BigInteger confirmations = rpc.blockNumber().subtract(r.getBlockNumber()).add(BigInteger.ONE);
    if (confirmations.compareTo(BigInteger.valueOf(config.confirmations())) < 0) {
      return new PayoutStatus.Submitted(p.payoutId(), p.txHash());
    }
    Instant now = clock.instant();
    store.transition(p.payoutId(), State.SIGNED, State.SUBMITTED, null, now);
    store.transition(p.payoutId(), State.SUBMITTED, State.CONFIRMED, null, now);
    log.info("payout {}: confirmed in tx {}", p.payoutId(), p.txHash());
    return new PayoutStatus.Confirmed(p.payoutId(), p.txHash());
  }

  /**
   * Our transaction can never be mined once a block buried deep enough holds another transaction of
   * ours with the same nonce (someone used the key elsewhere): then it failed.
   */
  private Optional<PayoutStatus> nonceTakenElsewhere(EvmPayout p) {
    BigInteger deep = rpc.blockNumber().subtract(BigInteger.valueOf(config.confirmations() - 1));
    if (deep.signum() < 0
        || rpc.nonceAt(sender, deep).compareTo(BigInteger.valueOf(p.nonce())) <= 0) {
      return Optional.empty();
    }
    if (rpc.receipt(p.txHash()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        fail(
            p,
            "nonce "
                + p.nonce()
                + " of "
                + sender
                + " was used by another transaction; tx "
                + p.txHash()
                + " can never be mined"));
  }

  private PayoutStatus fail(EvmPayout p, String reason) {
    Instant now = clock.instant();
    store.transition(p.payoutId(), State.SIGNED, State.FAILED, reason, now);
    store.transition(p.payoutId(), State.SUBMITTED, State.FAILED, reason, now);
    log.warn("payout {}: failed: {}", p.payoutId(), reason);
    return new PayoutStatus.Failed(p.payoutId(), reason);
  }

  /** A payout that cannot be sent at all: recorded as failed so a resubmit says the same. */
  private PayoutStatus refuse(PayoutOrder order, String reason) {
    Instant now = clock.instant();
    EvmPayout failed =
        new EvmPayout(
            order.payoutId(),
            config.chainId(),
            sender,
            order.destination(),
            order.amountMinor(),
            order.ledgerCode(),
            config.token().storeName(),
            null,
            null,
            null,
            State.FAILED,
            reason,
            now,
            now);
    if (!store.insert(failed)) {
      return resume(sameOrder(store.find(order.payoutId()).orElseThrow(), order));
    }
    log.warn("payout {}: refused: {}", order.payoutId(), reason);
    return new PayoutStatus.Failed(order.payoutId(), reason);
  }

  /**
   * Refuses early, recording nothing, when the account cannot pay: the ledger retries later and no
   * nonce is spent on a transaction the node would reject.
   */
  private void checkFunds(PayoutOrder order) {
    BigInteger units = units(order);
    BigInteger fees = config.gas().maxFeeWei();
    BigInteger wei = rpc.balance(sender);
    BigInteger weiNeeded =
        config.token() instanceof EvmConfig.Token.Native ? units.add(fees) : fees;
    if (wei.compareTo(weiNeeded) < 0) {
      throw new IllegalStateException(
          "payout "
              + order.payoutId()
              + ": "
              + sender
              + " holds "
              + wei
              + " wei, needs "
              + weiNeeded
              + " (amount and fees); fund it and submit again");
    }
    if (config.token() instanceof EvmConfig.Token.Erc20 t) {
      BigInteger tokens = rpc.erc20BalanceOf(t.contract(), sender);
      if (tokens.compareTo(units) < 0) {
        throw new IllegalStateException(
            "payout "
                + order.payoutId()
                + ": "
                + sender
                + " holds "
                + tokens
                + " units of "
                + t.contract()
                + ", needs "
                + units
                + "; fund it and submit again");
      }
    }
  }

  /** The pending nonce, but never one a recorded payout already holds. */
  private long nextNonce() {
    long pending = rpc.pendingNonce(sender).longValueExact();
    long recorded = store.maxNonce(config.chainId(), sender).orElse(-1);
    return Math.max(pending, Math.addExact(recorded, 1));
  }

  private BigInteger units(PayoutOrder order) {
    return BigInteger.valueOf(order.amountMinor()).multiply(config.unitsPerMinor());
  }

  private EvmPayout sign(PayoutOrder order, String destination, long nonce) {
    BigInteger units = units(order);
    String to = destination;
    BigInteger value = units;
    String data = "";
    if (config.token() instanceof EvmConfig.Token.Erc20 t) {
      to = t.contract();
      value = BigInteger.ZERO;
      data = EvmRpc.erc20Transfer(destination, units);
    }
    RawTransaction raw = rawTransaction(BigInteger.valueOf(nonce), to, value, data);
    byte[] signed = TransactionEncoder.signMessage(raw, config.chainId(), credentials);
    Instant now = clock.instant();
    return new EvmPayout(
        order.payoutId(),
        config.chainId(),
        sender,
        destination,
        order.amountMinor(),
        order.ledgerCode(),
        config.token().storeName(),
        nonce,
        Numeric.toHexString(Hash.sha3(signed)),
        Numeric.toHexString(signed),
        State.SIGNED,
        null,
        now,
        now);
  }

  private RawTransaction rawTransaction(
      BigInteger nonce, String to, BigInteger value, String data) {
    BigInteger gasLimit = BigInteger.valueOf(config.gas().gasLimit());
    if (config.gas() instanceof EvmConfig.Gas.Eip1559 g) {
      return RawTransaction.createTransaction(
          config.chainId(),
          nonce,
          gasLimit,
          to,
          value,
          data,
          g.maxPriorityFeePerGasWei(),
          g.maxFeePerGasWei());
    }
    EvmConfig.Gas.Legacy g = (EvmConfig.Gas.Legacy) config.gas();
    return RawTransaction.createTransaction(nonce, g.gasPriceWei(), gasLimit, to, value, data);
  }

  /** Stops the worker (waiting up to 10 s for a call in flight) and the node connection. */
  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
    rpc.close();
  }
}
