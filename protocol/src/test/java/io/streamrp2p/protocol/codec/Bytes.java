package io.streamrp2p.protocol.codec;

import io.streamrp2p.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;

/** Test helpers for writing annotated byte vectors and for mutation checks. */
public final class Bytes {
  private Bytes() {}

  /** Bytes from ints, so vectors can be written one annotated field per line. */
  public static byte[] of(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  /**
   * Feeds {@code parser} every truncation of {@code seed} and {@code rounds} random mutations of it
   * (fixed seed, so a failure reproduces) and fails if anything but ProtocolException escapes.
   */
  public static void assertOnlyProtocolException(byte[] seed, int rounds, Consumer<byte[]> parser) {
    for (int len = 0; len <= seed.length; len++) {
      runOne(java.util.Arrays.copyOf(seed, len), parser);
    }
    Random random = new Random(0x5eed);
    for (int r = 0; r < rounds; r++) {
      byte[] mutated = seed.clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(mutated.length);
        mutated[at] =
            random.nextBoolean()
                ? (byte) random.nextInt(256)
                : (byte) (1 << random.nextInt(8) ^ mutated[at]);
      }
      runOne(mutated, parser);
    }
  }

  private static void runOne(byte[] input, Consumer<byte[]> parser) {
    try {
      parser.accept(input);
    } catch (ProtocolException expected) {
      // the one permitted failure
    } catch (RuntimeException | Error e) {
      throw new AssertionError("input " + HexFormat.of().formatHex(input) + " threw " + e, e);
    }
  }
}
