package io.streamrp2p.ledger.account;

/** What an account is for; user accounts may never go below zero. */
public enum AccountKind {
  /** A stream's reward pool, funded by its creator, debited by settlements. */
  STREAM_POOL(true),
  /** A friend's accrued rewards, debited by payouts. */
  FRIEND_PAYOUT(true),
  /** Money that entered the ledger from outside; its balance is the negative of all deposits. */
  SYSTEM_DEPOSITS(false),
  /** Money that left (or is leaving) through a payout gateway. */
  SYSTEM_PAYOUTS(false),
  /** Fees the operator keeps. */
  SYSTEM_FEES(false);

  private final boolean user;

  AccountKind(boolean user) {
    this.user = user;
  }

  /** User accounts get {@code debitsMustNotExceedCredits}. */
  public boolean user() {
    return user;
  }
}
