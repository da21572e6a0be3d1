package io.streamrp2p.media.hls;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.streamrp2p.media.http.GateRoutes;
import io.streamrp2p.media.http.PlayHeaders;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.ViewerGate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HLS for live streams: a segmenter subscribes to a stream like any viewer, and the playlist and
 * segments are served from memory. On the hub every stream is segmented from its start; with {@link
 * HlsSettings#onDemand} (a friend node) a stream is segmented from the first request for it until
 * it has gone unrequested for {@link HlsSettings#onDemandIdle}. The last playlist of an ended
 * stream (with ENDLIST) stays until the stream goes live again (or, on demand, goes idle).
 */
public final class HlsService extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(HlsService.class);
  private static final Pattern SEGMENT = Pattern.compile("([0-9a-z]{1,16}-[0-9]{1,18}\\.ts)");
  private static final ContentType PLAYLIST_TYPE =
      MediaTypes.customBinary("application", "vnd.apple.mpegurl", true).toContentType();
  private static final ContentType SEGMENT_TYPE =
      MediaTypes.customBinary("video", "mp2t", false).toContentType();

  /** A stream being segmented: the segmenter, how to stop it, and when it was last asked for. */
  private record Segmenting(HlsSegmenter seg, UniqueKillSwitch stop, AtomicLong lastRequestNanos) {
    void requested() {
      lastRequestNanos.set(System.nanoTime());
    }
  }

  private final Map<String, Segmenting> segmenters = new ConcurrentHashMap<>();
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
    if (config.onDemand()) {
      Duration every = config.onDemandIdle().dividedBy(4);
      system
          .scheduler()
          .scheduleWithFixedDelay(
              every, every, () -> stopIdle(System.nanoTime()), system.dispatcher());
    }
  }

  private void attach(LiveStream stream) {
    if (config.onDemand()) {
      // A new life of the stream: the old life's segments go; the first request starts anew.
      Segmenting old = segmenters.remove(stream.name());
      if (old != null) {
        old.stop().shutdown();
      }
    } else {
      segmenters.put(stream.name(), start(stream));
    }
  }

  private Segmenting start(LiveStream stream) {
    String life = Long.toString(System.currentTimeMillis(), 36);
    HlsSegmenter seg =
        new HlsSegmenter(
            life, config.targetDuration().toMillis(), config.window(), config.segmentBytesMax());
    Pair<UniqueKillSwitch, CompletionStage<Done>> run =
        stream
            .subscribeInternal()
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.foreach(seg::onTag), Keep.both())
            .run(materializer);
    run.second()
        .whenComplete(
            (done, failure) -> {
              seg.end();
              if (failure != null) {
                log.warn(
                    "stream {}: hls segmenter stopped: {}", stream.name(), failure.getMessage());
              }
            });
    return new Segmenting(seg, run.first(), new AtomicLong(System.nanoTime()));
  }

  /**
   * Stops segmenting each on-demand stream nobody asked for in {@link HlsSettings#onDemandIdle},
   * and frees its segments.
   */
  void stopIdle(long nowNanos) {
    long idle = config.onDemandIdle().toNanos();
    segmenters.forEach(
        (name, s) -> {
          if (nowNanos - s.lastRequestNanos().get() >= idle && segmenters.remove(name, s)) {
            s.stop().shutdown();
            log.info("stream {}: hls stopped, no request for {}", name, config.onDemandIdle());
          }
        });
  }

  /** Streams being segmented now. */
  Set<String> segmenting() {
    return Set.copyOf(segmenters.keySet());
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
            if (!known) {
              return servePlaylist(name, query);
            }
            LiveStream opened = streams.open(name);
            opened.touch();
            return config.onDemand() ? onDemand(opened, query) : servePlaylist(name, query);
          });
    }
    live.ifPresent(LiveStream::touch);
    return config.onDemand() && live.isPresent()
        ? onDemand(live.get(), query)
        : servePlaylist(name, query);
  }

  /**
   * Segments the stream from now if nobody asked for it lately; the first request waits for the
   * first segment, up to {@link HlsSettings#firstPlaylistWait}.
   */
  private Route onDemand(LiveStream stream, String query) {
    Segmenting s = segmenters.computeIfAbsent(stream.name(), n -> start(stream));
    s.requested();
    if (s.seg().snapshot().playlist() != null) {
      return servePlaylist(stream.name(), query);
    }
    CompletionStage<HlsSegmenter.Snapshot> first =
        s.seg()
            .firstPlaylist()
            .copy()
            .completeOnTimeout(null, config.firstPlaylistWait().toMillis(), TimeUnit.MILLISECONDS);
    return onSuccess(first, any -> servePlaylist(stream.name(), query));
  }

  private Route servePlaylist(String name, String query) {
    Segmenting s = segmenters.get(name);
    String text = s == null ? null : withQuery(s.seg().snapshot().playlist(), query);
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
    Segmenting s = segmenters.get(name);
    if (s != null) {
      s.requested();
    }
    ByteString data = s == null ? null : s.seg().snapshot().segments().get(file);
    if (data == null) {
      return complete(StatusCodes.NOT_FOUND, "no segment " + file + " in " + name + "\n");
    }
    return complete(
        HttpResponse.create()
            .withEntity(HttpEntities.create(SEGMENT_TYPE, data))
            .addHeaders(PlayHeaders.segment()));
  }
}
