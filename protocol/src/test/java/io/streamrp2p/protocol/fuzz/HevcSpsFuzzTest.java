package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.hevc.HevcSps;

/**
 * H.265 sequence parameter sets (7.3.2.2.1 with profile_tier_level 7.3.3) from an HEVC sequence
 * header. Bad bytes may only raise ProtocolException; an SPS that parses describes a picture of
 * positive size within the level limits.
 */
class HevcSpsFuzzTest {
  /** Sqrt(MaxLumaPs * 8) for level 6.x (A.4.1), HevcSps's bound on each dimension. */
  private static final int DIMENSION_SAMPLES_MAX = 16888;

  @FuzzTest(maxDuration = "30s")
  void parse_anyBytes_onlyProtocolExceptionAndSanePicture(byte[] data) {
    HevcSps sps;
    try {
      sps = HevcSps.parse(data);
    } catch (ProtocolException expected) {
      return;
    }
    Pictures.requireSane(sps, data, sps.width(), sps.height(), DIMENSION_SAMPLES_MAX);
  }
}
