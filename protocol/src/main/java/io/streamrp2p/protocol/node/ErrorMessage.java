package io.streamrp2p.protocol.node;

/**
 * {@code error}, either way: the sender refused one frame but keeps the session (for example an
 * {@link ReasonCode#UNKNOWN_TYPE}). {@code message} is for people, 0..500 characters.
 */
public record ErrorMessage(ReasonCode code, String message)
    implements NodeMessage.FromHub, NodeMessage.FromNode {
  public ErrorMessage {
    if (code == null) {
      throw new IllegalArgumentException("code must be set");
    }
    NodeLimits.requireText(message, "message");
  }
}
