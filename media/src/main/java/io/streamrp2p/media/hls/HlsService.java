package io.streamrp2p.media.hls;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.streamrp2p.media.http.GateRoutes;
import io.streamrp2p.media.http.PlayHeaders;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.ViewerGate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HLS for every live stream: a segmenter subscribes to each new stream like any viewer, and the
 * playlist and segments are served from memory. The last playlist of an ended stream (with ENDLIST)
 * stays until the stream goes live again.
 */
public final class HlsService extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(HlsService.class);
  private static final Pattern SEGMENT = Pattern.compile("([0-9a-z]{1,16}-[0-9]{1,18}\\.ts)");
  private static final ContentType PLAYLIST_TYPE =
      MediaTypes.customBinary("application", "vnd.apple.mpegurl", true).toContentType();
  private static final ContentType SEGMENT_TYPE =
      MediaTypes.customBinary("video", "mp2t", false).toContentType();

  private final Map<String, HlsSegmenter> segmenters = new ConcurrentHashMap<>();
  private final HlsSettings config;
  private final LiveStreams streams;
  private final Materializer materializer;
  private final GateRoutes gates;

  public HlsService(HlsSettings config, LiveStreams streams, ActorSystem system) {
    this.config = config;
    this.streams = streams;
    this.materializer = Materializer.matFromSystem(system);
    this.gates = new GateRoutes(streams);
    streams.onCreate(this::attach);
  }

  private void attach(LiveStream stream) {
    String life = Long.toString(System.currentTimeMillis(), 36);
    HlsSegmenter seg =
        new HlsSegmenter(
            life, config.targetDuration().toMillis(), config.window(), config.segmentBytesMax());
    segmenters.put(stream.name(), seg);
    stream
        .subscribeInternal()
        .runForeach(seg::onTag, materializer)
        .whenComplete(
            (done, failure) -> {
              seg.end();
              if (failure != null) {
                log.warn(
                    "stream {}: hls segmenter stopped: {}", stream.name(), failure.getMessage());
              }
            });
  }

  /** Routes under {@code /live/}: {@code {stream}/index.m3u8} and {@code {stream}/{n}.ts}. */
  public Route route() {
    return pathPrefix(
        segment(),
        name ->
            concat(
                path(
                    segment("index.m3u8"),
                    () ->
                        get(
                            () ->
                                gates.admit(
                                    name,
                                    ViewerGate.Door.HLS_PLAYLIST,
                                    a -> playlist(name, a.query())))),
                path(
                    segment(SEGMENT),
                    file ->
                        get(
                            () ->
                                gates.admit(
                                    name,
                                    ViewerGate.Door.HLS_SEGMENT,
                                    a -> segmentFile(name, file))))));
  }

  private Route playlist(String name, String query) {
    Optional<LiveStream> live = streams.find(name);
    if (live.isEmpty() && !segmenters.containsKey(name)) {
      // Never live on this member: opening it lets the member relay it from the member holding
      // its ingest. Until the first segment the player gets 404 and asks again, as players do.
      // (An ended stream keeps its last playlist, with ENDLIST, until it goes live again.)
      return onSuccess(
          streams.directory().exists(name),
          known -> {
            if (known) {
              streams.open(name).touch();
            }
            return servePlaylist(name, query);
          });
    }
    live.ifPresent(LiveStream::touch);
    return servePlaylist(name, query);
  }

  private Route servePlaylist(String name, String query) {
    HlsSegmenter seg = segmenters.get(name);
    String text = seg == null ? null : withQuery(seg.snapshot().playlist(), query);
    if (text == null) {
      return complete(StatusCodes.NOT_FOUND, "no HLS playlist for " + name + " yet\n");
    }
    return complete(
        HttpResponse.create()
            .withEntity(HttpEntities.create(PLAYLIST_TYPE, ByteString.fromString(text)))
            .addHeaders(PlayHeaders.live()));
  }

  /**
   * The playlist with {@code query} on every segment URI, so whatever admitted the player to the
   * playlist (a viewer ticket) admits it to the segments too.
   */
  static String withQuery(String playlist, String query) {
    if (playlist == null || query.isEmpty()) {
      return playlist;
    }
    StringBuilder b = new StringBuilder(playlist.length() + 64 * 8);
    for (String line : playlist.split("\n", -1)) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        b.append(line).append('?').append(query);
      } else {
        b.append(line);
      }
      b.append('\n');
    }
    b.setLength(b.length() - 1);
    return b.toString();
  }

  private Route segmentFile(String name, String file) {
    streams.find(name).ifPresent(LiveStream::touch);
    HlsSegmenter seg = segmenters.get(name);
    ByteString data = seg == null ? null : seg.snapshot().segments().get(file);
    if (data == null) {
      return complete(StatusCodes.NOT_FOUND, "no segment " + file + " in " + name + "\n");
    }
    return complete(
        HttpResponse.create()
            .withEntity(HttpEntities.create(SEGMENT_TYPE, data))
            .addHeaders(PlayHeaders.segment()));
  }
}
