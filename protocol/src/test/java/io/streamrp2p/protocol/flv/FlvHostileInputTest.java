package io.streamrp2p.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.testing.FfTools;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Corrupted real streams and random tag bodies: decoders may reject them only with {@link
 * ProtocolException}, and what they accept re-encodes to the same bytes. Seeded, so a failure
 * reproduces; the seed and case number are in the assertion message.
 */
class FlvHostileInputTest {
  static final long SEED = 0x5EED_F1F0L;

  /** Enough mutated files to hit every field of the header and of the first tags. */
  static final int MUTATED_FILES = 300;

  static final int RANDOM_BODIES = 20_000;

  @Test
  void poll_mutatedFixture_onlyProtocolException() {
    byte[] fixture = FfTools.fixtureBytes(FlvFixtureIT.FIXTURE);
    // The first 4 KiB hold the header, metadata, both sequence headers and the first frames.
    byte[] head = Arrays.copyOf(fixture, 4096);
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < MUTATED_FILES; i++) {
      byte[] input = head.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
      }
      int caseNumber = i;
      assertOnlyProtocolException(() -> readAllHeaders(input), "file case " + caseNumber);
    }
  }

  @Test
  void decode_randomBodies_onlyProtocolExceptionAndReencodesSame() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < RANDOM_BODIES; i++) {
      byte[] body = new byte[random.nextInt(10)];
      for (int j = 0; j < body.length; j++) {
        body[j] = (byte) random.nextInt(256);
      }
      String label = "body case " + i + " " + Arrays.toString(body);
      assertOnlyProtocolException(() -> roundTripVideo(body, label), label);
      assertOnlyProtocolException(() -> roundTripAudio(body, label), label);
    }
  }

  private static void readAllHeaders(byte[] input) {
    FlvReader reader = new FlvReader(64 * 1024);
    ByteBuffer in = ByteBuffer.wrap(input);
    for (FlvUnit unit = reader.poll(in); unit != null; unit = reader.poll(in)) {
      if (unit instanceof FlvTag tag && tag.isVideo()) {
        VideoTagHeader.decode(tag.body());
      } else if (unit instanceof FlvTag tag && tag.isAudio()) {
        AudioTagHeader.decode(tag.body());
      }
    }
  }

  private static void roundTripVideo(byte[] body, String label) {
    VideoTagHeader header = VideoTagHeader.decode(body);
    assertThat(header.encode()).as(label).isEqualTo(Arrays.copyOf(body, header.headerLength()));
  }

  private static void roundTripAudio(byte[] body, String label) {
    AudioTagHeader header = AudioTagHeader.decode(body);
    assertThat(header.encode()).as(label).isEqualTo(Arrays.copyOf(body, header.headerLength()));
  }

  private static void assertOnlyProtocolException(Runnable decode, String label) {
    try {
      decode.run();
    } catch (ProtocolException expected) {
      assertThat(expected.layer()).as(label).isEqualTo("flv");
    } catch (RuntimeException e) {
      throw new AssertionError(label + " (seed " + SEED + ") threw " + e, e);
    }
  }
}
