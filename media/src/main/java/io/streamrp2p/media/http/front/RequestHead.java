package io.streamrp2p.media.http.front;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head of a connection's first request, as far as the front door needs it to choose who
 * answers: the request line and whether a Host header is present. Everything else is left to the
 * HTTP server the connection is handed to.
 */
record RequestHead(
    String method, String target, String version, boolean hasHost, Set<String> headerNames) {
  private static final Pattern LIVE_FLV = Pattern.compile("/live/([A-Za-z0-9._~-]+)\\.flv(\\?.*)?");

  /** The index just past the blank line ending the head in {@code bytes[0, length)}, or -1. */
  static int end(byte[] bytes, int length) {
    for (int i = 3; i < length; i++) {
      if (bytes[i] == '\n'
          && bytes[i - 1] == '\r'
          && bytes[i - 2] == '\n'
          && bytes[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Parses a complete head ({@code end} from {@link #end}); null if it is not well formed. */
  static RequestHead parse(byte[] bytes, int end) {
    String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n", -1);
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3) {
      return null;
    }
    Set<String> names = new HashSet<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        names.add(lines[i].substring(0, colon).toLowerCase(Locale.ROOT));
      }
    }
    return new RequestHead(
        requestLine[0], requestLine[1], requestLine[2], names.contains("host"), Set.copyOf(names));
  }

  /**
   * The stream name if this is a well-formed HTTP-FLV play request ({@code GET /live/NAME.flv} over
   * HTTP/1.0, or HTTP/1.1 with a Host header) carrying none of {@code routedHeaders} (lower case),
   * else null.
   */
  String flvStream(Set<String> routedHeaders) {
    if (!method.equals("GET")) {
      return null;
    }
    for (String h : routedHeaders) {
      if (headerNames.contains(h)) {
        return null;
      }
    }
    if (!(version.equals("HTTP/1.0") || (version.equals("HTTP/1.1") && hasHost))) {
      return null;
    }
    Matcher m = LIVE_FLV.matcher(target);
    return m.matches() ? m.group(1) : null;
  }

  /** The raw query string of the target, without the {@code ?}; {@code ""} if none. */
  String query() {
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }

  /** HTTP/1.0 has no chunked encoding: the body is delimited by closing the connection. */
  boolean http10() {
    return version.equals("HTTP/1.0");
  }
}
