package io.streamrp2p.ledger;

import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.transfer.AccountLegs;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.ledger.transfer.TransferSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.pattern.StatusReply;

/**
 * The ledger's entry point: starts the Account and Transfer shards and offers the client calls.
 * Calls retry, with the same ids, on {@link Rejection#TRANSIENT} and timeouts, which is safe
 * because every request is idempotent by its id.
 */
public final class Ledger implements io.streamrp2p.ledger.transfer.Transfers {
  /**
   * Tries of one client call. A transfer stops after {@code stepAttemptsMax} failed steps and the
   * next try restarts it, so 10 tries ride out several restarts without hanging a caller.
   */
  static final int CLIENT_ATTEMPTS_MAX = 10;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  private Ledger(ActorSystem<?> system, ClusterSharding sharding, Duration askTimeout) {
    this.system = system;
    this.sharding = sharding;
    this.askTimeout = askTimeout;
  }

  /** Starts the shards on {@code system} (a cluster member). */
  public static Ledger init(ActorSystem<?> system, Clock clock, TransferEntity.Settings settings) {
    return init(system, clock, settings, UnaryOperator.identity());
  }

  /** As {@link #init}, with the account link wrapped by {@code legsDecorator} (fault tests). */
  public static Ledger init(
      ActorSystem<?> system,
      Clock clock,
      TransferEntity.Settings settings,
      UnaryOperator<AccountLegs> legsDecorator) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(AccountEntity.ENTITY_KEY, ctx -> AccountEntity.create(ctx.getEntityId())));
    AccountLegs legs =
        legsDecorator.apply(
            (accountId, command) ->
                direct(
                    sharding
                        .entityRefFor(AccountEntity.ENTITY_KEY, accountId)
                        .askWithStatus(command::apply, settings.stepTimeout())));
    sharding.init(
        Entity.of(
                TransferEntity.ENTITY_KEY,
                ctx ->
                    TransferEntity.create(ctx.getEntityId(), legs, clock, settings, ctx.getShard()))
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    Duration ask = settings.stepTimeout().multipliedBy(4);
    return new Ledger(system, sharding, ask);
  }

  public ActorSystem<?> system() {
    return system;
  }

  public ClusterSharding sharding() {
    return sharding;
  }

  public CompletionStage<AccountEntity.View> open(String accountId, AccountKind kind, int ledger) {
    return retrying(
        () ->
            sharding
                .entityRefFor(AccountEntity.ENTITY_KEY, accountId)
                .askWithStatus(r -> new AccountEntity.Open(kind, ledger, r), askTimeout));
  }

  public CompletionStage<AccountEntity.View> account(String accountId) {
    return retrying(
        () ->
            sharding
                .entityRefFor(AccountEntity.ENTITY_KEY, accountId)
                .askWithStatus(AccountEntity.Get::new, askTimeout));
  }

  @Override
  public CompletionStage<TransferEntity.Result> transfer(TransferSpec spec) {
    return askTransfer(spec.transferId(), r -> new TransferEntity.Create(spec, r));
  }

  /** Posts a pending transfer; {@code amountMinor} 0 = all of it. */
  @Override
  public CompletionStage<TransferEntity.Result> post(String transferId, long amountMinor) {
    return askTransfer(transferId, r -> new TransferEntity.Post(amountMinor, r));
  }

  @Override
  public CompletionStage<TransferEntity.Result> voidPending(String transferId) {
    return askTransfer(transferId, TransferEntity.VoidPending::new);
  }

  public CompletionStage<TransferEntity.Result> lookup(String transferId) {
    return askTransfer(transferId, TransferEntity.Get::new);
  }

  private CompletionStage<TransferEntity.Result> askTransfer(
      String transferId,
      Function<ActorRef<StatusReply<TransferEntity.Result>>, TransferEntity.Command> command) {
    return retrying(
        () ->
            sharding
                .entityRefFor(TransferEntity.ENTITY_KEY, transferId)
                .askWithStatus(command::apply, askTimeout));
  }

  /**
   * Runs {@code call} (an ask through Pekko's Java API) until it succeeds, fails for good, or
   * {@link #CLIENT_ATTEMPTS_MAX}; the stage returned completes as {@link #direct} does.
   */
  public <T> CompletionStage<T> retrying(Supplier<CompletionStage<T>> call) {
    return attempt(call, 1);
  }

  private <T> CompletionStage<T> attempt(Supplier<CompletionStage<T>> call, int n) {
    return direct(call.get())
        .handle(
            (ok, err) -> {
              if (err == null) {
                return CompletableFuture.completedStage(ok);
              }
              boolean transient_ =
                  Rejection.of(err.getCause() != null ? err.getCause() : err)
                      .map(r -> r == Rejection.TRANSIENT)
                      .orElse(true);
              if (!transient_ || n >= CLIENT_ATTEMPTS_MAX) {
                return CompletableFuture.<T>failedStage(err);
              }
              // Back off a little longer each time: 10, 20, 40 ... ms, at most one second.
              long delay = Math.min(1000, 10L << Math.min(n, 7));
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(
                          delay, TimeUnit.MILLISECONDS, system.executionContext()))
                  .thenCompose(x -> attempt(call, n + 1));
            })
        .thenCompose(Function.identity());
  }

  /**
   * A plain stage completed by the thread that completes {@code pekkoStage}, on which callbacks run
   * as the JDK documents. A stage from Pekko's Java API (a wrapped Scala future) runs even its
   * non-async callbacks asynchronously on the common fork-join pool, which on a machine with two
   * cores or fewer starts a new thread for every callback (ADR 0005): that thread per account step
   * once held transfers to a fifth of their rate.
   */
  public static <T> CompletableFuture<T> direct(CompletionStage<T> pekkoStage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    pekkoStage.whenCompleteAsync(
        (value, failure) -> {
          if (failure != null) {
            plain.completeExceptionally(failure);
          } else {
            plain.complete(value);
          }
        },
        Runnable::run);
    return plain;
  }
}
