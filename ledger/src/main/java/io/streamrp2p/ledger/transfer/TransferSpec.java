package io.streamrp2p.ledger.transfer;

import io.streamrp2p.persistence.CborSerializable;

/**
 * A transfer as the client asks for it. The id is the client's idempotency key: asking again with
 * the same id and the same fields returns the first outcome, with any other field it is refused,
 * naming the field. {@code TransferEntity.Initiated} hashes the components in this order
 * (docs/ledger.md, "Tamper evidence"): reordering, adding or retyping one breaks stored chains.
 *
 * @param transferId client-chosen, unique per ledger forever
 * @param debitAccountId account whose debits grow
 * @param creditAccountId account whose credits grow
 * @param amountMinor positive, in minor units of {@code ledger}
 * @param ledger currency or token code both accounts must have
 * @param code why the money moves ({@link #CODE_DEPOSIT}, ...)
 * @param pending two-phase: reserve now, post or void later
 * @param timeoutSeconds for a pending transfer, void it after this long; 0 = never
 */
public record TransferSpec(
    String transferId,
    String debitAccountId,
    String creditAccountId,
    long amountMinor,
    int ledger,
    int code,
    boolean pending,
    long timeoutSeconds)
    implements CborSerializable {
  public static final int CODE_TRANSFER = 1;
  public static final int CODE_DEPOSIT = 2;
  public static final int CODE_SETTLEMENT = 3;
  public static final int CODE_PAYOUT = 4;

  /** Pending transfers time out within a week at most: a payout unconfirmed for longer is lost. */
  public static final long TIMEOUT_SECONDS_MAX = 7 * 24 * 3600;

  /** Ids are keys of entities and journal rows; 200 characters leaves room in a 255 column. */
  public static final int ID_CHARS_MAX = 200;

  /** A transfer posted at once. */
  public static TransferSpec single(
      String transferId, String debit, String credit, long amountMinor, int ledger, int code) {
    return new TransferSpec(transferId, debit, credit, amountMinor, ledger, code, false, 0);
  }

  /** A pending (two-phase) transfer. */
  public static TransferSpec pending(
      String transferId,
      String debit,
      String credit,
      long amountMinor,
      int ledger,
      int code,
      long timeoutSeconds) {
    return new TransferSpec(
        transferId, debit, credit, amountMinor, ledger, code, true, timeoutSeconds);
  }

  /** Null if valid, else what is wrong. */
  public String problem() {
    if (!validId(transferId) || !validId(debitAccountId) || !validId(creditAccountId)) {
      return "ids must be 1.." + ID_CHARS_MAX + " characters";
    }
    if (debitAccountId.equals(creditAccountId)) {
      return "accounts must be different";
    }
    if (amountMinor <= 0) {
      return "amountMinor must be positive: " + amountMinor;
    }
    if (timeoutSeconds < 0
        || timeoutSeconds > TIMEOUT_SECONDS_MAX
        || (!pending && timeoutSeconds != 0)) {
      return "timeoutSeconds must be 0.." + TIMEOUT_SECONDS_MAX + ", and 0 unless pending";
    }
    return null;
  }

  private static boolean validId(String id) {
    return id != null && !id.isEmpty() && id.length() <= ID_CHARS_MAX;
  }

  /** The first field in which {@code other} differs from this, or null if none. */
  public String firstDifference(TransferSpec other) {
    if (!debitAccountId.equals(other.debitAccountId)) return "debitAccountId";
    if (!creditAccountId.equals(other.creditAccountId)) return "creditAccountId";
    if (amountMinor != other.amountMinor) return "amountMinor";
    if (ledger != other.ledger) return "ledger";
    if (code != other.code) return "code";
    if (pending != other.pending) return "pending";
    if (timeoutSeconds != other.timeoutSeconds) return "timeoutSeconds";
    return null;
  }
}
