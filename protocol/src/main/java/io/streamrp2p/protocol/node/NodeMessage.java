package io.streamrp2p.protocol.node;

/**
 * One message of the hub-node session: one JSON object in one websocket text frame, read and
 * written by {@link NodeMessageCodec}. Each message type is one small record; the sub-interfaces
 * say which side sends it, so a session can refuse a message from the wrong side with {@link
 * ReasonCode#UNEXPECTED_MESSAGE}. {@link ErrorMessage} and {@link Close} go both ways.
 */
public sealed interface NodeMessage permits NodeMessage.FromHub, NodeMessage.FromNode {

  /** Sent by the hub: challenge, welcome, assign, unassign, error, close. */
  sealed interface FromHub extends NodeMessage
      permits Challenge, Welcome, Assign, Unassign, ErrorMessage, Close {}

  /** Sent by the node: auth, heartbeat, usage, error, close. */
  sealed interface FromNode extends NodeMessage
      permits Auth, Heartbeat, Usage, ErrorMessage, Close {}
}
