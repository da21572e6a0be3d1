package io.streamrp2p.ledger.audit;

import java.util.List;
import java.util.Map;

/**
 * What the audit found.
 *
 * @param events ledger events replayed
 * @param entities ledger entities seen
 * @param accounts accounts opened
 * @param transfers transfers initiated
 * @param inFlight transfers not yet at a resting phase (their legs may legitimately differ)
 * @param checkpoints checkpoints whose signature, root and heads were verified
 * @param checkpointKey the ledger key checkpoints were checked against (null: no checkpoint)
 * @param checkpointKeyPinned whether the auditor named that key; if not, it is the key of the first
 *     checkpoint, and a journal re-signed throughout with another key would pass
 * @param ledgers per ledger code: totals of debits and credits over all accounts
 * @param violations the first {@link Auditor#VIOLATIONS_KEPT_MAX} violations found
 * @param violationCount all violations found
 * @param millis wall time of the replay
 */
public record AuditReport(
    long events,
    long entities,
    long accounts,
    long transfers,
    long inFlight,
    long checkpoints,
    String checkpointKey,
    boolean checkpointKeyPinned,
    Map<Integer, LedgerTotals> ledgers,
    List<Violation> violations,
    long violationCount,
    long millis) {

  /** Sums over one ledger's accounts, in its minor units. */
  public record LedgerTotals(
      long debitsPostedMinor,
      long creditsPostedMinor,
      long debitsPendingMinor,
      long creditsPendingMinor) {}

  public boolean ok() {
    return violationCount == 0;
  }

  public double eventsPerSecond() {
    return millis == 0 ? events : events * 1000.0 / millis;
  }

  /** The human report. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(ok() ? "AUDIT PASSED" : "AUDIT FAILED: " + violationCount + " violation(s)")
        .append('\n');
    sb.append(
        String.format(
            "  %d events from %d entities in %d ms (%.0f events/s)%n",
            events, entities, millis, eventsPerSecond()));
    sb.append(
        String.format(
            "  %d accounts, %d transfers (%d in flight), %d checkpoints%n",
            accounts, transfers, inFlight, checkpoints));
    if (checkpointKey != null) {
      sb.append("  checkpoints checked against ledger key ")
          .append(checkpointKey)
          .append(
              checkpointKeyPinned
                  ? " (pinned)\n"
                  : " (NOT pinned: taken from the first checkpoint; pass --ledger-public-key to"
                      + " check them against the key you trust)\n");
    }
    ledgers.forEach(
        (code, t) ->
            sb.append(
                String.format(
                    "  ledger %d: debits posted %d = credits posted %d; pending %d / %d%n",
                    code,
                    t.debitsPostedMinor(),
                    t.creditsPostedMinor(),
                    t.debitsPendingMinor(),
                    t.creditsPendingMinor())));
    for (Violation v : violations) {
      sb.append("  VIOLATION ").append(v).append('\n');
    }
    if (violationCount > violations.size()) {
      sb.append("  ... and ").append(violationCount - violations.size()).append(" more\n");
    }
    return sb.toString();
  }
}
