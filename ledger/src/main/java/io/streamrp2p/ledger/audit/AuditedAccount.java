package io.streamrp2p.ledger.audit;

import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.account.AccountEntity.LegStatus;
import io.streamrp2p.ledger.account.Side;
import java.util.HashMap;
import java.util.Map;

/** An account as the audit rebuilds it: its own arithmetic, not the entity's. */
final class AuditedAccount {
  /** One leg, every leg kept (the entity forgets old ones; the audit must not). */
  static final class Leg {
    final Side side;
    LegStatus status;
    final long reservedMinor;
    long postedMinor;

    Leg(Side side, LegStatus status, long reservedMinor, long postedMinor) {
      this.side = side;
      this.status = status;
      this.reservedMinor = reservedMinor;
      this.postedMinor = postedMinor;
    }

    /** What the leg adds to its side now: reserved while pending, posted after. */
    long effectMinor() {
      return switch (status) {
        case RESERVED -> reservedMinor;
        case APPLIED, POSTED -> postedMinor;
        case RELEASED -> 0;
      };
    }
  }

  final String accountId;
  AccountEntity.Opened opened;
  long debitsPendingMinor;
  long debitsPostedMinor;
  long creditsPendingMinor;
  long creditsPostedMinor;
  final Map<String, Leg> legs = new HashMap<>();

  AuditedAccount(String accountId) {
    this.accountId = accountId;
  }

  /** Applies {@code e}; the first rule it breaks, or null. */
  Finding apply(AccountEntity.Event e) {
    if (e instanceof AccountEntity.Opened o) {
      if (opened != null) {
        return new Finding(Violation.Rule.LEG_INVALID, "account opened twice");
      }
      opened = o;
      return null;
    }
    if (opened == null) {
      return new Finding(Violation.Rule.LEG_INVALID, "leg on an account never opened");
    }
    try {
      Finding f = applyLeg(e);
      return f != null ? f : checkLimits();
    } catch (ArithmeticException overflow) {
      return new Finding(Violation.Rule.BALANCE_OVERFLOW, "a balance passed Long.MAX_VALUE");
    }
  }

  private Finding applyLeg(AccountEntity.Event e) {
    if (e instanceof AccountEntity.LegReserved r) {
      return newLeg(
          r.transferId(),
          new Leg(r.side(), LegStatus.RESERVED, r.amountMinor(), 0),
          r.amountMinor(),
          true);
    } else if (e instanceof AccountEntity.LegApplied a) {
      return newLeg(
          a.transferId(),
          new Leg(a.side(), LegStatus.APPLIED, 0, a.amountMinor()),
          a.amountMinor(),
          false);
    } else if (e instanceof AccountEntity.LegPosted p) {
      Leg leg = legs.get(p.transferId());
      Finding f = resolvable(leg, p.transferId(), p.reservedMinor());
      if (f != null) {
        return f;
      }
      if (p.postedMinor() <= 0 || p.postedMinor() > p.reservedMinor()) {
        return new Finding(
            Violation.Rule.LEG_INVALID,
            "posts " + p.postedMinor() + " of " + p.reservedMinor() + " for " + p.transferId());
      }
      add(leg.side, -leg.reservedMinor, true);
      add(leg.side, p.postedMinor(), false);
      leg.status = LegStatus.POSTED;
      leg.postedMinor = p.postedMinor();
      return null;
    } else if (e instanceof AccountEntity.LegReleased r) {
      Leg leg = legs.get(r.transferId());
      if (leg == null && r.reservedMinor() == 0) {
        legs.put(r.transferId(), new Leg(r.side(), LegStatus.RELEASED, 0, 0));
        return null;
      }
      Finding f = resolvable(leg, r.transferId(), r.reservedMinor());
      if (f != null) {
        return f;
      }
      add(leg.side, -leg.reservedMinor, true);
      leg.status = LegStatus.RELEASED;
      return null;
    }
    return new Finding(Violation.Rule.LEG_INVALID, "unknown account event " + e);
  }

  private Finding newLeg(String transferId, Leg leg, long amountMinor, boolean pending) {
    if (legs.containsKey(transferId)) {
      return new Finding(Violation.Rule.LEG_INVALID, "second leg for transfer " + transferId);
    }
    if (amountMinor <= 0) {
      return new Finding(Violation.Rule.LEG_INVALID, "non-positive amount " + amountMinor);
    }
    legs.put(transferId, leg);
    add(leg.side, amountMinor, pending);
    return null;
  }

  private Finding resolvable(Leg leg, String transferId, long reservedMinor) {
    if (leg == null) {
      return new Finding(
          Violation.Rule.LEG_INVALID, "resolves leg " + transferId + " that was never reserved");
    }
    if (leg.status != LegStatus.RESERVED) {
      return new Finding(
          Violation.Rule.PENDING_RESOLVED_TWICE,
          "leg of " + transferId + " was already " + leg.status);
    }
    if (leg.reservedMinor != reservedMinor) {
      return new Finding(
          Violation.Rule.LEG_INVALID,
          "leg of "
              + transferId
              + " reserved "
              + leg.reservedMinor
              + ", event says "
              + reservedMinor);
    }
    return null;
  }

  private void add(Side side, long amountMinor, boolean pending) {
    if (side == Side.DEBIT && pending) {
      debitsPendingMinor = Math.addExact(debitsPendingMinor, amountMinor);
    } else if (side == Side.DEBIT) {
      debitsPostedMinor = Math.addExact(debitsPostedMinor, amountMinor);
    } else if (pending) {
      creditsPendingMinor = Math.addExact(creditsPendingMinor, amountMinor);
    } else {
      creditsPostedMinor = Math.addExact(creditsPostedMinor, amountMinor);
    }
  }

  private Finding checkLimits() {
    long debits = Math.addExact(debitsPendingMinor, debitsPostedMinor);
    if (opened.debitsMustNotExceedCredits() && debits > creditsPostedMinor) {
      return new Finding(
          Violation.Rule.NEGATIVE_BALANCE,
          "user account "
              + accountId
              + " below zero: debits "
              + debits
              + " > credits posted "
              + creditsPostedMinor);
    }
    long credits = Math.addExact(creditsPendingMinor, creditsPostedMinor);
    if (opened.creditsMustNotExceedDebits() && credits > debitsPostedMinor) {
      return new Finding(
          Violation.Rule.NEGATIVE_BALANCE,
          "account "
              + accountId
              + " credits "
              + credits
              + " exceed debits posted "
              + debitsPostedMinor);
    }
    if (debitsPendingMinor < 0 || creditsPendingMinor < 0) {
      return new Finding(Violation.Rule.LEG_INVALID, "negative pending balance");
    }
    return null;
  }
}
