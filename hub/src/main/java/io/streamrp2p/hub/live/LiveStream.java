package io.streamrp2p.hub.live;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live stream on this hub member: the publisher's tags on the hub timeline, the metadata and
 * codec headers, a keyframe cache, and the fan-out to every subscriber. Publishers come and go
 * (reconnects); the fan-out lives until the stream ends, so viewers stay connected across a
 * publisher reconnect. All mutation happens under the stream's lock, which only the publisher's
 * thread and a joining viewer's snapshot ever contend for.
 */
public final class LiveStream {
  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

  /** Where the stream is in its life. */
  public enum State {
    LIVE,
    WAITING_FOR_PUBLISHER,
    ENDED
  }

  private final String name;
  private final LiveSettings settings;
  private final Clock clock;
  private final BoundedSourceQueue<MediaTag> queue;
  private final Source<MediaTag, NotUsed> broadcast;
  private final Timeline timeline;
  private final GopCache gop;
  private final Instant createdAt;
  private final AtomicInteger viewers = new AtomicInteger();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong videoFrames = new AtomicLong();
  private final AtomicLong droppedAtIngest = new AtomicLong();
  private MediaTag metadata;
  private MediaTag videoHeader;
  private MediaTag audioHeader;
  private boolean hasVideo;
  private long nextSequence;
  private int publishSessions;
  private Publisher publisher;
  private long lastMediaMillis;
  private long unpublishedAtMillis;
  private State state = State.WAITING_FOR_PUBLISHER;

  public LiveStream(String name, LiveSettings settings, Clock clock, Materializer materializer) {
    this.name = name;
    this.settings = settings;
    this.clock = clock;
    this.timeline = new Timeline(settings.jitter(), settings.jitterMsMax());
    this.gop = new GopCache(settings.gopCacheBytesMax());
    this.createdAt = clock.instant();
    this.unpublishedAtMillis = createdAt.toEpochMilli();
    Pair<BoundedSourceQueue<MediaTag>, Source<MediaTag, NotUsed>> pair =
        Source.<MediaTag>queue(settings.ingestQueueTagsMax())
            .toMat(
                BroadcastHub.of(MediaTag.class, settings.broadcastBufferTags()), Keep.both())
            .run(materializer);
    this.queue = pair.first();
    this.broadcast = pair.second();
    // Keep the hub draining while nobody watches, so the publisher is never held back.
    broadcast.runWith(org.apache.pekko.stream.javadsl.Sink.ignore(), materializer);
  }

  public String name() {
    return name;
  }

  /**
   * Claims the stream for {@code candidate}. Refused (returns a reason) while another publisher
   * sent media within the takeover silence; a silent one is kicked.
   */
  public synchronized String claim(Publisher candidate) {
    if (state == State.ENDED) {
      return "stream " + name + " has ended";
    }
    long now = clock.millis();
    if (publisher != null) {
      long silentMs = now - lastMediaMillis;
      if (silentMs < settings.takeoverSilence().toMillis()) {
        return "stream " + name + " is already being published by " + publisher.describe();
      }
      log.info("stream {}: {} silent for {} ms, taken over by {}", name,
          publisher.describe(), silentMs, candidate.describe());
      publisher.kick("taken over by a new publisher after " + silentMs + " ms of silence");
    }
    publisher = candidate;
    publishSessions++;
    lastMediaMillis = now;
    timeline.newSession();
    state = State.LIVE;
    return null;
  }

  /** The publisher sends one message; ignored unless it holds the stream. */
  public synchronized void publish(Publisher from, MediaTag.Kind kind, long timestamp32, byte[] body) {
    if (from != publisher || state != State.LIVE) {
      return;
    }
    lastMediaMillis = clock.millis();
    TagClass c = TagClass.of(kind, body);
    if (c == null) {
      return; // empty or unusable tag: nothing a player could decode
    }
    long ts = timeline.map(timestamp32);
    timeline.presented(ts + c.compositionMs());
    MediaTag tag = new MediaTag(kind, nextSequence++, ts, c.keyframe(), c.sequenceHeader(), body);
    bytesIn.addAndGet(body.length);
    if (kind == MediaTag.Kind.DATA) {
      metadata = tag;
    } else if (c.sequenceHeader()) {
      if (kind == MediaTag.Kind.VIDEO) {
        videoHeader = tag;
        hasVideo = true;
      } else {
        audioHeader = tag;
      }
    } else if (kind == MediaTag.Kind.VIDEO) {
      hasVideo = true;
      videoFrames.incrementAndGet();
    }
    gop.add(tag);
    QueueOfferResult r = queue.offer(tag);
    if (r != QueueOfferResult.enqueued()) {
      droppedAtIngest.incrementAndGet();
    }
  }

  /** The publisher left. Returns true if it held the stream (the caller schedules the end). */
  public synchronized boolean unpublish(Publisher from) {
    if (from != publisher) {
      return false;
    }
    publisher = null;
    unpublishedAtMillis = clock.millis();
    if (state == State.LIVE) {
      state = State.WAITING_FOR_PUBLISHER;
    }
    return true;
  }

  /** Ends the stream if no publisher came back; viewers get a clean end. */
  public synchronized boolean endIfAbandoned() {
    long goneMs = clock.millis() - unpublishedAtMillis;
    if (publisher != null || state == State.ENDED
        || goneMs < settings.reconnectGrace().toMillis()) {
      return false; // a publisher came back (and maybe left again: its own timer decides)
    }
    state = State.ENDED;
    queue.complete();
    return true;
  }

  /** Ends the stream now (shutdown): kicks the publisher and completes every viewer. */
  public synchronized void end(String reason) {
    if (publisher != null) {
      publisher.kick(reason);
      publisher = null;
    }
    if (state != State.ENDED) {
      state = State.ENDED;
      queue.complete();
    }
  }

  /**
   * A new subscriber's tags: metadata, codec headers and the cached GOP, then the live tags, each
   * exactly once and starting on a keyframe, through the viewer's own drop buffer.
   */
  public Source<MediaTag, NotUsed> subscribe() {
    Source<MediaTag, NotUsed> live =
        broadcast.statefulMapConcat(
            () -> {
              boolean[] started = {false};
              return tag -> {
                if (started[0]) {
                  return List.of(tag);
                }
                started[0] = true;
                List<MediaTag> out = snapshotBefore(tag.sequence());
                out.add(tag);
                return out;
              };
            });
    return live.via(new KeyframeStart())
        .via(new ViewerBuffer(settings.viewerBytesMax(), settings.viewerDropsMax(), hasVideo()))
        .watchTermination(
            (mat, done) -> {
              viewers.incrementAndGet();
              done.whenComplete((d, e) -> viewers.decrementAndGet());
              return mat;
            });
  }

  private synchronized List<MediaTag> snapshotBefore(long sequence) {
    List<MediaTag> out = new ArrayList<>();
    if (metadata != null && metadata.sequence() < sequence) {
      out.add(metadata);
    }
    if (videoHeader != null && videoHeader.sequence() < sequence) {
      out.add(videoHeader);
    }
    if (audioHeader != null && audioHeader.sequence() < sequence) {
      out.add(audioHeader);
    }
    out.addAll(gop.before(sequence));
    return out;
  }

  public synchronized boolean hasVideo() {
    return hasVideo;
  }

  public synchronized State state() {
    return state;
  }

  public synchronized MediaTag videoHeader() {
    return videoHeader;
  }

  public synchronized MediaTag audioHeader() {
    return audioHeader;
  }

  public synchronized MediaTag metadata() {
    return metadata;
  }

  public synchronized int publishSessions() {
    return publishSessions;
  }

  public int viewers() {
    return viewers.get();
  }

  public long bytesIn() {
    return bytesIn.get();
  }

  public long videoFrames() {
    return videoFrames.get();
  }

  public long droppedAtIngest() {
    return droppedAtIngest.get();
  }

  public Instant createdAt() {
    return createdAt;
  }
}
