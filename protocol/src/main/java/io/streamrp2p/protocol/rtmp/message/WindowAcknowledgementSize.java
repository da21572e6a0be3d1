package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.rtmp.chunk.RawMessage;

/**
 * Window Acknowledgement Size, type 5 (RTMP 1.0 section 5.4.4).
 *
 * @param windowBytes bytes the sender may send before it expects an Acknowledgement
 */
public record WindowAcknowledgementSize(long windowBytes) {
  public WindowAcknowledgementSize {
    Payloads.requireU32(windowBytes, "windowBytes");
  }

  public static WindowAcknowledgementSize decode(RawMessage raw) {
    Payloads.requireType(
        raw, MessageTypes.WINDOW_ACKNOWLEDGEMENT_SIZE, "Window Acknowledgement Size");
    Payloads.checkLength(raw.payload(), 4, "Window Acknowledgement Size");
    return new WindowAcknowledgementSize(Payloads.u32(raw.payload(), 0));
  }

  public RawMessage encode() {
    return Payloads.control(
        MessageTypes.WINDOW_ACKNOWLEDGEMENT_SIZE, Payloads.u32Payload(windowBytes));
  }
}
