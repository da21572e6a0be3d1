package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Audio and video tag body headers (FLV E.4.2.1, E.4.3.1 and Enhanced RTMP), legacy and enhanced
 * forms, fed the same bytes as both. Bad bytes may only raise ProtocolException; a header that
 * decodes re-encodes to the bytes it came from.
 */
class FlvTagHeadersFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decode_anyBody_onlyProtocolExceptionAndReencodesSame(byte[] body) {
    TagBodies.requireVideoRoundTrip(body);
    TagBodies.requireAudioRoundTrip(body);
  }
}
