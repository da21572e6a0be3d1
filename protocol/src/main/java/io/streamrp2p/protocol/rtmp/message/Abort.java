package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;

/** Abort, type 2 (RTMP 1.0 section 5.4.2): drop the partial message on a chunk stream. */
public record Abort(int chunkStreamId) {
  public Abort {
    if (chunkStreamId < RawMessage.CHUNK_STREAM_ID_MIN
        || chunkStreamId > RawMessage.CHUNK_STREAM_ID_MAX) {
      throw new IllegalArgumentException("chunk stream id out of range: " + chunkStreamId);
    }
  }

  public static Abort decode(RawMessage raw) {
    Payloads.requireType(raw, MessageTypes.ABORT, "Abort");
    Payloads.checkLength(raw.payload(), 4, "Abort");
    long id = Payloads.u32(raw.payload(), 0);
    ProtocolException.check(
        id >= RawMessage.CHUNK_STREAM_ID_MIN && id <= RawMessage.CHUNK_STREAM_ID_MAX,
        Payloads.LAYER,
        "Abort names chunk stream " + id + ", outside 2..65599");
    return new Abort((int) id);
  }

  public RawMessage encode() {
    return Payloads.control(MessageTypes.ABORT, Payloads.u32Payload(chunkStreamId));
  }
}
