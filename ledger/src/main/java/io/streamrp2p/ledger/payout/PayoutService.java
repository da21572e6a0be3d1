package io.streamrp2p.ledger.payout;

import io.streamrp2p.ledger.Ledger;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Payouts of friends' balances, manual or automatic above a threshold, through one gateway. Money
 * goes from the friend's account to the payouts system account of the ledger.
 */
public final class PayoutService {
  private final ClusterSharding sharding;
  private final Ledger ledger;
  private final String payoutsAccountId;
  private final Duration askTimeout = Duration.ofSeconds(20);

  /**
   * @param payoutsAccountId the ledger's SYSTEM_PAYOUTS account
   * @param pollInterval how often submitted payouts ask the gateway for their state
   */
  public PayoutService(
      Ledger ledger, PayoutGateway gateway, String payoutsAccountId, Duration pollInterval) {
    this.sharding = ledger.sharding();
    this.ledger = ledger;
    this.payoutsAccountId = payoutsAccountId;
    sharding.init(
        Entity.of(
                PayoutEntity.ENTITY_KEY,
                ctx ->
                    PayoutEntity.create(
                        ctx.getEntityId(), ledger, gateway, pollInterval, ctx.getShard()))
            .withSettings(
                ClusterShardingSettings.create(ledger.system()).withNoPassivationStrategy()));
  }

  /** Pays {@code amountMinor} of {@code accountId} to {@code destination}. */
  public CompletionStage<PayoutEntity.View> payout(
      String payoutId, String accountId, String destination, long amountMinor, int ledgerCode) {
    return ledger.retrying(
        () ->
            sharding
                .entityRefFor(PayoutEntity.ENTITY_KEY, payoutId)
                .askWithStatus(
                    r ->
                        new PayoutEntity.Request(
                            accountId, payoutsAccountId, destination, amountMinor, ledgerCode, r),
                    askTimeout));
  }

  public CompletionStage<PayoutEntity.View> status(String payoutId) {
    return ledger.retrying(
        () ->
            sharding
                .entityRefFor(PayoutEntity.ENTITY_KEY, payoutId)
                .askWithStatus(PayoutEntity.Get::new, askTimeout));
  }

  /**
   * Pays out the whole available balance if it is at least {@code thresholdMinor}. The payout id is
   * derived from the account's chain head, so two checks of the same account state ask for the same
   * payout and the second is a no-op.
   */
  public CompletionStage<Optional<PayoutEntity.View>> payoutIfAbove(
      String accountId, String destination, long thresholdMinor) {
    return ledger
        .account(accountId)
        .thenCompose(
            v -> {
              long available = v.balance().availableMinor();
              if (available < thresholdMinor || available <= 0) {
                return CompletableFuture.completedStage(Optional.empty());
              }
              String id = "auto/" + accountId + "/" + v.head().seq();
              return payout(id, accountId, destination, available, v.ledger())
                  .thenApply(Optional::of);
            });
  }
}
