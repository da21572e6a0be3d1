package io.streamrp2p.ledger.account;

/** Which side of a transfer an account is on. */
public enum Side {
  DEBIT,
  CREDIT
}
