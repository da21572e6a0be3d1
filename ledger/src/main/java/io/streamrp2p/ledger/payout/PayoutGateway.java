package io.streamrp2p.ledger.payout;

import java.util.concurrent.CompletionStage;

/**
 * Moves money out of the ledger to a payee: a chain transaction, or a signed batch file an operator
 * executes. The ledger reserves the amount (a pending transfer) before it calls {@link #submit} and
 * posts or voids that transfer on the outcome, so a gateway must be idempotent by {@link
 * PayoutOrder#payoutId()}: submitting the same order again, including after a crash and restart of
 * the gateway, never pays twice and reports the first submission's state.
 */
public interface PayoutGateway {
  /** Short name for logs and for the payout's record ("evm", "file"). */
  String name();

  /**
   * Sends the payout, or finds the earlier submission of the same order. Completes when the gateway
   * has durably recorded the attempt (for a chain: nonce and transaction hash), not when it is
   * final.
   */
  CompletionStage<PayoutStatus> submit(PayoutOrder order);

  /** Where an earlier submission stands now; {@link PayoutStatus.Unknown} if never submitted. */
  CompletionStage<PayoutStatus> status(String payoutId);
}
