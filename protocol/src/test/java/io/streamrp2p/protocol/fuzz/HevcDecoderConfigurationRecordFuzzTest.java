package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.hevc.HevcDecoderConfigurationRecord;
import java.util.Arrays;

/**
 * HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) from an enhanced-RTMP or legacy HEVC
 * sequence header. Bad bytes may only raise ProtocolException; a record that parses encodes to
 * bytes that parse to an equal record, and those bytes are stable under another round trip.
 */
class HevcDecoderConfigurationRecordFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void parse_anyBytes_onlyProtocolExceptionAndReencodes(byte[] data) {
    HevcDecoderConfigurationRecord record;
    try {
      record = HevcDecoderConfigurationRecord.parse(data);
    } catch (ProtocolException expected) {
      return;
    }
    byte[] encoded = record.encode();
    HevcDecoderConfigurationRecord again = HevcDecoderConfigurationRecord.parse(encoded);
    if (!again.equals(record) || !Arrays.equals(again.encode(), encoded)) {
      throw new AssertionError(record + " from " + Hex.of(data) + " re-parses as " + again);
    }
  }
}
