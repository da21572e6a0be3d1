package io.streamrp2p.protocol.fuzz;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Drives an incremental decoder ({@code poll(ByteBuffer)} returning a unit or null) over one input,
 * either in one piece or in pieces of pseudo-random sizes, the way a socket delivers bytes. The
 * pieces are derived from the input itself, so a finding replays from the input alone.
 */
final class StreamFeed {
  private StreamFeed() {}

  /** Units decoded before the decoder stopped, and the rejection that stopped it, if any. */
  record Outcome<T>(List<T> units, ProtocolException rejection) {
    boolean rejected() {
      return rejection != null;
    }
  }

  /** All of {@code data} in one buffer; polls until the decoder needs more or rejects. */
  static <T> Outcome<T> whole(byte[] data, Function<ByteBuffer, T> decoder) {
    List<T> units = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(data);
    try {
      drain(in, decoder, units);
    } catch (ProtocolException e) {
      return new Outcome<>(units, e);
    }
    return new Outcome<>(units, null);
  }

  /**
   * Appends {@code data} piece by piece to a receive buffer, polling after each piece; mostly small
   * pieces, with single bytes often, so every field boundary is cut somewhere.
   */
  static <T> Outcome<T> split(byte[] data, Function<ByteBuffer, T> decoder) {
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(data));
    List<T> units = new ArrayList<>();
    ByteBuffer in = ByteBuffer.allocate(data.length);
    try {
      for (int at = 0; at < data.length; ) {
        int piece = random.nextInt(3) == 0 ? 1 : random.nextInt(1, 64);
        piece = Math.min(piece, data.length - at);
        in.put(data, at, piece);
        at += piece;
        in.flip();
        drain(in, decoder, units);
        in.compact();
      }
    } catch (ProtocolException e) {
      return new Outcome<>(units, e);
    }
    return new Outcome<>(units, null);
  }

  private static <T> void drain(ByteBuffer in, Function<ByteBuffer, T> decoder, List<T> units) {
    for (T unit = decoder.apply(in); unit != null; unit = decoder.apply(in)) {
      units.add(unit);
    }
  }

  /** Throws unless both ways of feeding gave the same units and the same verdict. */
  static <T> void requireSame(Outcome<T> whole, Outcome<T> split) {
    if (!whole.units().equals(split.units()) || whole.rejected() != split.rejected()) {
      throw new AssertionError(
          "decoding in one piece gave "
              + whole
              + " but in pieces gave "
              + split
              + ": the result depends on how the bytes arrive");
    }
  }
}
