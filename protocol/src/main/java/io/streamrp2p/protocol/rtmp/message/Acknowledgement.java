package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.rtmp.chunk.RawMessage;

/**
 * Acknowledgement, type 3 (RTMP 1.0 section 5.4.3).
 *
 * @param sequenceNumber bytes received so far, modulo 2^32
 */
public record Acknowledgement(long sequenceNumber) {
  public Acknowledgement {
    Payloads.requireU32(sequenceNumber, "sequenceNumber");
  }

  public static Acknowledgement decode(RawMessage raw) {
    Payloads.requireType(raw, MessageTypes.ACKNOWLEDGEMENT, "Acknowledgement");
    Payloads.checkLength(raw.payload(), 4, "Acknowledgement");
    return new Acknowledgement(Payloads.u32(raw.payload(), 0));
  }

  public RawMessage encode() {
    return Payloads.control(MessageTypes.ACKNOWLEDGEMENT, Payloads.u32Payload(sequenceNumber));
  }
}
