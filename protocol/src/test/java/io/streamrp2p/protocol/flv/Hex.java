package io.streamrp2p.protocol.flv;

import java.io.ByteArrayOutputStream;

/** Test bytes written as hex, one annotated field per argument; spaces are ignored. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String field : fields) {
      String digits = field.replace(" ", "");
      if (digits.length() % 2 != 0) {
        throw new IllegalArgumentException("odd hex digits: " + field);
      }
      for (int i = 0; i < digits.length(); i += 2) {
        out.write(Integer.parseInt(digits.substring(i, i + 2), 16));
      }
    }
    return out.toByteArray();
  }

  /** ASCII text as bytes, for FourCCs and signatures. */
  static String ascii(String text) {
    StringBuilder s = new StringBuilder();
    for (char c : text.toCharArray()) {
      s.append(String.format("%02x", (int) c));
    }
    return s.toString();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
