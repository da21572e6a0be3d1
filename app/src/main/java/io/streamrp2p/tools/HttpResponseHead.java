package io.streamrp2p.tools;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and header fields of an HTTP/1.x response (RFC 9112 section 4 and 5), parsed from
 * a whole head: the bytes up to and including the empty line, which its reader bounds (see {@link
 * FlvViewer#HEAD_BYTES_MAX}). Header names are kept in lower case, as they are case-insensitive
 * (RFC 9110 5.1).
 *
 * @param status the three-digit status code
 * @param reason the reason phrase, possibly empty
 * @param headers lower-case field name to its values in the order received
 */
record HttpResponseHead(int status, String reason, Map<String, List<String>> headers) {
  HttpResponseHead {
    headers = Map.copyOf(headers);
  }

  /**
   * Parses {@code length} bytes of {@code bytes}, a whole head.
   *
   * @throws IllegalStateException with a description when it is not an HTTP/1.x response head
   */
  static HttpResponseHead parse(byte[] bytes, int length) {
    // RFC 9112 2.2: a recipient may take a bare LF as a line end; some small servers send one.
    String[] lines = new String(bytes, 0, length, StandardCharsets.ISO_8859_1).split("\r?\n", -1);
    int status = status(lines[0]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> last = null;
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      String line = lines[i];
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        // RFC 9112 5.2: obsolete line folding; a user agent replaces it with a space.
        if (last == null) {
          throw new IllegalStateException("a folded line before any header field");
        }
        int at = last.size() - 1;
        last.set(at, (last.get(at) + " " + line.strip()).strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.substring(0, colon).strip().length() != colon) {
        throw new IllegalStateException("malformed header field line");
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      last = headers.computeIfAbsent(name, n -> new ArrayList<>());
      last.add(line.substring(colon + 1).strip());
    }
    return new HttpResponseHead(
        status, lines[0].substring(Math.min(13, lines[0].length())), headers);
  }

  /** RFC 9112 4: HTTP-version SP 3DIGIT SP [reason]; the SP before an empty reason may lack. */
  private static int status(String line) {
    if (!line.startsWith("HTTP/1.")
        || line.length() < 12
        || line.charAt(8) != ' '
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw new IllegalStateException("not an HTTP/1.x status line");
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      int digit = Character.digit(line.charAt(i), 10);
      if (digit < 0) {
        throw new IllegalStateException("not an HTTP/1.x status line");
      }
      code = code * 10 + digit;
    }
    return code;
  }

  /** The first value of the field {@code name}, in any case, or null. */
  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? null : values.get(0);
  }

  /** RFC 9110 15.4: the statuses that ask a GET to be repeated at the Location. */
  boolean isRedirect() {
    return status == 301 || status == 302 || status == 307 || status == 308;
  }

  /** RFC 9112 6.1: chunked is the last transfer coding applied. */
  boolean chunked() {
    List<String> codings = headers.get("transfer-encoding");
    if (codings == null) {
      return false;
    }
    String last = "";
    for (String coding : String.join(",", codings).split(",")) {
      last = coding.isBlank() ? last : coding.strip(); // RFC 9110 5.6.1: empty list elements
    }
    return last.equalsIgnoreCase("chunked");
  }

  /**
   * Where a redirect asks to go: its Location resolved against the {@code request} URL (RFC 9110
   * 10.2.2, reference resolution of RFC 3986 5.2), without a fragment. Messages do not quote the
   * Location: the hub's carries a ticket per viewer, and a report counts failures by message.
   *
   * @throws IllegalStateException when there is no single usable http Location
   */
  URI location(URI request) {
    List<String> values = headers.get("location");
    if (values == null || values.get(0).isEmpty()) {
      throw new IllegalStateException("HTTP " + status + " without a Location");
    }
    if (values.size() > 1) {
      throw new IllegalStateException("HTTP " + status + " with " + values.size() + " Locations");
    }
    URI resolved;
    try {
      resolved = resolve(request, new URI(values.get(0)));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("HTTP " + status + " with a Location that is no URI");
    }
    if (!"http".equalsIgnoreCase(resolved.getScheme()) || resolved.getHost() == null) {
      throw new IllegalStateException(
          "HTTP " + status + " to a Location that is not http://host: " + resolved.getScheme());
    }
    return resolved;
  }

  private static URI resolve(URI base, URI ref) throws URISyntaxException {
    URI resolved;
    if (!ref.isAbsolute() && ref.getRawAuthority() == null && ref.getRawPath().isEmpty()) {
      // java.net.URI follows RFC 2396 here and drops the last path segment for "" or "?q";
      // RFC 3986 5.2.2 keeps the base path (and query, when the reference has none).
      String query = ref.getRawQuery() != null ? ref.getRawQuery() : base.getRawQuery();
      resolved =
          new URI(
              base.getScheme()
                  + "://"
                  + base.getRawAuthority()
                  + base.getRawPath()
                  + (query == null ? "" : "?" + query));
    } else {
      resolved = base.resolve(ref);
    }
    if (resolved.getRawFragment() == null) {
      return resolved;
    }
    String s = resolved.toString();
    return new URI(s.substring(0, s.indexOf('#')));
  }
}
