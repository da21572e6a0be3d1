package io.streamrp2p.ledger.chain;

import io.streamrp2p.persistence.CborSerializable;

/**
 * An event of a ledger entity. It carries its place in the entity's hash chain and knows how to
 * write its fields canonically, so the chain can be checked from the stored events alone.
 */
public interface LedgerEvent extends CborSerializable {
  Link link();

  /** This event with {@code link} set; used once, by {@link Chain#seal}. */
  LedgerEvent withLink(Link link);

  /** Stable, versioned type name that goes into the hash ("account.opened.v1"). */
  String canonicalType();

  /** Writes the event's own fields (not the link) in declaration order. */
  void writeFields(Canonical c);
}
