package io.streamrp2p.protocol.rtmp.chunk;

import static io.streamrp2p.protocol.rtmp.chunk.Bytes.filler;
import static io.streamrp2p.protocol.rtmp.chunk.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.rtmp.chunk.ChunkVectors.Vector;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkEncoderTest {
  static Stream<Vector> vectors() {
    return ChunkVectors.all().filter(Vector::encoderWritesIt);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_vectorMessages_writesVectorBytes(Vector v) {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RawMessage m : v.messages()) {
      int size = encoder.encodedSize(m);
      byte[] bytes = encoder.encode(m);
      assertThat(bytes).hasSize(size);
      out.writeBytes(bytes);
      if (m.typeId() == 1) {
        encoder.setChunkSize(ByteBuffer.wrap(m.payload()).getInt());
      }
    }

    assertThat(out.toByteArray()).isEqualTo(v.wire());
  }

  @Test
  void encodeStandalone_extendedTimestamp_repeatsItInContinuation() {
    Vector v =
        ChunkVectors.all()
            .filter(x -> x.name().startsWith("extended timestamp rep"))
            .findFirst()
            .orElseThrow();
    RawMessage m = v.messages().get(0);

    assertThat(ChunkEncoder.standaloneSize(m, 128)).isEqualTo(v.wire().length);
    assertThat(ChunkEncoder.encodeStandalone(m, 128)).isEqualTo(v.wire());
  }

  @Test
  void encodeStandalone_intoCallerBuffer_writesAtPosition() {
    RawMessage m = new RawMessage(6, 9, 40, 1, filler(300));
    ByteBuffer dst = ByteBuffer.allocate(5 + ChunkEncoder.standaloneSize(m, 128));
    dst.position(5);

    int n = ChunkEncoder.encodeStandalone(m, 128, dst);

    assertThat(dst.position()).isEqualTo(5 + n);
    byte[] written = Bytes.slice(dst.array(), 5, 5 + n);
    assertThat(written).isEqualTo(ChunkEncoder.encodeStandalone(m, 128));
    assertThat(written[0]).isEqualTo((byte) 0x06); // fmt 0 even though nothing came before
  }

  @Test
  void encode_timestampGoesBackwards_usesFmt0() {
    ChunkEncoder encoder = new ChunkEncoder();
    encoder.encode(new RawMessage(4, 9, 1000, 1, of(1)));

    byte[] bytes = encoder.encode(new RawMessage(4, 9, 500, 1, of(2)));

    assertThat(bytes[0] & 0xC0).isEqualTo(0x00);
  }

  @Test
  void encode_newMessageStream_usesFmt0() {
    ChunkEncoder encoder = new ChunkEncoder();
    encoder.encode(new RawMessage(4, 9, 0, 1, of(1)));

    byte[] bytes = encoder.encode(new RawMessage(4, 9, 0, 2, of(2)));

    assertThat(bytes[0] & 0xC0).isEqualTo(0x00);
  }

  @Test
  void encode_bufferTooSmall_throwsAndWritesNothing() {
    ChunkEncoder encoder = new ChunkEncoder();
    RawMessage m = new RawMessage(3, 20, 0, 0, filler(10));
    ByteBuffer dst = ByteBuffer.allocate(encoder.encodedSize(m) - 1);

    assertThatThrownBy(() -> encoder.encode(m, dst)).isInstanceOf(IllegalArgumentException.class);
    assertThat(dst.position()).isZero();
    // State is untouched too: the next attempt still starts with fmt 0.
    assertThat(encoder.encode(m)[0]).isEqualTo((byte) 0x03);
  }

  @Test
  void setChunkSize_zero_throwsIllegalArgument() {
    assertThatThrownBy(() -> new ChunkEncoder().setChunkSize(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Random messages, random chunk sizes changed mid-stream, some written standalone: the decoder
   * fed one byte at a time must return exactly the messages encoded.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void encode_randomMessages_decodeToSameMessages(long seed) {
    Random random = new Random(seed);
    ChunkEncoder encoder = new ChunkEncoder();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<RawMessage> sent = new ArrayList<>();
    int[] csids = {2, 3, 4, 6, 63, 64, 319, 320, 65599};
    long[] clocks = new long[csids.length];
    for (int i = 0; i < 60; i++) {
      if (random.nextInt(8) == 0) {
        int size = 1 + random.nextInt(random.nextBoolean() ? 16 : 600);
        RawMessage scs = new RawMessage(2, 1, 0, 0, ByteBuffer.allocate(4).putInt(size).array());
        wire.writeBytes(encoder.encode(scs));
        encoder.setChunkSize(size);
        sent.add(scs);
        continue;
      }
      int k = random.nextInt(csids.length);
      clocks[k] = nextTimestamp(random, clocks[k]);
      byte[] payload = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(700)];
      random.nextBytes(payload);
      RawMessage m =
          new RawMessage(csids[k], 8 + random.nextInt(2), clocks[k], random.nextInt(2), payload);
      if (random.nextInt(4) == 0) {
        wire.writeBytes(ChunkEncoder.encodeStandalone(m, encoder.chunkSize()));
        encoder.noteStandalone(m);
      } else {
        wire.writeBytes(encoder.encode(m));
      }
      sent.add(m);
    }

    assertThat(ChunkDecoderTest.feedByteByByte(new ChunkDecoder(), wire.toByteArray()))
        .containsExactlyElementsOf(sent);
  }

  /** Mostly small steps, sometimes repeats, jumps past 2^24, backwards steps and 2^32 wraps. */
  private static long nextTimestamp(Random random, long t) {
    long next =
        switch (random.nextInt(6)) {
          case 0 -> t;
          case 1 -> t + 0x1000000L + random.nextInt(1000);
          case 2 -> t - random.nextInt(100);
          case 3 -> 0xFFFFFFFFL - random.nextInt(50);
          default -> t + random.nextInt(50);
        };
    return next & 0xFFFFFFFFL;
  }
}
