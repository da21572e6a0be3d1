package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.amf.Amf0Reader;
import io.streamrp2p.protocol.amf.Amf0Writer;
import java.util.List;

/**
 * AMF0 payloads (command and data messages, with AMF3 behind the avmplus marker). Bad bytes may
 * only raise ProtocolException, and whatever decodes re-encodes with {@link Amf0Writer} into bytes
 * that decode to an equal value list: the hub forwards decoded metadata that way.
 */
class Amf0ReaderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void readAll_anyBytes_onlyProtocolExceptionAndReencodes(byte[] data) {
    List<Object> values;
    try {
      values = Amf0Reader.decodeAll(data);
    } catch (ProtocolException expected) {
      return;
    }
    List<Object> again = Amf0Reader.decodeAll(Amf0Writer.encodeAll(values));
    if (!again.equals(values)) {
      throw new AssertionError("re-encoded " + values + " decoded as " + again);
    }
  }
}
