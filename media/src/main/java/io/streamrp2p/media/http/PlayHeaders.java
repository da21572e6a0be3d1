package io.streamrp2p.media.http;

import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The caching and cross-origin headers of every playback response, written by pekko-http routes and
 * by the event loops' own response heads alike. Any origin may play (browser players such as hls.js
 * and mpegts.js fetch across origins); live bodies and playlists change, so nothing may cache them;
 * an HLS segment never changes once listed.
 */
public final class PlayHeaders {
  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  private static final String ANY_ORIGIN = "*";
  private static final String CACHE_CONTROL = "Cache-Control";
  private static final String NO_CACHE = "no-cache";

  /** A listed segment stays a window of segments (seconds), so a minute covers its lifetime. */
  private static final String SEGMENT_CACHE = "public, max-age=60";

  private static final List<HttpHeader> LIVE =
      List.of(
          RawHeader.create(ALLOW_ORIGIN, ANY_ORIGIN), RawHeader.create(CACHE_CONTROL, NO_CACHE));
  private static final List<HttpHeader> SEGMENT =
      List.of(
          RawHeader.create(ALLOW_ORIGIN, ANY_ORIGIN),
          RawHeader.create(CACHE_CONTROL, SEGMENT_CACHE));

  /** {@link #live()} as header lines, each ending in CRLF, for a hand-written response head. */
  public static final String LIVE_LINES =
      ALLOW_ORIGIN + ": " + ANY_ORIGIN + "\r\n" + CACHE_CONTROL + ": " + NO_CACHE + "\r\n";

  private PlayHeaders() {}

  /** For a live body or a playlist: playable from any origin, never cached. */
  public static List<HttpHeader> live() {
    return LIVE;
  }

  /** For an HLS segment: playable from any origin, cacheable. */
  public static List<HttpHeader> segment() {
    return SEGMENT;
  }

  /** For an API answer that changes from one request to the next. */
  public static HttpHeader noCache() {
    return LIVE.get(1);
  }
}
