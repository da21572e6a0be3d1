package io.streamrp2p.node;

import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.Metadata;
import io.streamrp2p.media.live.StreamDirectory;
import io.streamrp2p.media.relay.FlvPull;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams the hub assigned to this node, each fed by one HTTP-FLV pull from the hub. A pull
 * that ends while its stream is still assigned (the hub restarted, a member left, the network cut)
 * is started again with backoff and jitter; the node's viewers wait through the stream's reconnect
 * grace meanwhile, exactly as a hub's viewers wait for a returning encoder. This is also the node's
 * {@link StreamDirectory}: no stream key publishes here, and a viewer may wait only for an assigned
 * stream.
 */
public final class AssignedStreams implements StreamDirectory {
  private static final Logger log = LoggerFactory.getLogger(AssignedStreams.class);

  /** First wait before pulling again; doubles per failed pull up to {@link #BACKOFF_MAX}. */
  static final Duration BACKOFF_MIN = Duration.ofMillis(500);

  /** A hub away longer than this is retried this often: the node's viewers need it back soon. */
  static final Duration BACKOFF_MAX = Duration.ofSeconds(10);

  private final Map<String, Pull> pulls = new ConcurrentHashMap<>();
  private final ActorSystem system;
  private final String servedBy;
  private volatile LiveStreams streams;

  /**
   * @param servedBy who serves viewers here ({@code owner/nodeId}), written into each stream's
   *     onMetaData as {@code servedBy}
   */
  public AssignedStreams(ActorSystem system, String servedBy) {
    this.system = system;
    this.servedBy = servedBy;
  }

  /** The live streams this directory answers for; set once, before the first assignment. */
  public void serve(LiveStreams liveStreams) {
    this.streams = liveStreams;
  }

  @Override
  public CompletionStage<Optional<String>> streamForKey(String streamKey) {
    return CompletableFuture.completedFuture(Optional.empty()); // nodes take no publishers
  }

  @Override
  public CompletionStage<Boolean> exists(String streamName) {
    return CompletableFuture.completedFuture(pulls.containsKey(streamName));
  }

  /** The streams assigned now. */
  public Set<String> assigned() {
    return Set.copyOf(pulls.keySet());
  }

  /** Whether {@code stream}'s pull is connected now. */
  public boolean pulling(String stream) {
    Pull p = pulls.get(stream);
    return p != null && p.current != null;
  }

  /**
   * Pulls {@code stream} from {@code url} until unassigned; a new URL for an assigned stream takes
   * effect at the next reconnect.
   */
  public void assign(String stream, String url) {
    Pull p = pulls.computeIfAbsent(stream, s -> new Pull(s));
    p.url = url;
    p.startIfIdle();
  }

  /** Stops pulling {@code stream} and ends it for its viewers. */
  public void unassign(String stream, String why) {
    Pull p = pulls.remove(stream);
    if (p != null) {
      p.stop(why);
    }
  }

  /** Unassigns everything (shutdown, or the hub said so). */
  public void unassignAll(String why) {
    for (String s : assigned()) {
      unassign(s, why);
    }
  }

  private final class Pull {
    final String stream;
    volatile String url;
    FlvPull current;
    Duration backoff = BACKOFF_MIN;
    Cancellable retry;
    boolean stopped;

    Pull(String stream) {
      this.stream = stream;
    }

    synchronized void startIfIdle() {
      if (stopped || current != null || retry != null) {
        return;
      }
      LiveStream live = streams.open(stream);
      FlvPull pull =
          new FlvPull(url, Map.of(), "hub", live, Metadata.withField("servedBy", servedBy));
      String refused = streams.claim(live, pull);
      if (refused != null) {
        log.warn("stream {}: cannot pull from the hub: {}", stream, refused);
        scheduleRetry();
        return;
      }
      current = pull;
      pull.done().whenComplete((why, e) -> ended(pull, live, why));
      pull.start(system, ConnectionPoolSettings.create(system));
      log.info("stream {}: pulling from the hub", stream);
    }

    private synchronized void ended(FlvPull pull, LiveStream live, String why) {
      if (current != pull) {
        return;
      }
      current = null;
      streams.publisherLeft(live, pull);
      if (stopped) {
        return;
      }
      backoff = pull.receivedMedia() ? BACKOFF_MIN : min(backoff.multipliedBy(2), BACKOFF_MAX);
      log.info(
          "stream {}: pull from the hub ended ({}); again in {} ms",
          stream,
          why,
          backoff.toMillis());
      scheduleRetry();
    }

    private void scheduleRetry() {
      // Up to half the wait again at random, so nodes cut off together do not return together.
      long ms =
          backoff.toMillis() + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
      retry =
          system
              .scheduler()
              .scheduleOnce(
                  Duration.ofMillis(ms),
                  () -> {
                    synchronized (this) {
                      retry = null;
                    }
                    startIfIdle();
                  },
                  system.dispatcher());
    }

    synchronized void stop(String why) {
      stopped = true;
      if (retry != null) {
        retry.cancel();
      }
      FlvPull p = current;
      current = null;
      if (p != null) {
        p.stop();
      }
      streams.find(stream).ifPresent(s -> streams.end(s, why));
      log.info("stream {}: unassigned: {}", stream, why);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
