package io.streamrp2p.ledger.chain;

/** The newest link of an entity's chain: its last sequence number and that event's hash. */
public record Head(long seq, String hash) {
  public static final Head GENESIS = new Head(0, Chain.GENESIS);

  /** The head after {@code e} was applied; checks that {@code e} follows this head. */
  public Head advance(LedgerEvent e) {
    Link l = e.link();
    Chain.require(
        l.seq() == seq + 1 && l.prevHash().equals(hash),
        () -> "event " + e.canonicalType() + " does not follow head " + this + ": " + l);
    return new Head(l.seq(), l.hash());
  }
}
