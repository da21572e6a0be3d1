package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.rtmp.chunk.ChunkDecoder;
import io.streamrp2p.protocol.rtmp.chunk.ChunkEncoder;
import io.streamrp2p.protocol.rtmp.chunk.ChunkLimits;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * RTMP chunk stream (RTMP 1.0 section 5.3) from a peer. Bad bytes may only raise ProtocolException;
 * the messages decoded do not depend on how the bytes are split; and every message re-encodes with
 * {@link ChunkEncoder} into a stream that decodes to the same messages.
 */
class ChunkDecoderFuzzTest {
  /**
   * Small limits, chosen by the first input byte, so the fuzzer reaches the limit checks with short
   * inputs and each run allocates little; otherwise the production defaults.
   */
  private static final ChunkLimits TIGHT = new ChunkLimits(4096, 4096, 4, 8192);

  @FuzzTest(maxDuration = "30s")
  void poll_anyBytes_onlyProtocolExceptionAndReencodes(byte[] data) {
    ChunkLimits limits = data.length > 0 && (data[0] & 1) == 1 ? TIGHT : ChunkLimits.defaults();
    StreamFeed.Outcome<RawMessage> whole = StreamFeed.whole(data, new ChunkDecoder(limits)::poll);
    StreamFeed.requireSame(whole, StreamFeed.split(data, new ChunkDecoder(limits)::poll));

    byte[] reencoded = encode(whole.units());
    StreamFeed.Outcome<RawMessage> again =
        StreamFeed.whole(reencoded, new ChunkDecoder(limits)::poll);
    if (again.rejected() || !again.units().equals(whole.units())) {
      throw new AssertionError("re-encoded " + whole.units() + " decoded as " + again);
    }
  }

  /** Encodes as a peer would, switching chunk size right after each Set Chunk Size it sends. */
  private static byte[] encode(List<RawMessage> messages) {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RawMessage m : messages) {
      out.writeBytes(encoder.encode(m));
      if (m.typeId() == 1) {
        encoder.setChunkSize(ByteBuffer.wrap(m.payload()).getInt());
      }
    }
    return out.toByteArray();
  }
}
