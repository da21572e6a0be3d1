package io.streamrp2p.persistence;

/**
 * Marker for everything persisted or sent between cluster members: events, snapshots, commands and
 * replies. Bound to Jackson CBOR in {@code reference.conf}; Java serialization is off, so a message
 * without this marker fails loudly instead of being serialized by accident.
 */
public interface CborSerializable {}
