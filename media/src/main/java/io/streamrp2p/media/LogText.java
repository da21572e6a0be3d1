package io.streamrp2p.media;

/**
 * Text a client chose (an RTMP application or command name, a stream name, a path), made safe to
 * put in a log line: control characters and line separators are escaped, so a client cannot start a
 * forged line, and the text is cut at {@link #CHARS_MAX} characters.
 */
public final class LogText {
  /** Longest client text kept in a log line; the rest is counted, not written. */
  public static final int CHARS_MAX = 200;

  private LogText() {}

  public static String safe(String text) {
    if (text == null) {
      return "null";
    }
    int keep = Math.min(text.length(), CHARS_MAX);
    StringBuilder b = new StringBuilder(keep + 16);
    for (int i = 0; i < keep; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    if (text.length() > keep) {
      b.append("...(").append(text.length() - keep).append(" more characters)");
    }
    return b.toString();
  }
}
