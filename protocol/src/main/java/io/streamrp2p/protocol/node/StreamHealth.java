package io.streamrp2p.protocol.node;

/** One assigned stream in a {@link Heartbeat}: its viewers on this node and its state. */
public record StreamHealth(String stream, int viewers, StreamState state) {
  public StreamHealth {
    NodeLimits.requireName(stream, "stream");
    NodeLimits.requireRange(viewers, 0, NodeLimits.VIEWERS_MAX, "viewers");
    if (state == null) {
      throw new IllegalArgumentException("state must be set");
    }
  }
}
