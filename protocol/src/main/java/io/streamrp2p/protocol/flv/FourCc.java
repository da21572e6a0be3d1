package io.streamrp2p.protocol.flv;

/** Four-character codes as the big-endian 32-bit integers Enhanced RTMP puts on the wire. */
public final class FourCc {
  private FourCc() {}

  /** The code of four ASCII characters, for example {@code of("hvc1")}. */
  public static int of(String code) {
    if (code.length() != 4 || !code.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("FourCC must be 4 printable ASCII characters: " + code);
    }
    return code.charAt(0) << 24 | code.charAt(1) << 16 | code.charAt(2) << 8 | code.charAt(3);
  }

  /** Printable form; bytes outside printable ASCII are shown as {@code \xNN}. */
  public static String toString(int fourCc) {
    StringBuilder s = new StringBuilder(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = fourCc >>> shift & 0xFF;
      if (c >= 0x20 && c < 0x7F) {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02x", c));
      }
    }
    return s.toString();
  }
}
