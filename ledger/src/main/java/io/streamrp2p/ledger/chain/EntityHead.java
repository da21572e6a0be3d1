package io.streamrp2p.ledger.chain;

import io.streamrp2p.persistence.CborSerializable;

/** An entity's newest event at checkpoint time: persistence id, sequence number and hash. */
public record EntityHead(String persistenceId, long seq, String hash) implements CborSerializable {}
