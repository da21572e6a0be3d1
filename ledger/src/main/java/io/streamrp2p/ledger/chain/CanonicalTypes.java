package io.streamrp2p.ledger.chain;

import static java.util.Map.entry;

import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.payout.PayoutEntity;
import io.streamrp2p.ledger.transfer.TransferEntity;
import java.util.HashSet;
import java.util.Map;

/**
 * The canonical type name of every ledger event, the versioned name that goes into its hash
 * (docs/ledger.md, "Canonical encoding"). A name is never changed or reused once events carry it:
 * an event whose fields change gets a new class and a new ".vN" name. Kept in one table so every
 * name stored in a chain can be read in one place and none is given twice.
 */
final class CanonicalTypes {
  private static final Map<Class<?>, String> NAMES =
      Map.ofEntries(
          entry(AccountEntity.Opened.class, "account.opened.v1"),
          entry(AccountEntity.LegReserved.class, "account.leg-reserved.v1"),
          entry(AccountEntity.LegApplied.class, "account.leg-applied.v1"),
          entry(AccountEntity.LegPosted.class, "account.leg-posted.v1"),
          entry(AccountEntity.LegReleased.class, "account.leg-released.v1"),
          entry(TransferEntity.Initiated.class, "transfer.initiated.v1"),
          entry(TransferEntity.Held.class, "transfer.held.v1"),
          entry(TransferEntity.ResolutionRequested.class, "transfer.resolution-requested.v1"),
          entry(TransferEntity.Posted.class, "transfer.posted.v1"),
          entry(TransferEntity.Voided.class, "transfer.voided.v1"),
          entry(TransferEntity.Rejected.class, "transfer.rejected.v1"),
          entry(PayoutEntity.Requested.class, "payout.requested.v1"),
          entry(PayoutEntity.Submitted.class, "payout.submitted.v1"),
          entry(PayoutEntity.Confirmed.class, "payout.confirmed.v1"),
          entry(PayoutEntity.Failed.class, "payout.failed.v1"),
          entry(LedgerCheckpoint.Taken.class, "checkpoint.taken.v1"));

  static {
    Chain.require(
        new HashSet<>(NAMES.values()).size() == NAMES.size(),
        "a canonical type name is given to two events");
  }

  private CanonicalTypes() {}

  /** The canonical type of event class {@code type}; fails for a class not in the table. */
  static String of(Class<?> type) {
    String name = NAMES.get(type);
    Chain.require(name != null, () -> type.getName() + " has no canonical type in CanonicalTypes");
    return name;
  }
}
