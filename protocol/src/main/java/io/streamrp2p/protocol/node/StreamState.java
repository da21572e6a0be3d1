package io.streamrp2p.protocol.node;

import java.util.Optional;

/** Where a node is with one assigned stream; stable wire strings, like {@link ReasonCode}. */
public enum StreamState {
  /** Connecting to a pull URL or waiting for the first keyframe; no viewers served yet. */
  PULLING("pulling"),
  /** Receiving the stream and serving viewers. */
  SERVING("serving"),
  /** Connected but no media for longer than the node's stall bound. */
  STALLED("stalled");

  private final String wire;

  StreamState(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<StreamState> fromWire(String wire) {
    for (StreamState s : values()) {
      if (s.wire.equals(wire)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
