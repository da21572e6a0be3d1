package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.aac.Adts;
import io.streamrp2p.protocol.codec.aac.AudioSpecificConfig;
import java.util.Arrays;

/**
 * AAC configuration as it arrives: AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) in an FLV AAC
 * sequence header, and ADTS headers (1.A.2.2) in raw AAC streams. Bad bytes may only raise
 * ProtocolException; what parses re-encodes.
 */
class AacFuzzTest {
  /** A config that parses encodes to exactly the bytes it came from (the tail is kept raw). */
  @FuzzTest(maxDuration = "30s")
  void audioSpecificConfig_anyBytes_onlyProtocolExceptionAndReencodesSame(byte[] data) {
    AudioSpecificConfig config;
    try {
      config = AudioSpecificConfig.parse(data);
    } catch (ProtocolException expected) {
      return;
    }
    config.sampleRate();
    config.channels();
    byte[] encoded = config.encode();
    if (!Arrays.equals(encoded, data)) {
      throw new AssertionError(config + " from " + Hex.of(data) + " encodes as " + Hex.of(encoded));
    }
  }

  /**
   * A header that parses, written again from its AudioSpecificConfig as the muxer does, parses to
   * the same profile, rate, channels and payload length.
   */
  @FuzzTest(maxDuration = "30s")
  void adtsHeader_anyBytes_onlyProtocolExceptionAndRewritesSame(byte[] data) {
    Adts.Header header;
    try {
      header = Adts.parseHeader(data);
    } catch (ProtocolException expected) {
      return;
    }
    byte[] written = Adts.header(header.toAudioSpecificConfig(), header.payloadLength());
    Adts.Header again = Adts.parseHeader(written);
    if (again.profile() != header.profile()
        || again.samplingFrequencyIndex() != header.samplingFrequencyIndex()
        || again.channelConfiguration() != header.channelConfiguration()
        || again.payloadLength() != header.payloadLength()) {
      throw new AssertionError(header + " from " + Hex.of(data) + " rewrites as " + again);
    }
  }
}
