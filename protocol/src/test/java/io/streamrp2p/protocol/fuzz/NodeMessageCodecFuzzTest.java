package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.node.NodeMessage;
import io.streamrp2p.protocol.node.NodeMessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Hub-node session frames, as a websocket hands them over (UTF-8 text; bad sequences become
 * U+FFFD). Bad frames may only raise ProtocolException; whatever decodes encodes within the frame
 * limit, and that frame decodes to the same message and encodes to the same frame again.
 */
class NodeMessageCodecFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decode_anyFrame_onlyProtocolExceptionAndReencodes(byte[] data) {
    NodeMessage message;
    try {
      message = NodeMessageCodec.decode(new String(data, StandardCharsets.UTF_8));
    } catch (ProtocolException expected) {
      return;
    }
    String frame = NodeMessageCodec.encode(message);
    NodeMessage again = NodeMessageCodec.decode(frame);
    if (!again.equals(message)) {
      throw new AssertionError("re-encoded " + message + " decoded as " + again);
    }
    if (!NodeMessageCodec.encode(again).equals(frame)) {
      throw new AssertionError("encoding " + again + " is not stable: " + frame);
    }
  }
}
