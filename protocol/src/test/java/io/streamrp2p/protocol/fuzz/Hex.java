package io.streamrp2p.protocol.fuzz;

import java.util.HexFormat;

/** Hex dumps for failure messages, cut short so a long input does not flood the log. */
final class Hex {
  private static final int BYTES_SHOWN_MAX = 64;

  private Hex() {}

  static String of(byte[] bytes) {
    int shown = Math.min(bytes.length, BYTES_SHOWN_MAX);
    String hex = HexFormat.of().formatHex(bytes, 0, shown);
    return shown < bytes.length ? hex + "... (" + bytes.length + " bytes)" : hex;
  }
}
