package io.streamrp2p.media.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.ViewerGate;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/** The hub's HTTP surface: HTTP-FLV and HLS play, the streams API, health. */
public final class HttpApi extends AllDirectives {
  private static final Pattern FLV = Pattern.compile("(.+)\\.flv");
  private static final ContentType FLV_TYPE =
      MediaTypes.customBinary("video", "x-flv", false).toContentType();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LiveStreams streams;
  private final Route extra;
  private final Route rest;
  private final Clock clock;
  private final GateRoutes gates;

  /** {@code extra} serves more under /live (HLS); {@code rest} the management API. */
  public HttpApi(LiveStreams streams, Route extra, Route rest, Clock clock) {
    this.streams = streams;
    this.extra = extra;
    this.rest = rest;
    this.clock = clock;
    this.gates = new GateRoutes(streams);
  }

  public Route route() {
    return handleRejections(
        JSON_REJECTIONS,
        () ->
            concat(
                pathPrefix("live", () -> concat(path(segment(FLV), this::flv), extra)),
                path(segment("api").slash("streams"), () -> get(this::listStreams)),
                rest,
                path(segment("health"), () -> get(() -> complete("ok\n")))));
  }

  /**
   * pekko-http's answers to requests no route took (unknown path, wrong method, malformed body),
   * with their status and headers (Allow on 405), as the API's JSON errors instead of plain text:
   * {@code {"error": "method_not_allowed", "reason": "..."}}.
   */
  static final RejectionHandler JSON_REJECTIONS =
      RejectionHandler.defaultHandler().mapRejectionResponse(HttpApi::asJsonError);

  private static HttpResponse asJsonError(HttpResponse r) {
    if (!(r.entity() instanceof HttpEntity.Strict strict)
        || strict.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      return r;
    }
    String error = r.status().reason().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_");
    try {
      byte[] body =
          JSON.writeValueAsBytes(
              Map.of("error", error, "reason", strict.getData().utf8String().trim()));
      return r.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    } catch (JsonProcessingException e) {
      return r;
    }
  }

  private Route flv(String name) {
    return get(
        () ->
            gates.admit(
                name,
                ViewerGate.Door.HTTP_FLV,
                admitted ->
                    extractClientIP(
                        ip -> {
                          Optional<LiveStream> live = streams.find(name);
                          if (live.isPresent()) {
                            return flvResponse(live.get(), ip.toString());
                          }
                          return onSuccess(
                              streams.directory().exists(name),
                              known ->
                                  known
                                      ? flvResponse(streams.open(name), ip.toString())
                                      : complete(
                                          StatusCodes.NOT_FOUND, "no stream named " + name + "\n"));
                        })));
  }

  /**
   * A live FLV body has no length, so it is chunked: a close-delimited body would save the renderer
   * a copy per viewer, but ffmpeg (5.1) reports the clean end of such a body as an error ("Stream
   * ends prematurely"), so players would print one at every stream end.
   */
  private Route flvResponse(LiveStream stream, String viewer) {
    return complete(
        HttpResponse.create()
            .withEntity(HttpEntities.createChunked(FLV_TYPE, FlvHttp.body(stream, viewer)))
            .addHeaders(PlayHeaders.live()));
  }

  private Route listStreams() {
    List<StreamInfo> infos =
        streams.all().stream()
            .sorted(Comparator.comparing(LiveStream::name))
            .map(s -> StreamInfo.of(s, clock))
            .toList();
    try {
      byte[] json = JSON.writeValueAsBytes(Map.of("streams", infos));
      return complete(
          HttpResponse.create()
              .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json))
              .addHeader(PlayHeaders.noCache()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stream info is always serializable", e);
    }
  }
}
