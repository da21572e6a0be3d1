package io.streamrp2p.protocol.rtmp.chunk;

import static io.streamrp2p.protocol.rtmp.chunk.Bytes.filler;
import static io.streamrp2p.protocol.rtmp.chunk.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.ChunkVectors.Vector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkDecoderTest {
  private static final ChunkLimits SMALL = new ChunkLimits(4096, 1000, 4, 1500);

  static Stream<Vector> vectors() {
    return ChunkVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void poll_wholeVector_decodesExpectedMessages(Vector v) {
    ChunkDecoder decoder = new ChunkDecoder();
    ByteBuffer in = ByteBuffer.wrap(v.wire());

    assertThat(drain(decoder, in)).containsExactlyElementsOf(v.messages());
    assertThat(in.hasRemaining()).isFalse();
    assertThat(decoder.bytesRead()).isEqualTo(v.wire().length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void poll_oneByteAtATime_decodesExpectedMessages(Vector v) {
    assertThat(feedByteByByte(new ChunkDecoder(), v.wire()))
        .containsExactlyElementsOf(v.messages());
  }

  @Test
  void poll_truncatedChunk_consumesNothing() {
    byte[] wire = ChunkVectors.all().findFirst().orElseThrow().wire();
    for (int cut = 0; cut < wire.length; cut++) {
      ChunkDecoder decoder = new ChunkDecoder();
      ByteBuffer in = ByteBuffer.wrap(wire, 0, cut);

      assertThat(decoder.poll(in)).isNull();
      assertThat(in.position()).isZero();
      assertThat(decoder.bytesRead()).isZero();
    }
  }

  @Test
  void poll_setChunkSize_updatesChunkSize() {
    ChunkDecoder decoder = new ChunkDecoder();
    drain(decoder, ByteBuffer.wrap(setChunkSize(0x00, 0x00, 0x10, 0x00)));

    assertThat(decoder.chunkSize()).isEqualTo(4096);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("fmt 1 on a new chunk stream", of(0x43, 0, 0, 0, 0, 0, 1, 8, 0)),
        Arguments.of("fmt 2 on a new chunk stream", of(0x83, 0, 0, 0, 0)),
        Arguments.of("fmt 3 on a new chunk stream", of(0xC3, 0)),
        Arguments.of("message longer than messageBytesMax", header(3, 1001)),
        Arguments.of(
            "more chunk streams than chunkStreamsMax",
            of(header(3, 0), header(4, 0), header(5, 0), header(6, 0), header(7, 0))),
        Arguments.of(
            "partial messages over pendingBytesMax",
            of(header(3, 1000), filler(128), header(4, 1000))),
        Arguments.of(
            "length change in the middle of a message",
            of(header(3, 200), filler(128), 0x43, 0, 0, 0, 0x00, 0x00, 0xC9, 0x09)),
        Arguments.of(
            "type change in the middle of a message",
            of(header(3, 200), filler(128), 0x43, 0, 0, 0, 0x00, 0x00, 0xC8, 0x08)),
        Arguments.of("Set Chunk Size 0", setChunkSize(0, 0, 0, 0)),
        Arguments.of("Set Chunk Size with the top bit set", setChunkSize(0x80, 0, 0, 0x80)),
        Arguments.of("Set Chunk Size above chunkSizeMax", setChunkSize(0, 0, 0x10, 0x01)),
        Arguments.of(
            "Set Chunk Size payload too short", of(0x02, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 1)),
        Arguments.of("Abort payload too short", of(0x02, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void poll_malformedInput_throwsProtocolException(String name, byte[] wire) {
    ChunkDecoder decoder = new ChunkDecoder(SMALL);

    assertThatThrownBy(() -> drain(decoder, ByteBuffer.wrap(wire)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("rtmp.chunk: ");
  }

  @Test
  void poll_abortedMessage_releasesPendingBytes() {
    // Two 1000-byte messages in a row only fit the 1500-byte pending bound if Abort frees one.
    byte[] wire =
        of(
            header(3, 1000), // csid 3, 1000-byte message
            filler(128), // its first chunk only
            "02 00 00 00", // fmt 0, csid 2, timestamp 0
            "00 00 04 02", // length 4, type 2 (Abort)
            "00 00 00 00", // stream id 0
            "00 00 00 03", // abort csid 3
            header(4, 1000), // csid 4, another 1000-byte message
            filler(128));
    ChunkDecoder decoder = new ChunkDecoder(SMALL);

    assertThat(drain(decoder, ByteBuffer.wrap(wire))).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void poll_randomBytes_throwsOnlyProtocolException(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      byte[] wire = new byte[random.nextInt(600)];
      random.nextBytes(wire);
      if (wire.length > 0) {
        wire[0] &= 0x3F; // start with fmt 0 so decoding gets past the first header
      }
      ChunkDecoder decoder = new ChunkDecoder(SMALL);
      try {
        drain(decoder, ByteBuffer.wrap(wire));
      } catch (ProtocolException expected) {
        // the only exception allowed
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void poll_mutatedVector_throwsOnlyProtocolException(Vector v) {
    Random random = new Random(v.name().hashCode());
    for (int round = 0; round < 300; round++) {
      byte[] wire = v.wire().clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
      }
      try {
        feedByteByByte(new ChunkDecoder(SMALL), wire, false);
      } catch (ProtocolException expected) {
        // the only exception allowed
      }
    }
  }

  /** fmt 0 header for an AMF0 command of {@code length} bytes on {@code csid} (2..63). */
  static byte[] header(int csid, int length) {
    return of(
        csid, // fmt 0
        "00 00 00", // timestamp 0
        Arrays.copyOfRange(ByteBuffer.allocate(4).putInt(length).array(), 1, 4), // length
        0x14, // type 20
        "00 00 00 00"); // stream id 0
  }

  static byte[] setChunkSize(int b0, int b1, int b2, int b3) {
    return of(
        "02 00 00 00", // fmt 0, csid 2, timestamp 0
        "00 00 04 01", // length 4, type 1
        "00 00 00 00", // stream id 0
        new byte[] {(byte) b0, (byte) b1, (byte) b2, (byte) b3}); // chunk size, big-endian
  }

  static List<RawMessage> drain(ChunkDecoder decoder, ByteBuffer in) {
    List<RawMessage> out = new ArrayList<>();
    for (RawMessage m = decoder.poll(in); m != null; m = decoder.poll(in)) {
      out.add(m);
    }
    return out;
  }

  /** Appends one byte at a time to a buffer the decoder reads, compacting as a socket would. */
  static List<RawMessage> feedByteByByte(ChunkDecoder decoder, byte[] wire) {
    return feedByteByByte(decoder, wire, true);
  }

  private static List<RawMessage> feedByteByByte(
      ChunkDecoder decoder, byte[] wire, boolean expectAllConsumed) {
    List<RawMessage> out = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(wire.length);
    for (byte b : wire) {
      buffer.put(b).flip();
      out.addAll(drain(decoder, buffer));
      buffer.compact();
    }
    if (expectAllConsumed) {
      assertThat(buffer.position()).isZero();
      assertThat(decoder.bytesRead()).isEqualTo(wire.length);
    }
    return out;
  }
}
