package io.streamrp2p.protocol;

/**
 * Bad bytes from the wire. Every codec in this module signals malformed or hostile input with this
 * one exception and nothing else, so a server can close the offending connection and keep serving
 * everyone else. The message says what was wrong and where (layer, field, offset).
 *
 * <p>Not final so that a layer whose peer must be told why can carry more: the hub-node session
 * adds a wire reason code ({@code node.NodeProtocolException}). Catching this type still catches
 * every codec's bad input.
 */
public class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String layer;

  public ProtocolException(String layer, String message) {
    super(layer + ": " + message, null, false, false);
    this.layer = layer;
  }

  public ProtocolException(String layer, String message, Throwable cause) {
    super(layer + ": " + message, cause, false, false);
    this.layer = layer;
  }

  /** The protocol layer that rejected the input, for example {@code rtmp.chunk} or {@code amf0}. */
  public String layer() {
    return layer;
  }

  /** Throws a {@link ProtocolException} unless {@code condition} holds. */
  public static void check(boolean condition, String layer, String message) {
    if (!condition) {
      throw new ProtocolException(layer, message);
    }
  }
}
