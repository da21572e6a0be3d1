package io.streamrp2p.media.live;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live streams of this hub member, by name. A stream is created when its publisher first claims
 * it (or a viewer waits for a known stream), and ends once its publisher has been gone for the
 * reconnect grace period.
 */
public final class LiveStreams {
  private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

  private final ConcurrentMap<String, LiveStream> streams = new ConcurrentHashMap<>();
  private final List<Consumer<LiveStream>> onCreate = new ArrayList<>();
  private final List<BiConsumer<LiveStream, Publisher>> onClaim = new ArrayList<>();
  private final StreamDirectory directory;
  private final ViewerGate gate;
  private final LiveSettings settings;
  private final Clock clock;
  private final ActorSystem system;
  private final WakeBudget wakeBudget;

  public LiveStreams(
      StreamDirectory directory,
      ViewerGate gate,
      LiveSettings settings,
      Clock clock,
      ActorSystem system) {
    this.directory = directory;
    this.gate = gate;
    this.settings = settings;
    this.clock = clock;
    this.system = system;
    this.wakeBudget =
        new WakeBudget(settings.wakeBudgetPerCore() * Runtime.getRuntime().availableProcessors());
  }

  public StreamDirectory directory() {
    return directory;
  }

  /** What every door asks before it serves a viewer. */
  public ViewerGate gate() {
    return gate;
  }

  public LiveSettings settings() {
    return settings;
  }

  /** Called for every new stream (the HLS segmenter attaches itself this way). */
  public synchronized void onCreate(Consumer<LiveStream> listener) {
    onCreate.add(listener);
  }

  /**
   * Called each time a publisher takes a stream (the cluster records where the ingest is this way).
   * Runs on the publisher's thread: listeners must not block.
   */
  public synchronized void onClaim(BiConsumer<LiveStream, Publisher> listener) {
    onClaim.add(listener);
  }

  /** {@link LiveStream#claim} that tells the claim listeners when it succeeds. */
  public String claim(LiveStream stream, Publisher publisher) {
    String refused = stream.claim(publisher);
    if (refused == null) {
      List<BiConsumer<LiveStream, Publisher>> listeners;
      synchronized (this) {
        listeners = List.copyOf(onClaim);
      }
      listeners.forEach(l -> l.accept(stream, publisher));
    }
    return refused;
  }

  /** The live (or waiting) stream of that name, if any. */
  public Optional<LiveStream> find(String name) {
    return Optional.ofNullable(streams.get(name));
  }

  public List<LiveStream> all() {
    return List.copyOf(streams.values());
  }

  /** The stream of that name, created if it does not exist or has ended. */
  public LiveStream open(String name) {
    while (true) {
      LiveStream existing = streams.get(name);
      if (existing != null && existing.state() != LiveStream.State.ENDED) {
        return existing;
      }
      LiveStream created = new LiveStream(name, settings, clock, wakeBudget);
      boolean won =
          existing == null
              ? streams.putIfAbsent(name, created) == null
              : streams.replace(name, existing, created);
      if (won) {
        log.info("stream {}: opened", name);
        List<Consumer<LiveStream>> listeners;
        synchronized (this) {
          listeners = List.copyOf(onCreate);
        }
        listeners.forEach(l -> l.accept(created));
        scheduleEndCheck(created);
        return created;
      }
      created.end("lost a race to open the stream");
    }
  }

  /** The publisher left: viewers wait for the grace period, then the stream ends. */
  public void publisherLeft(LiveStream stream, Publisher publisher) {
    if (!stream.unpublish(publisher)) {
      return;
    }
    Duration grace = settings.reconnectGrace();
    log.info(
        "stream {}: publisher {} left; waiting {} s for it to return",
        stream.name(),
        publisher.describe(),
        grace.toSeconds());
    scheduleEndCheck(stream);
  }

  private void scheduleEndCheck(LiveStream stream) {
    system
        .scheduler()
        .scheduleOnce(
            settings.reconnectGrace().plusMillis(1),
            () -> endIfAbandoned(stream),
            system.dispatcher());
  }

  private void endIfAbandoned(LiveStream stream) {
    if (stream.endIfAbandoned()) {
      streams.remove(stream.name(), stream);
      log.info("stream {}: ended, no publisher within the grace period", stream.name());
    }
  }

  /** Ends {@code stream} now, whoever publishes it: its viewers get a clean end. */
  public void end(LiveStream stream, String reason) {
    stream.end(reason);
    streams.remove(stream.name(), stream);
  }

  /** Ends every stream (shutdown). */
  public void endAll(String reason) {
    for (LiveStream s : all()) {
      end(s, reason);
    }
  }
}
