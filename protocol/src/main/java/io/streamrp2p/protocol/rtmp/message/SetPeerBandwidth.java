package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.util.Objects;

/**
 * Set Peer Bandwidth, type 6 (RTMP 1.0 section 5.4.5): window size and a limit type byte.
 *
 * @param windowBytes the output window the peer should use
 */
public record SetPeerBandwidth(long windowBytes, LimitType limitType) {
  /** Section 5.4.5 limit types, by their wire value. */
  public enum LimitType {
    HARD,
    SOFT,
    DYNAMIC
  }

  public SetPeerBandwidth {
    Payloads.requireU32(windowBytes, "windowBytes");
    Objects.requireNonNull(limitType, "limitType");
  }

  public static SetPeerBandwidth decode(RawMessage raw) {
    Payloads.requireType(raw, MessageTypes.SET_PEER_BANDWIDTH, "Set Peer Bandwidth");
    byte[] p = raw.payload();
    Payloads.checkLength(p, 5, "Set Peer Bandwidth");
    int type = p[4] & 0xFF;
    ProtocolException.check(
        type < LimitType.values().length,
        Payloads.LAYER,
        "Set Peer Bandwidth limit type " + type + " at offset 4 is not 0, 1 or 2");
    return new SetPeerBandwidth(Payloads.u32(p, 0), LimitType.values()[type]);
  }

  public RawMessage encode() {
    byte[] p = new byte[5];
    Payloads.putU32(p, 0, windowBytes);
    p[4] = (byte) limitType.ordinal();
    return Payloads.control(MessageTypes.SET_PEER_BANDWIDTH, p);
  }
}
