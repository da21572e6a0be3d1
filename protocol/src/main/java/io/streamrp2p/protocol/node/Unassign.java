package io.streamrp2p.protocol.node;

/** {@code unassign}, hub to node: stop relaying {@code stream} and cut its viewers. */
public record Unassign(String stream, UnassignReason reason) implements NodeMessage.FromHub {
  public Unassign {
    NodeLimits.requireName(stream, "stream");
    if (reason == null) {
      throw new IllegalArgumentException("reason must be set");
    }
  }
}
