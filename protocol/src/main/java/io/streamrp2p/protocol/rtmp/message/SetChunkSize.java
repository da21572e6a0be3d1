package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;

/** Set Chunk Size, type 1 (RTMP 1.0 section 5.4.1): 31-bit size, top bit zero. */
public record SetChunkSize(int chunkSize) {
  public SetChunkSize {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be 1..0x7FFFFFFF: " + chunkSize);
    }
  }

  public static SetChunkSize decode(RawMessage raw) {
    Payloads.requireType(raw, MessageTypes.SET_CHUNK_SIZE, "Set Chunk Size");
    Payloads.checkLength(raw.payload(), 4, "Set Chunk Size");
    long value = Payloads.u32(raw.payload(), 0);
    ProtocolException.check(
        value >= 1 && value <= 0x7FFFFFFFL,
        Payloads.LAYER,
        "Set Chunk Size value " + value + " is 0 or has the reserved top bit set");
    return new SetChunkSize((int) value);
  }

  public RawMessage encode() {
    return Payloads.control(MessageTypes.SET_CHUNK_SIZE, Payloads.u32Payload(chunkSize));
  }
}
