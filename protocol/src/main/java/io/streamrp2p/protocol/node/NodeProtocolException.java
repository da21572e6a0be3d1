package io.streamrp2p.protocol.node;

import io.streamrp2p.protocol.ProtocolException;
import java.util.Objects;
import java.util.Optional;

/**
 * A hub-node frame that cannot be taken, with the reason code to send back in an {@code error} or
 * {@code close}. {@link ReasonCode#UNKNOWN_TYPE} is the one a receiver answers without closing: the
 * frame was well formed, the peer is just newer.
 */
public final class NodeProtocolException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  /** The layer name in every message, {@code node: ...}. */
  public static final String LAYER = "node";

  private final ReasonCode reason;
  private final String type;

  /**
   * @param type the frame's {@code type} when it was read (for {@link ReasonCode#UNKNOWN_TYPE}, the
   *     unknown one), else null
   */
  public NodeProtocolException(ReasonCode reason, String type, String message) {
    super(LAYER, message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.type = type;
  }

  public ReasonCode reason() {
    return reason;
  }

  /** The frame's {@code type}, when the decoder got that far. */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  static NodeProtocolException malformed(String type, String message) {
    return new NodeProtocolException(ReasonCode.MALFORMED, type, message);
  }
}
