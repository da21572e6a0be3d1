package io.streamrp2p.ledger.audit;

/**
 * One broken rule.
 *
 * @param rule which rule ({@link Rule})
 * @param persistenceId the entity, or "ledger:N" for a whole-ledger rule
 * @param seq the event's sequence number, 0 when the rule is about the entity as a whole
 * @param detail what was found
 */
public record Violation(Rule rule, String persistenceId, long seq, String detail) {
  /** The rules the audit checks; docs/ledger.md explains each. */
  public enum Rule {
    UNDECODABLE_EVENT,
    SEQUENCE_GAP,
    CHAIN_SEQUENCE,
    CHAIN_LINK,
    CHAIN_HASH,
    NEGATIVE_BALANCE,
    BALANCE_OVERFLOW,
    LEG_INVALID,
    PENDING_RESOLVED_TWICE,
    TRANSFER_INVALID,
    TRANSFER_LEGS_MISMATCH,
    LEG_WITHOUT_TRANSFER,
    DOUBLE_ENTRY,
    CHECKPOINT_SIGNATURE,
    CHECKPOINT_ROOT,
    CHECKPOINT_HEAD,
    CHECKPOINT_KEY
  }

  @Override
  public String toString() {
    return rule + " at " + persistenceId + (seq > 0 ? " #" + seq : "") + ": " + detail;
  }
}
