package io.streamrp2p.ledger.payout.evm;

import java.time.Instant;

/**
 * One row of the payout store: what the gateway did for one payout id.
 *
 * @param payoutId the order's idempotency key
 * @param chainId chain the transaction was signed for
 * @param sender the gateway's address (lower case)
 * @param destination payee address (lower case)
 * @param amountMinor the order's amount in ledger minor units
 * @param ledgerCode the order's ledger code
 * @param token {@code native} or the ERC-20 contract address
 * @param nonce the transaction's nonce; null only for a payout refused before signing
 * @param txHash 0x hash of the signed transaction; null only when {@code nonce} is
 * @param rawTx 0x signed transaction bytes, rebroadcast as they are; null only when {@code nonce}
 * @param state where the payout stands
 * @param failureReason why it failed, for {@link State#FAILED}
 * @param createdAt when the row was written
 * @param updatedAt when the state last changed
 */
record EvmPayout(
    String payoutId,
    long chainId,
    String sender,
    String destination,
    long amountMinor,
    int ledgerCode,
    String token,
    Long nonce,
    String txHash,
    String rawTx,
    State state,
    String failureReason,
    Instant createdAt,
    Instant updatedAt) {

  /** Lifecycle of a payout row. Only forward moves: SIGNED, SUBMITTED, then a final state. */
  enum State {
    /** Nonce and signed transaction recorded; it may or may not have reached the node. */
    SIGNED,
    /** The node accepted the transaction (or already had it). */
    SUBMITTED,
    /** Mined with success and enough confirmations. Final. */
    CONFIRMED,
    /** Reverted, refused before signing, or its nonce was taken by another transaction. Final. */
    FAILED;

    boolean isFinal() {
      return this == CONFIRMED || this == FAILED;
    }
  }
}
