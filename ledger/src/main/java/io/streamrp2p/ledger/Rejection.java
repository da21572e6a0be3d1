package io.streamrp2p.ledger;

import java.util.Optional;

/**
 * Why the ledger refused a request. Replies carry them as {@code StatusReply.error("CODE: detail")}
 * so they survive serialization between cluster members as plain text; {@link #of} reads the code
 * back. Only {@link #TRANSIENT} is worth retrying with the same id: every other code is final for
 * that id (as in TigerBeetle, a transfer id that failed cannot be reused).
 */
public enum Rejection {
  /** A field is missing or out of range; nothing was recorded. */
  INVALID,
  /** The id exists with other content; the detail names the first field that differs. */
  EXISTS_WITH_DIFFERENT_FIELD,
  ACCOUNT_NOT_FOUND,
  ACCOUNT_EXISTS_WITH_DIFFERENT_FIELD,
  ACCOUNTS_MUST_BE_DIFFERENT,
  LEDGER_MISMATCH,
  /** The debit would take a user account below zero. */
  EXCEEDS_CREDITS,
  /** The credit would exceed the debits of an account that must not. */
  EXCEEDS_DEBITS,
  /** A balance would pass {@code Long.MAX_VALUE} minor units. */
  OVERFLOW,
  TOO_MANY_PENDING,
  NOT_FOUND,
  NOT_PENDING,
  ALREADY_POSTED,
  ALREADY_VOIDED,
  POST_AMOUNT_EXCEEDS_PENDING,
  /** A leg exists for this transfer id with other content. */
  LEG_CONFLICT,
  /** Refused in an earlier run that a restart interrupted; the first reason is not kept. */
  ABORTED,
  /** Ask again with the same id: the entity restarted or a step timed out. */
  TRANSIENT;

  /** The reply text for this code. */
  public String message(String detail) {
    return name() + ": " + detail;
  }

  /** The code of a StatusReply error message; empty if it is not one of ours. */
  public static Optional<Rejection> of(Throwable t) {
    String m = t.getMessage();
    if (m == null) {
      return Optional.empty();
    }
    int colon = m.indexOf(':');
    String code = colon < 0 ? m : m.substring(0, colon);
    for (Rejection r : values()) {
      if (r.name().equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code t} is a rejection with this code. */
  public boolean is(Throwable t) {
    return of(t).filter(r -> r == this).isPresent();
  }
}
