package io.streamrp2p.ledger.payout;

/**
 * One payout to send.
 *
 * @param payoutId idempotency key, the id of the ledger's pending transfer that reserved it
 * @param destination where the money goes (for a chain: a 0x address)
 * @param amountMinor amount in the ledger's minor units (for a token: its smallest unit)
 * @param ledgerCode the ledger (currency or token) the amount is in
 */
public record PayoutOrder(String payoutId, String destination, long amountMinor, int ledgerCode) {
  public PayoutOrder {
    if (payoutId == null || payoutId.isBlank()) {
      throw new IllegalArgumentException("payoutId must not be blank");
    }
    if (destination == null || destination.isBlank()) {
      throw new IllegalArgumentException("destination must not be blank");
    }
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("amountMinor must be positive: " + amountMinor);
    }
  }
}
