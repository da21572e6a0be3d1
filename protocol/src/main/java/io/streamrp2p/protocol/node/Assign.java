package io.streamrp2p.protocol.node;

/**
 * {@code assign}, hub to node: start relaying a stream. On the wire the assignment's fields sit in
 * the message itself. Assigning a stream the node already relays updates its URLs and bitrate.
 */
public record Assign(Assignment assignment) implements NodeMessage.FromHub {
  public Assign {
    if (assignment == null) {
      throw new IllegalArgumentException("assignment must be set");
    }
  }
}
