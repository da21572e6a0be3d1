package io.streamrp2p.protocol.node;

/**
 * {@code close}, either way: the last frame the sender writes before closing the websocket. {@code
 * message} is for people, 0..500 characters.
 */
public record Close(ReasonCode reason, String message)
    implements NodeMessage.FromHub, NodeMessage.FromNode {
  public Close {
    if (reason == null) {
      throw new IllegalArgumentException("reason must be set");
    }
    NodeLimits.requireText(message, "message");
  }
}
