package io.streamrp2p.hub.api;

/**
 * Who sent a request: a creator, or the operator (who also acts as the creator that owns the hub's
 * own streams).
 */
record Principal(String creator, boolean operator) {}
