package io.streamrp2p.ledger.audit;

/** A rule an event broke, before the auditor adds where. */
record Finding(Violation.Rule rule, String detail) {}
