package io.streamrp2p.ledger.chain;

/**
 * Where an event sits in its entity's hash chain.
 *
 * @param seq the event's sequence number in its entity (1 for the first event)
 * @param prevHash hash of the entity's previous event, {@link Chain#GENESIS} for the first
 * @param hash SHA-256 of the event's canonical encoding (see {@link Chain#hash})
 */
public record Link(long seq, String prevHash, String hash) {
  /** Placeholder of an event not yet sealed; never persisted. */
  public static final Link UNSEALED = new Link(0, Chain.GENESIS, Chain.GENESIS);
}
