package io.streamrp2p.ledger.audit;

import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.ledger.transfer.TransferEntity.Phase;
import io.streamrp2p.ledger.transfer.TransferSpec;

/** A transfer as the audit rebuilds it. */
final class AuditedTransfer {
  final String transferId;
  TransferSpec spec;
  Phase phase = Phase.EMPTY;
  long amountMinor;
  long lastSeq;

  AuditedTransfer(String transferId) {
    this.transferId = transferId;
  }

  boolean inFlight() {
    return phase == Phase.CREATING || phase == Phase.POSTING || phase == Phase.VOIDING;
  }

  Finding apply(TransferEntity.Event e, long seq) {
    lastSeq = seq;
    if (e instanceof TransferEntity.Initiated i) {
      if (phase != Phase.EMPTY) {
        return new Finding(Violation.Rule.TRANSFER_INVALID, "initiated twice");
      }
      if (i.spec().problem() != null || !i.spec().transferId().equals(transferId)) {
        return new Finding(Violation.Rule.TRANSFER_INVALID, "invalid transfer " + i.spec());
      }
      spec = i.spec();
      return to(Phase.EMPTY, Phase.CREATING, 0);
    }
    if (spec == null) {
      return new Finding(Violation.Rule.TRANSFER_INVALID, "event before the transfer began");
    }
    if (e instanceof TransferEntity.Held h) {
      return h.amountMinor() == spec.amountMinor()
          ? to(Phase.CREATING, Phase.PENDING, h.amountMinor())
          : new Finding(
              Violation.Rule.TRANSFER_INVALID,
              "holds " + h.amountMinor() + " of a transfer of " + spec.amountMinor());
    } else if (e instanceof TransferEntity.ResolutionRequested r) {
      if (r.post() && (r.amountMinor() <= 0 || r.amountMinor() > amountMinor)) {
        return new Finding(
            Violation.Rule.TRANSFER_INVALID,
            "posts " + r.amountMinor() + " of " + amountMinor + " pending");
      }
      return to(
          Phase.PENDING, r.post() ? Phase.POSTING : Phase.VOIDING, r.post() ? r.amountMinor() : 0);
    } else if (e instanceof TransferEntity.Posted p) {
      if (p.amountMinor() != (spec.pending() ? amountMinor : spec.amountMinor())) {
        return new Finding(Violation.Rule.TRANSFER_INVALID, "posted " + p.amountMinor());
      }
      return to(spec.pending() ? Phase.POSTING : Phase.CREATING, Phase.POSTED, p.amountMinor());
    } else if (e instanceof TransferEntity.Voided) {
      return to(Phase.VOIDING, Phase.VOIDED, 0);
    } else if (e instanceof TransferEntity.Rejected) {
      return to(Phase.CREATING, Phase.REJECTED, 0);
    }
    return new Finding(Violation.Rule.TRANSFER_INVALID, "unknown transfer event " + e);
  }

  private Finding to(Phase from, Phase next, long amount) {
    if (phase != from) {
      boolean resolved =
          phase == Phase.POSTING
              || phase == Phase.VOIDING
              || phase == Phase.POSTED
              || phase == Phase.VOIDED
              || phase == Phase.REJECTED;
      Finding f =
          new Finding(
              resolved ? Violation.Rule.PENDING_RESOLVED_TWICE : Violation.Rule.TRANSFER_INVALID,
              "moves to " + next + " from " + phase + ", only allowed from " + from);
      phase = next;
      return f;
    }
    phase = next;
    amountMinor = amount;
    return null;
  }
}
