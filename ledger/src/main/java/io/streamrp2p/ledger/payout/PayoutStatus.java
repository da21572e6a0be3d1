package io.streamrp2p.ledger.payout;

/** Where a payout stands at its gateway. */
public sealed interface PayoutStatus {
  /** Never submitted to this gateway. */
  record Unknown(String payoutId) implements PayoutStatus {}

  /** Sent; waiting for enough confirmations (or for the operator to run the batch). */
  record Submitted(String payoutId, String reference) implements PayoutStatus {}

  /** Final: the payee has the money. {@code reference} is the transaction hash or batch id. */
  record Confirmed(String payoutId, String reference) implements PayoutStatus {}

  /** Final: the payout did not happen and will not; the ledger voids and refunds it. */
  record Failed(String payoutId, String reason) implements PayoutStatus {}
}
