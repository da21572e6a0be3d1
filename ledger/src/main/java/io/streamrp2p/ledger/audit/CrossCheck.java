package io.streamrp2p.ledger.audit;

import io.streamrp2p.ledger.account.AccountEntity.LegStatus;
import io.streamrp2p.ledger.account.Side;
import io.streamrp2p.ledger.transfer.TransferSpec;
import java.util.HashMap;
import java.util.Map;

/** Checks that span entities: legs against transfers, and double entry per ledger. */
final class CrossCheck {
  interface Sink {
    void violation(Violation.Rule rule, String persistenceId, long seq, String detail);
  }

  private CrossCheck() {}

  static void run(
      Map<String, AuditedAccount> accounts,
      Map<String, AuditedTransfer> transfers,
      Sink sink,
      Map<Integer, AuditReport.LedgerTotals> totals) {
    Map<Integer, long[]> sums = new HashMap<>();
    for (AuditedAccount a : accounts.values()) {
      if (a.opened == null) {
        continue;
      }
      long[] s = sums.computeIfAbsent(a.opened.ledger(), k -> new long[5]);
      s[0] += a.debitsPostedMinor;
      s[1] += a.creditsPostedMinor;
      s[2] += a.debitsPendingMinor;
      s[3] += a.creditsPendingMinor;
      a.legs.forEach((tid, leg) -> checkLegHasTransfer(a, tid, leg, transfers, sink));
    }
    for (AuditedTransfer t : transfers.values()) {
      if (t.spec == null) {
        continue;
      }
      AuditedAccount.Leg d = leg(accounts, t.spec.debitAccountId(), t.transferId);
      AuditedAccount.Leg c = leg(accounts, t.spec.creditAccountId(), t.transferId);
      if (t.inFlight()) {
        long[] s = sums.computeIfAbsent(t.spec.ledger(), k -> new long[5]);
        s[4] += effect(d) - effect(c);
        continue;
      }
      String problem = legsProblem(t, d, c);
      if (problem != null) {
        sink.violation(
            Violation.Rule.TRANSFER_LEGS_MISMATCH, "Transfer|" + t.transferId, t.lastSeq, problem);
      }
    }
    sums.forEach(
        (ledger, s) -> {
          totals.put(ledger, new AuditReport.LedgerTotals(s[0], s[1], s[2], s[3]));
          long imbalance = s[0] + s[2] - s[1] - s[3];
          if (imbalance != s[4]) {
            sink.violation(
                Violation.Rule.DOUBLE_ENTRY,
                "ledger:" + ledger,
                0,
                "debits exceed "
                    + "credits by "
                    + imbalance
                    + " minor units; transfers in flight explain "
                    + s[4]);
          }
        });
  }

  private static long effect(AuditedAccount.Leg leg) {
    return leg == null ? 0 : leg.effectMinor();
  }

  private static AuditedAccount.Leg leg(
      Map<String, AuditedAccount> accounts, String account, String transferId) {
    AuditedAccount a = accounts.get(account);
    return a == null ? null : a.legs.get(transferId);
  }

  private static void checkLegHasTransfer(
      AuditedAccount a,
      String tid,
      AuditedAccount.Leg leg,
      Map<String, AuditedTransfer> transfers,
      Sink sink) {
    AuditedTransfer t = transfers.get(tid);
    TransferSpec spec = t == null ? null : t.spec;
    String expected =
        spec == null
            ? null
            : leg.side == Side.DEBIT ? spec.debitAccountId() : spec.creditAccountId();
    if (!a.accountId.equals(expected)) {
      sink.violation(
          Violation.Rule.LEG_WITHOUT_TRANSFER,
          "Account|" + a.accountId,
          0,
          leg.side + " leg of " + tid + " matches no transfer");
    }
  }

  /** Null if the legs agree with the transfer's resting phase. */
  private static String legsProblem(AuditedTransfer t, AuditedAccount.Leg d, AuditedAccount.Leg c) {
    long amount = t.amountMinor;
    boolean ok =
        switch (t.phase) {
          case POSTED ->
              is(d, LegStatus.POSTED, amount)
                  && is(c, t.spec.pending() ? LegStatus.POSTED : LegStatus.APPLIED, amount);
          case PENDING -> is(d, LegStatus.RESERVED, amount) && is(c, LegStatus.RESERVED, amount);
          case VOIDED -> is(d, LegStatus.RELEASED, 0) && is(c, LegStatus.RELEASED, 0);
          case REJECTED ->
              (d == null || d.status == LegStatus.RELEASED)
                  && (c == null || c.status == LegStatus.RELEASED);
          default -> true;
        };
    return ok
        ? null
        : t.phase
            + " "
            + amount
            + " but debit leg "
            + describe(d)
            + " and credit leg "
            + describe(c);
  }

  private static boolean is(AuditedAccount.Leg leg, LegStatus status, long amountMinor) {
    return leg != null && leg.status == status && leg.effectMinor() == amountMinor;
  }

  private static String describe(AuditedAccount.Leg leg) {
    return leg == null ? "missing" : leg.status + " " + leg.effectMinor();
  }
}
