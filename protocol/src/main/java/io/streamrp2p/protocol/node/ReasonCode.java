package io.streamrp2p.protocol.node;

import java.util.Optional;

/**
 * Why a peer answered with an {@code error} or ended the session with {@code close}. The wire
 * strings are part of the protocol: never rename one; a new code comes with a new protocol version,
 * since a receiver refuses a code it does not know.
 */
public enum ReasonCode {
  /** Invalid JSON, a wrong field type, a missing field or a value out of its bounds. */
  MALFORMED("malformed"),
  /** The frame is larger than {@link NodeMessageCodec#FRAME_BYTES_MAX}. */
  TOO_LARGE("too-large"),
  /** A message type this version does not define; answered with an error, session kept. */
  UNKNOWN_TYPE("unknown-type"),
  /** The message's {@code v} is newer than the receiver speaks. */
  UNSUPPORTED_VERSION("unsupported-version"),
  /** Unknown node, suspended node, or a signature that does not verify. */
  AUTH_FAILED("auth-failed"),
  /** No {@code auth} within the challenge's {@code authTimeoutMs}. */
  AUTH_TIMEOUT("auth-timeout"),
  /** A newer session of the same node replaced this one. */
  DUPLICATE_SESSION("duplicate-session"),
  /** A node message other than {@code auth} arrived before {@code welcome}. */
  NOT_AUTHENTICATED("not-authenticated"),
  /** A well-formed message the receiver does not take from this side or in this phase. */
  UNEXPECTED_MESSAGE("unexpected-message"),
  /** No heartbeat within the welcome's {@code heartbeatTimeoutMs}. */
  HEARTBEAT_TIMEOUT("heartbeat-timeout"),
  /** The peer sends faster than the receiver allows. */
  RATE_LIMITED("rate-limited"),
  /** An orderly shutdown or restart of the sender; the node reconnects later. */
  GOING_AWAY("going-away"),
  /**
   * The hub cannot reach the node's public URL, so it sends the node no viewers; the session stays
   * open. Sent as an {@code error}.
   */
  UNREACHABLE("unreachable"),
  /** A fault of the sender, not of the peer. */
  INTERNAL("internal");

  private final String wire;

  ReasonCode(String wire) {
    this.wire = wire;
  }

  /** The string on the wire. */
  public String wire() {
    return wire;
  }

  /** The code with this wire string, or empty. */
  public static Optional<ReasonCode> fromWire(String wire) {
    for (ReasonCode c : values()) {
      if (c.wire.equals(wire)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
