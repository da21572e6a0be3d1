package io.streamrp2p.protocol.flv;

/** One whole unit returned by {@link FlvReader#poll}: the file header first, then tags. */
public sealed interface FlvUnit permits FlvHeader, FlvTag {}
