package io.streamrp2p.ledger.chain;

import io.streamrp2p.persistence.CborSerializable;

/**
 * An event of a ledger entity: a record with a {@code Link link} component that places it in the
 * entity's hash chain, so the chain can be checked from the stored events alone. Sealing and the
 * canonical encoding are derived from the record's components ({@link EventShape}); its canonical
 * type name comes from {@link CanonicalTypes}.
 */
public interface LedgerEvent extends CborSerializable {
  Link link();

  /** This event with {@code link} set; used once, by {@link Chain#seal}. */
  default LedgerEvent withLink(Link link) {
    return EventShape.of(getClass()).withLink(this, link);
  }

  /** Stable, versioned type name that goes into the hash ("account.opened.v1"). */
  default String canonicalType() {
    return EventShape.of(getClass()).canonicalType();
  }

  /** Writes the event's own fields (not the link) in declaration order. */
  default void writeFields(Canonical c) {
    EventShape.of(getClass()).writeFields(this, c);
  }
}
