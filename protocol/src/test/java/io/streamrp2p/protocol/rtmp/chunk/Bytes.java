package io.streamrp2p.protocol.rtmp.chunk;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds annotated byte vectors for chunk tests. */
final class Bytes {
  private Bytes() {}

  /**
   * Each argument is one byte (0..255), a byte[] to splice in, or a String of hex bytes such as
   * {@code "00 03 E8"} (one wire field per argument, so each can carry its own comment).
   */
  static byte[] of(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof Integer i) {
        out.write(i);
      } else if (part instanceof String hex) {
        out.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
      } else if (part instanceof byte[] b) {
        out.writeBytes(b);
      } else {
        throw new IllegalArgumentException("not a byte: " + part);
      }
    }
    return out.toByteArray();
  }

  /** {@code n} recognisable payload bytes: 0, 1, 2, ... mod 251. */
  static byte[] filler(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }
}
