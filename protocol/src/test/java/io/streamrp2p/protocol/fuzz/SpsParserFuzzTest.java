package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.avc.AvcSps;
import io.streamrp2p.protocol.codec.avc.SpsParser;

/**
 * H.264 sequence parameter sets (7.3.2.1.1 with VUI timing) as they arrive in a sequence header.
 * Bad bytes may only raise ProtocolException; an SPS that parses describes a picture of positive
 * size within the level limits, and its derived values compute without failing.
 */
class SpsParserFuzzTest {
  /** 1055 macroblocks (SpsParser's bound) of 16 luma samples. */
  private static final int DIMENSION_SAMPLES_MAX = 1055 * 16 * 2;

  @FuzzTest(maxDuration = "30s")
  void parse_anyBytes_onlyProtocolExceptionAndSanePicture(byte[] data) {
    AvcSps sps;
    try {
      sps = SpsParser.parse(data);
    } catch (ProtocolException expected) {
      return;
    }
    Pictures.requireSane(sps, data, sps.width(), sps.height(), DIMENSION_SAMPLES_MAX);
    sps.frameRate();
    sps.nominalFrameRate();
    sps.chromaArrayType();
    for (int n = 0; n <= 5; n++) {
      sps.constraintSet(n);
    }
  }
}
