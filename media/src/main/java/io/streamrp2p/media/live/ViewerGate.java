package io.streamrp2p.media.live;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Decides, at every door, what happens to a viewer who asks for a stream: served here (with
 * response headers of the owner's choosing), sent elsewhere, or refused. A hub serves or redirects
 * a viewer to a friend node with a signed ticket; a friend node serves only viewers whose ticket it
 * can verify. Called on the front door's event loops and in RTMP sessions, so it must answer at
 * once from memory: no I/O, no asks, no locks held long.
 */
public interface ViewerGate {
  /** Where the viewer knocked. */
  enum Door {
    HTTP_FLV,
    HLS_PLAYLIST,
    HLS_SEGMENT,
    RTMP
  }

  /**
   * One viewer's request.
   *
   * @param stream the stream name
   * @param door the protocol and resource asked for
   * @param query the raw query string of the request ({@code ""} if none); for RTMP the part of the
   *     play name after {@code ?}
   * @param remote the viewer's address, without port
   * @param viewersHere viewers this server has of the stream now
   */
  record Request(String stream, Door door, String query, String remote, int viewersHere) {
    /** Query parameters read, at most; a longer query's tail is not looked at. */
    static final int PARAMS_MAX = 16;

    /** The first value of {@code name} in the query, URL-decoded; null if absent or garbled. */
    public String param(String name) {
      if (query == null || query.isEmpty()) {
        return null;
      }
      for (String pair : query.split("&", PARAMS_MAX)) {
        int eq = pair.indexOf('=');
        if ((eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
          try {
            return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return null;
          }
        }
      }
      return null;
    }
  }

  /** What to do with a viewer. */
  sealed interface Decision permits Serve, Redirect, Refuse {}

  /**
   * Serve the viewer here, adding {@code headers} to an HTTP response.
   *
   * @param viewer what identifies this viewer for metering (a ticket id), {@code ""} if nothing
   */
  record Serve(List<Map.Entry<String, String>> headers, String viewer) implements Decision {
    public static final Serve PLAIN = new Serve(List.of(), "");

    public Serve {
      headers = List.copyOf(headers);
      for (Map.Entry<String, String> h : headers) {
        if (!h.getKey().matches("[A-Za-z0-9-]{1,64}") || !h.getValue().matches("[ -~]{0,256}")) {
          throw new IllegalArgumentException("not a safe response header: " + h);
        }
      }
    }
  }

  /** Send the viewer to {@code location} (HTTP 302); RTMP cannot redirect and refuses instead. */
  record Redirect(String location) implements Decision {}

  /** Refuse with an HTTP {@code status} and a {@code reason} a person can act on. */
  record Refuse(int status, String reason) implements Decision {}

  /** Serves every viewer: a single hub, or tests. */
  ViewerGate OPEN = request -> Serve.PLAIN;

  Decision decide(Request request);
}
