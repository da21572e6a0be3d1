package io.streamrp2p.protocol.node;

import java.util.Optional;

/** Why the hub takes a stream away from a node; stable wire strings, like {@link ReasonCode}. */
public enum UnassignReason {
  /** The stream ended; nothing to relay. */
  STREAM_ENDED("stream-ended"),
  /** The hub moved the stream's viewers to other nodes or serves them itself. */
  REBALANCED("rebalanced"),
  /** The node reported the stream stalled or ran out of capacity. */
  NODE_UNHEALTHY("node-unhealthy"),
  /** The stream's creator or an operator removed the node from the stream. */
  REMOVED("removed");

  private final String wire;

  UnassignReason(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<UnassignReason> fromWire(String wire) {
    for (UnassignReason r : values()) {
      if (r.wire.equals(wire)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
