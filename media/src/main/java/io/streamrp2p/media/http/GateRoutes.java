package io.streamrp2p.media.http;

import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.ViewerGate;
import java.net.InetAddress;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** The viewer gate at the pekko-http doors: serve, redirect (302) or refuse, as it decides. */
public final class GateRoutes extends AllDirectives {
  private final LiveStreams streams;

  public GateRoutes(LiveStreams streams) {
    this.streams = streams;
  }

  /**
   * Asks the gate about a viewer of {@code stream} at {@code door}; a served viewer gets {@code
   * serve}'s route with the gate's headers added, and the raw query the request carried.
   */
  public Route admit(String stream, ViewerGate.Door door, Function<Admitted, Route> serve) {
    return extractClientIP(
        ip ->
            extractUri(
                uri -> {
                  String query = uri.rawQueryString().orElse("");
                  String remote = ip.getAddress().map(InetAddress::getHostAddress).orElse("");
                  int here = streams.find(stream).map(LiveStream::viewers).orElse(0);
                  ViewerGate.Decision d =
                      streams
                          .gate()
                          .decide(new ViewerGate.Request(stream, door, query, remote, here));
                  if (d instanceof ViewerGate.Serve s) {
                    return respondWithHeaders(
                        headers(s), () -> serve.apply(new Admitted(s, query)));
                  }
                  if (d instanceof ViewerGate.Redirect r) {
                    return redirect(Uri.create(r.location()), StatusCodes.FOUND);
                  }
                  ViewerGate.Refuse refuse = (ViewerGate.Refuse) d;
                  return complete(StatusCodes.get(refuse.status()), refuse.reason() + "\n");
                }));
  }

  private static java.util.List<HttpHeader> headers(ViewerGate.Serve s) {
    return s.headers().stream()
        .map(
            (Map.Entry<String, String> h) ->
                (HttpHeader) RawHeader.create(h.getKey(), h.getValue()))
        .toList();
  }

  /** A viewer the gate let in, and the query its request carried (for HLS segment URIs). */
  public record Admitted(ViewerGate.Serve serve, String query) {}
}
