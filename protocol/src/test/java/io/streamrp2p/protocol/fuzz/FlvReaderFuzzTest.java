package io.streamrp2p.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrp2p.protocol.flv.FlvHeader;
import io.streamrp2p.protocol.flv.FlvReader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.FlvUnit;
import io.streamrp2p.protocol.flv.FlvWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * FLV streams (spec v10.1, E.2 to E.4.1) from an HTTP-FLV or file source. Bad bytes may only raise
 * ProtocolException; the units decoded do not depend on how the bytes are split; the header
 * re-encodes to an equal header and each tag re-encodes to the bytes it came from (reserved bits of
 * the TagType byte aside, which the reader ignores and the writer zeroes).
 */
class FlvReaderFuzzTest {
  /** Small, so hostile DataSize fields are rejected or need few bytes to complete. */
  private static final int TAG_BODY_BYTES_MAX = 64 * 1024;

  /** Reserved UB[2] of the TagType byte (E.4.1). */
  private static final int RESERVED_BITS = 0xC0;

  @FuzzTest(maxDuration = "30s")
  void poll_anyBytes_onlyProtocolExceptionAndReencodesSame(byte[] data) {
    StreamFeed.Outcome<FlvUnit> whole =
        StreamFeed.whole(data, new FlvReader(TAG_BODY_BYTES_MAX)::poll);
    StreamFeed.requireSame(whole, StreamFeed.split(data, new FlvReader(TAG_BODY_BYTES_MAX)::poll));

    int at = 0;
    for (FlvUnit unit : whole.units()) {
      if (unit instanceof FlvHeader header) {
        requireHeaderRoundTrip(header);
        at = header.dataOffset() + FlvWriter.PREVIOUS_TAG_SIZE_LENGTH;
      } else {
        FlvTag tag = (FlvTag) unit;
        byte[] encoded = FlvWriter.encodeTag(tag);
        byte[] original = Arrays.copyOfRange(data, at, at + encoded.length - 4);
        original[0] &= (byte) ~RESERVED_BITS;
        if (!Arrays.equals(original, 0, original.length, encoded, 0, original.length)) {
          throw new AssertionError(tag + " at offset " + at + " re-encodes differently");
        }
        TagBodies.requireRoundTrip(tag);
        at += encoded.length;
      }
    }
  }

  private static void requireHeaderRoundTrip(FlvHeader header) {
    FlvUnit again = new FlvReader().poll(ByteBuffer.wrap(FlvWriter.encodeHeader(header)));
    if (!header.equals(again)) {
      throw new AssertionError(header + " re-encoded decodes as " + again);
    }
  }
}
