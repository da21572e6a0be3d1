package io.streamrp2p.protocol.rtmp.chunk;

import static io.streamrp2p.protocol.rtmp.chunk.Bytes.filler;
import static io.streamrp2p.protocol.rtmp.chunk.Bytes.of;
import static io.streamrp2p.protocol.rtmp.chunk.Bytes.slice;

import java.util.List;
import java.util.stream.Stream;

/**
 * Byte-exact chunk streams and the messages they carry (RTMP 1.0 section 5.3). The decoder test
 * decodes each; the encoder test re-encodes those marked {@code encoderWritesIt}.
 */
final class ChunkVectors {
  private ChunkVectors() {}

  record Vector(String name, byte[] wire, List<RawMessage> messages, boolean encoderWritesIt) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final byte[] P130 = filler(130);
  static final byte[] P200 = filler(200);

  static Stream<Vector> all() {
    return Stream.of(
            singleAndContinuation(), headerCompression(), basicHeaders(), timestamps(), control())
        .flatMap(s -> s);
  }

  private static Stream<Vector> singleAndContinuation() {
    return Stream.of(
        new Vector(
            "fmt 0 single chunk",
            of(
                0x03, // basic header: fmt 0, csid 3
                "00 03 E8", // timestamp 1000
                "00 00 03", // message length 3
                0x14, // type 20 (AMF0 command)
                "00 00 00 00", // message stream id 0 (little-endian)
                "0A 0B 0C"), // payload
            List.of(new RawMessage(3, 20, 1000, 0, of(0x0A, 0x0B, 0x0C))),
            true),
        new Vector(
            "fmt 0 then fmt 3 continuation at chunk size 128",
            of(
                0x04, // fmt 0, csid 4
                "00 00 00", // timestamp 0
                "00 00 82", // length 130
                0x09, // type 9 (video)
                "01 00 00 00", // stream id 1
                slice(P130, 0, 128), // first 128 bytes
                0xC4, // fmt 3, csid 4: continuation
                slice(P130, 128, 130)), // last 2 bytes
            List.of(new RawMessage(4, 9, 0, 1, P130)),
            true),
        new Vector(
            "zero-length message",
            of(
                0x03, // fmt 0, csid 3
                "00 00 00", // timestamp 0
                "00 00 00", // length 0
                0x14, // type 20
                "00 00 00 00"), // stream id 0; no payload
            List.of(new RawMessage(3, 20, 0, 0, new byte[0])),
            true));
  }

  private static Stream<Vector> headerCompression() {
    return Stream.of(
        new Vector(
            "fmt 1 new length and type, fmt 2 new delta, fmt 3 same delta",
            of(
                "06 00 00 64", // fmt 0, csid 6, timestamp 100
                "00 00 02 09", // length 2, type 9
                "01 00 00 00", // stream id 1
                "A1 A2", // payload
                "46 00 00 28", // fmt 1, csid 6, delta 40 -> 140
                "00 00 03 08", // length 3, type 8
                "B1 B2 B3", // payload
                "86 00 00 14", // fmt 2, csid 6, delta 20 -> 160
                "C1 C2 C3", // payload
                0xC6, // fmt 3, csid 6: new message, delta 20 again -> 180
                "D1 D2 D3"), // payload
            List.of(
                new RawMessage(6, 9, 100, 1, of(0xA1, 0xA2)),
                new RawMessage(6, 8, 140, 1, of(0xB1, 0xB2, 0xB3)),
                new RawMessage(6, 8, 160, 1, of(0xC1, 0xC2, 0xC3)),
                new RawMessage(6, 8, 180, 1, of(0xD1, 0xD2, 0xD3))),
            true),
        new Vector(
            "fmt 3 right after fmt 0 uses the fmt 0 timestamp as delta (5.3.1.2.4)",
            of(
                "05 00 00 0A", // fmt 0, csid 5, timestamp 10
                "00 00 01 08", // length 1, type 8
                "01 00 00 00", // stream id 1
                0xE1, // payload
                0xC5, // fmt 3: new message, delta 10 -> 20
                0xE2), // payload
            List.of(new RawMessage(5, 8, 10, 1, of(0xE1)), new RawMessage(5, 8, 20, 1, of(0xE2))),
            true),
        new Vector(
            "interleaved chunk streams",
            of(
                "04 00 00 00", // fmt 0, csid 4, timestamp 0
                "00 00 C8 09", // length 200, type 9
                "01 00 00 00", // stream id 1
                slice(P200, 0, 128), // first chunk of the video message
                "08 00 00 00", // fmt 0, csid 8, timestamp 0
                "00 00 01 08", // length 1, type 8
                "01 00 00 00", // stream id 1
                0xAA, // whole audio message in between
                0xC4, // fmt 3, csid 4: continuation
                slice(P200, 128, 200)),
            List.of(new RawMessage(8, 8, 0, 1, of(0xAA)), new RawMessage(4, 9, 0, 1, P200)),
            false));
  }

  private static Stream<Vector> basicHeaders() {
    return Stream.of(
        basicHeaderVector("2-byte basic header, csid 64", 64, of(0x00, 0x00), true),
        basicHeaderVector("2-byte basic header, csid 319", 319, of(0x00, 0xFF), true),
        basicHeaderVector("3-byte basic header, csid 320", 320, of(0x01, 0x00, 0x01), true),
        basicHeaderVector("3-byte basic header, csid 65599", 65599, of(0x01, 0xFF, 0xFF), true),
        basicHeaderVector("3-byte form of a small csid 100", 100, of(0x01, 0x24, 0x00), false));
  }

  private static Vector basicHeaderVector(
      String name, int csid, byte[] basicHeader, boolean encoderWritesIt) {
    return new Vector(
        name,
        of(
            basicHeader, // fmt 0 and the csid escape
            "00 00 07", // timestamp 7
            "00 00 01 12", // length 1, type 18
            "00 00 00 00", // stream id 0
            0x42), // payload
        List.of(new RawMessage(csid, 18, 7, 0, of(0x42))),
        encoderWritesIt);
  }

  private static Stream<Vector> timestamps() {
    byte[] tail = of(0x03, 0, 0, 0, 0, 0, 1, 0x14, 0, 0, 0, 0, 0x77); // csid 3, 1-byte message
    return Stream.of(
        new Vector(
            "extended timestamp repeated in fmt 3 continuation",
            of(
                "04 FF FF FF", // fmt 0, csid 4, timestamp marker
                "00 00 82 09", // length 130, type 9
                "01 00 00 00", // stream id 1
                "01 00 00 00", // extended timestamp 0x01000000
                slice(P130, 0, 128),
                0xC4, // fmt 3 continuation
                "01 00 00 00", // extended timestamp repeated
                slice(P130, 128, 130)),
            List.of(new RawMessage(4, 9, 0x01000000L, 1, P130)),
            true),
        new Vector(
            "extended timestamp omitted in fmt 3 continuation (tolerated)",
            of(
                "04 FF FF FF", // fmt 0, csid 4, timestamp marker
                "00 00 82 09", // length 130, type 9
                "01 00 00 00", // stream id 1
                "01 00 00 00", // extended timestamp 0x01000000
                slice(P130, 0, 128),
                0xC4, // fmt 3 continuation without the repeated field
                slice(P130, 128, 130),
                tail), // more bytes so the 4-byte peek can decide
            List.of(
                new RawMessage(4, 9, 0x01000000L, 1, P130), new RawMessage(3, 20, 0, 0, of(0x77))),
            false),
        new Vector(
            "timestamp wraps modulo 2^32",
            of(
                "05 FF FF FF", // fmt 0, csid 5, timestamp marker
                "00 00 01 08", // length 1, type 8
                "01 00 00 00", // stream id 1
                "FF FF FF F0", // extended timestamp 0xFFFFFFF0
                0xE1, // payload
                "85 00 00 20", // fmt 2, delta 32 -> 0x10 after wrapping
                0xE2),
            List.of(
                new RawMessage(5, 8, 0xFFFFFFF0L, 1, of(0xE1)),
                new RawMessage(5, 8, 0x10, 1, of(0xE2))),
            true));
  }

  private static Stream<Vector> control() {
    return Stream.of(
        new Vector(
            "Set Chunk Size applies to the next chunk",
            of(
                "02 00 00 00", // fmt 0, csid 2, timestamp 0
                "00 00 04 01", // length 4, type 1 (Set Chunk Size)
                "00 00 00 00", // stream id 0
                "00 00 01 00", // chunk size 256
                "04 00 00 00", // fmt 0, csid 4, timestamp 0
                "00 00 C8 09", // length 200, type 9
                "01 00 00 00", // stream id 1
                P200), // one chunk now
            List.of(new RawMessage(2, 1, 0, 0, of(0, 0, 1, 0)), new RawMessage(4, 9, 0, 1, P200)),
            true),
        new Vector(
            "Abort discards the partial message",
            of(
                "04 00 00 00", // fmt 0, csid 4, timestamp 0
                "00 00 C8 09", // length 200, type 9
                "01 00 00 00", // stream id 1
                slice(P200, 0, 128), // first chunk only
                "02 00 00 00", // fmt 0, csid 2, timestamp 0
                "00 00 04 02", // length 4, type 2 (Abort)
                "00 00 00 00", // stream id 0
                "00 00 00 04", // abort csid 4
                "44 00 00 00", // fmt 1, csid 4, delta 0
                "00 00 01 09", // length 1, type 9
                0xBB),
            List.of(
                new RawMessage(2, 2, 0, 0, of(0, 0, 0, 4)), new RawMessage(4, 9, 0, 1, of(0xBB))),
            false));
  }
}
