package io.streamrp2p.protocol.node;

/**
 * {@code challenge}, hub to node, the first frame of every session.
 *
 * @param nonce 32 fresh random bytes, unpadded base64url; the node signs it in {@link Auth}
 * @param hubTimeMs the hub's clock, Unix milliseconds, so the node can see its own skew
 * @param authTimeoutMs how long after sending this the hub waits for {@code auth} before closing
 *     with {@link ReasonCode#AUTH_TIMEOUT}
 */
public record Challenge(String nonce, long hubTimeMs, long authTimeoutMs)
    implements NodeMessage.FromHub {
  public Challenge {
    NodeLimits.requireBase64Url(nonce, NodeLimits.NONCE_BYTES, "nonce");
    NodeLimits.requireRange(hubTimeMs, 0, Long.MAX_VALUE, "hubTimeMs");
    NodeLimits.requireRange(authTimeoutMs, 1, NodeLimits.AUTH_TIMEOUT_MS_MAX, "authTimeoutMs");
  }
}
