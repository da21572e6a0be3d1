package io.streamrp2p.hub.cluster;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.streamrp2p.media.http.FlvHttp;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.Publisher;
import io.streamrp2p.media.relay.FlvPull;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any member serves any live stream. For each stream ingested here, the locator learns this
 * member's internal URL; for each stream opened here without a local publisher (a viewer asked for
 * it), one {@link FlvPull} pulls it from the member holding the ingest, however many viewers there
 * are. The relay stops when the upstream ends or after the idle timeout without viewers, and
 * reconnects with backoff while the locator still names the same member.
 */
public final class StreamRelays extends AllDirectives {
  /**
   * The header that makes a member serve a stream only if it holds the ingest itself; its value is
   * the pulling member's internal URL, for logs.
   */
  static final String RELAY_HEADER = "X-StreamrP2P-Relay";

  private static final Logger log = LoggerFactory.getLogger(StreamRelays.class);
  private static final Pattern FLV = Pattern.compile("(.+)\\.flv");
  private static final ContentType FLV_TYPE =
      MediaTypes.customBinary("video", "x-flv", false).toContentType();

  private final ActorSystem system;
  private final LiveStreams streams;
  private final IngestLocator locator;
  private final ClusterSettings settings;
  private final Clock clock;
  private final ConnectionPoolSettings pool;
  private final Map<LiveStream, Watch> watches = new ConcurrentHashMap<>();

  /** Streams whose publisher is connected to this member, by name. */
  private final Map<String, Watch> ingests = new ConcurrentHashMap<>();

  private final Map<String, AtomicInteger> relaysServed = new ConcurrentHashMap<>();
  private final AtomicLong relaysStarted = new AtomicLong();
  private volatile String self;

  StreamRelays(
      ActorSystem system,
      LiveStreams streams,
      IngestLocator locator,
      ClusterSettings settings,
      Clock clock) {
    this.system = system;
    this.streams = streams;
    this.locator = locator;
    this.settings = settings;
    this.clock = clock;
    this.pool =
        ConnectionPoolSettings.create(system)
            .withMaxConnections(settings.relayConnectionsMax())
            .withMaxOpenRequests(Integer.highestOneBit(settings.relayConnectionsMax()) * 2)
            .withMaxRetries(0);
    streams.onCreate(this::watch);
    streams.onClaim(this::claimed);
  }

  /** This member's internal HTTP base URL, known once HTTP is bound; announces ingests held. */
  void bound(String internalUrl) {
    self = internalUrl;
    ingests.values().forEach(Watch::announce);
  }

  String self() {
    return self;
  }

  /** Relay connections other members hold open to this member for {@code stream}. */
  public int relaysServed(String stream) {
    AtomicInteger n = relaysServed.get(stream);
    return n == null ? 0 : n.get();
  }

  /** Relays this member has started towards other members since it started. */
  public long relaysStarted() {
    return relaysStarted.get();
  }

  /** Whether a relay from another member feeds the local {@code stream} now. */
  public boolean relaying(String stream) {
    return streams.find(stream).map(watches::get).map(Watch::relaying).orElse(false);
  }

  /**
   * The internal pull: {@code GET /live/{s}.flv} with the relay header. Served only for a stream
   * ingested here, never from a relay, so members never pull in a loop. Requests without the header
   * are rejected here and handled by the public routes.
   */
  public Route route() {
    // Without the header the route is not there at all: no rejection of its own, so a request
    // for an unknown path is answered as unknown, not as a relay pull missing its header.
    return optionalHeaderValueByName(
        RELAY_HEADER,
        peer ->
            peer.map(
                    p ->
                        pathPrefix(
                            "live", () -> path(segment(FLV), name -> get(() -> serve(name, p)))))
                .orElseGet(Directives::reject));
  }

  private Route serve(String name, String peer) {
    Watch w = ingests.get(name);
    if (w == null || w.stream.state() == LiveStream.State.ENDED) {
      return complete(StatusCodes.NOT_FOUND, "stream " + name + " is not ingested here\n");
    }
    AtomicInteger served = relaysServed.computeIfAbsent(name, n -> new AtomicInteger());
    var body =
        FlvHttp.body(w.stream, "relay " + peer)
            .watchTermination(
                (mat, done) -> {
                  served.incrementAndGet();
                  log.info("stream {}: relay to {} connected", name, peer);
                  done.whenComplete(
                      (d, e) -> log.info("stream {}: relay to {} closed", name, peer));
                  done.whenComplete((d, e) -> served.decrementAndGet());
                  return mat;
                });
    return complete(HttpResponse.create().withEntity(HttpEntities.createChunked(FLV_TYPE, body)));
  }

  private void watch(LiveStream stream) {
    Watch w = new Watch(stream);
    watches.put(stream, w);
    w.start();
  }

  private void claimed(LiveStream stream, Publisher publisher) {
    if (publisher instanceof FlvPull) {
      return;
    }
    Watch w = watches.get(stream);
    if (w != null) {
      w.ingestHere();
    }
  }

  /** The cluster side of one local stream, for its whole life. */
  private final class Watch {
    private final LiveStream stream;
    private final String session = UUID.randomUUID().toString();
    private Cancellable ticker;
    private boolean ingest;
    private FlvPull relay;
    private boolean lookingUp;
    private long lastDemandMillis;
    private long nextAttemptMillis;
    private Duration backoff = settings.relayBackoffMin();

    Watch(LiveStream stream) {
      this.stream = stream;
      this.lastDemandMillis = clock.millis(); // opened for a viewer or a publisher
    }

    synchronized void start() {
      Duration every = settings.relayCheckInterval();
      ticker =
          system
              .scheduler()
              .scheduleWithFixedDelay(Duration.ZERO, every, this::tick, system.dispatcher());
    }

    synchronized boolean relaying() {
      return relay != null;
    }

    synchronized void ingestHere() {
      ingest = true;
      ingests.put(stream.name(), this);
      if (relay != null) {
        relay.stop(); // a publisher connected here directly: it wins over the relay
      }
      announce();
    }

    void announce() {
      String url = self;
      if (url != null) {
        locator
            .wentLive(stream.name(), url, session)
            .exceptionally(
                e -> {
                  log.warn(
                      "stream {}: cannot record the ingest here: {}", stream.name(), e.toString());
                  return null;
                });
      }
    }

    private synchronized void tick() {
      long now = clock.millis();
      if (stream.state() == LiveStream.State.ENDED) {
        finish();
        return;
      }
      if (stream.viewers() > 0) {
        lastDemandMillis = now;
      }
      lastDemandMillis = Math.max(lastDemandMillis, stream.touchedAtMillis()); // HLS viewers
      boolean demand = now - lastDemandMillis < settings.relayIdleTimeout().toMillis();
      if (relay != null) {
        if (!demand) {
          log.info(
              "stream {}: no viewers for {} s, relay stops",
              stream.name(),
              settings.relayIdleTimeout().toSeconds());
          relay.stop();
        }
        return;
      }
      if (ingest
          || !demand
          || lookingUp
          || now < nextAttemptMillis
          || self == null
          || stream.state() != LiveStream.State.WAITING_FOR_PUBLISHER) {
        return;
      }
      lookingUp = true;
      locator.ingestOf(stream.name()).whenComplete(this::located);
    }

    private synchronized void located(Optional<String> member, Throwable failure) {
      lookingUp = false;
      if (failure != null) {
        log.warn("stream {}: cannot find its ingest: {}", stream.name(), failure.toString());
        return;
      }
      if (member.isEmpty()
          || member.get().equals(self)
          || ingest
          || relay != null
          || stream.state() != LiveStream.State.WAITING_FOR_PUBLISHER) {
        return;
      }
      FlvPull r =
          new FlvPull(
              member.get() + "/live/" + stream.name() + ".flv",
              Map.of(RELAY_HEADER, self),
              member.get(),
              stream);
      String refused = streams.claim(stream, r);
      if (refused != null) {
        return;
      }
      relay = r;
      relaysStarted.incrementAndGet();
      log.info("stream {}: relaying from {}", stream.name(), r.upstream());
      r.done().whenComplete((why, e) -> relayEnded(r, why));
      r.start(system, pool);
    }

    private synchronized void relayEnded(FlvPull r, String why) {
      if (relay != r) {
        return;
      }
      relay = null;
      streams.publisherLeft(stream, r);
      backoff =
          r.receivedMedia()
              ? settings.relayBackoffMin()
              : min(backoff.multipliedBy(2), settings.relayBackoffMax());
      nextAttemptMillis = clock.millis() + backoff.toMillis();
      log.info("stream {}: relay from {} ended: {}", stream.name(), r.upstream(), why);
    }

    private void finish() {
      ticker.cancel();
      watches.remove(stream, this);
      if (relay != null) {
        relay.stop();
      }
      if (ingest) {
        ingests.remove(stream.name(), this);
        locator.ended(stream.name(), session).exceptionally(e -> null);
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
