package io.streamrp2p.media.live;

import io.streamrp2p.protocol.flv.FlvHeader;
import io.streamrp2p.protocol.flv.FlvWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live stream on this hub member: the publisher's tags on the hub timeline, the metadata and
 * codec headers, and the shared {@link TagRing} every subscriber reads. Publishers come and go
 * (reconnects); the ring lives until the stream ends, so viewers stay connected across a publisher
 * reconnect. Mutation happens under the stream's lock, which only the publisher's thread and a
 * joining subscriber ever take; readers of the ring never lock.
 */
public final class LiveStream {
  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

  /** Bitrate and frame rate are measured over windows this long. */
  static final long RATE_WINDOW_MS = 2000;

  /** Where the stream is in its life. */
  public enum State {
    LIVE,
    WAITING_FOR_PUBLISHER,
    ENDED
  }

  /** What the stream calls on a subscriber when tags arrive, from the publisher's thread. */
  public interface Waker {
    void wake();
  }

  /** Where a new subscriber starts: tags to send first, then the ring from {@code sequence}. */
  record Start(List<MediaTag> prefix, long sequence, boolean needKeyframe) {}

  private final String name;
  private final LiveSettings settings;
  private final Clock clock;
  private final WakeBudget budget;
  private final TagRing ring;
  private final Timeline timeline;
  private final Instant createdAt;
  private final List<Waker> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicInteger viewers = new AtomicInteger();
  private volatile long touchedAtMillis;
  private volatile boolean ended;
  private volatile long lastKeyframe = -1;
  private volatile boolean hasVideo;
  private MediaTag metadata;
  private MediaTag videoHeader;
  private MediaTag audioHeader;
  private long nextSequence;
  private long bytesIn;
  private long videoFrames;
  private int publishSessions;
  private Publisher publisher;
  private long lastMediaMillis;
  private long unpublishedAtMillis;
  private State state = State.WAITING_FOR_PUBLISHER;
  private long rateWindowStartMillis;
  private long rateWindowBytes;
  private long rateWindowFrames;
  private long bitrateBps;
  private double framesPerSecond;
  private long lastWakeMillis;

  public LiveStream(String name, LiveSettings settings, Clock clock) {
    this(name, settings, clock, WakeBudget.unlimited());
  }

  public LiveStream(String name, LiveSettings settings, Clock clock, WakeBudget budget) {
    this.name = name;
    this.settings = settings;
    this.clock = clock;
    this.budget = budget;
    this.ring = new TagRing(settings.ringTags(), settings.ringBytesMax());
    this.timeline = new Timeline(settings.jitter(), settings.jitterMsMax());
    this.createdAt = clock.instant();
    this.unpublishedAtMillis = createdAt.toEpochMilli();
  }

  public String name() {
    return name;
  }

  LiveSettings settings() {
    return settings;
  }

  TagRing ring() {
    return ring;
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
      log.info(
          "stream {}: {} silent for {} ms, taken over by {}",
          name,
          publisher.describe(),
          silentMs,
          candidate.describe());
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
  public void publish(Publisher from, MediaTag.Kind kind, long timestamp32, byte[] body) {
    boolean wakeNow;
    synchronized (this) {
      if (from != publisher || state != State.LIVE) {
        return;
      }
      lastMediaMillis = clock.millis();
      measure(kind, body.length);
      TagClass c = TagClass.of(kind, body);
      if (c == null) {
        return; // empty or unusable tag: nothing a player could decode
      }
      long ts = timeline.map(timestamp32);
      timeline.presented(ts + c.compositionMs());
      MediaTag tag =
          new MediaTag(
              kind,
              nextSequence++,
              ts,
              c.keyframe(),
              c.sequenceHeader(),
              body,
              publishSessions,
              bytesIn);
      bytesIn += body.length;
      remember(tag);
      ring.append(tag);
      long sinceWake = lastMediaMillis - lastWakeMillis;
      boolean due =
          kind != MediaTag.Kind.AUDIO || !hasVideo || sinceWake >= settings.audioWakeMsMax();
      wakeNow = tag.sequenceHeader() || (due && sinceWake >= budget.minIntervalMillis());
      if (wakeNow) {
        lastWakeMillis = lastMediaMillis;
      }
    }
    if (wakeNow) {
      wakeAll();
    }
  }

  private void remember(MediaTag tag) {
    if (tag.kind() == MediaTag.Kind.DATA) {
      metadata = tag;
    } else if (tag.sequenceHeader()) {
      if (tag.kind() == MediaTag.Kind.VIDEO) {
        videoHeader = tag;
        hasVideo = true;
      } else {
        audioHeader = tag;
      }
    } else if (tag.kind() == MediaTag.Kind.VIDEO) {
      hasVideo = true;
      videoFrames++;
      if (tag.keyframe()) {
        lastKeyframe = tag.sequence();
      }
    }
  }

  private void wakeAll() {
    for (Waker w : subscribers) {
      w.wake();
    }
  }

  /** Bitrate and frame rate over windows of {@link #RATE_WINDOW_MS}. */
  private void measure(MediaTag.Kind kind, int bytes) {
    if (rateWindowStartMillis == 0) {
      rateWindowStartMillis = lastMediaMillis;
    }
    rateWindowBytes += bytes;
    if (kind == MediaTag.Kind.VIDEO) {
      rateWindowFrames++;
    }
    long elapsed = lastMediaMillis - rateWindowStartMillis;
    if (elapsed >= RATE_WINDOW_MS) {
      bitrateBps = rateWindowBytes * 8 * 1000 / elapsed;
      framesPerSecond = rateWindowFrames * 1000.0 / elapsed;
      rateWindowStartMillis = lastMediaMillis;
      rateWindowBytes = 0;
      rateWindowFrames = 0;
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
  public boolean endIfAbandoned() {
    synchronized (this) {
      long goneMs = clock.millis() - unpublishedAtMillis;
      if (publisher != null
          || state == State.ENDED
          || goneMs < settings.reconnectGrace().toMillis()) {
        return false; // a publisher came back (and maybe left again: its own timer decides)
      }
      state = State.ENDED;
      ended = true;
    }
    wakeAll();
    return true;
  }

  /** Ends the stream now (shutdown): kicks the publisher and completes every subscriber. */
  public void end(String reason) {
    synchronized (this) {
      if (publisher != null) {
        publisher.kick(reason);
        publisher = null;
      }
      state = State.ENDED;
      ended = true;
    }
    wakeAll();
  }

  /**
   * A viewer's tags in batches: metadata, codec headers and the tags from the newest keyframe, then
   * the live tags, each exactly once; see {@link Subscription}.
   */
  public Source<List<MediaTag>, NotUsed> subscribeBatches() {
    return Source.fromGraph(new Subscription(this, true));
  }

  /** As {@link #subscribeBatches()}, one tag at a time. */
  public Source<MediaTag, NotUsed> subscribe() {
    return subscribeBatches().mapConcat(b -> b);
  }

  /** As {@link #subscribe()}, for the hub's own consumers (HLS), not counted as viewers. */
  public Source<MediaTag, NotUsed> subscribeInternal() {
    return Source.fromGraph(new Subscription(this, false)).mapConcat(b -> b);
  }

  /**
   * Registers a subscriber and tells it where to start, atomically with respect to publish. Closing
   * the reader leaves the stream. What wakes the subscriber when tags arrive is a {@link Waker}
   * registered with {@link #addWaker} before joining (one may serve many readers).
   */
  public synchronized StreamReader join(boolean viewer) {
    budget.joined();
    if (viewer) {
      viewers.incrementAndGet();
    }
    long head = ring.head();
    long start = head;
    boolean needKeyframe = hasVideo;
    long key = lastKeyframe;
    if (key >= ring.oldest()) {
      MediaTag k = ring.get(key);
      if (k != null && ring.endOffset() - k.streamOffset() <= settings.gopCacheBytesMax()) {
        start = key;
        needKeyframe = false;
      }
    }
    List<MediaTag> prefix = new ArrayList<>(3);
    for (MediaTag t : new MediaTag[] {metadata, videoHeader, audioHeader}) {
      if (t != null && t.sequence() < start) {
        prefix.add(t);
      }
    }
    return new StreamReader(this, viewer, new Start(prefix, start, needKeyframe));
  }

  /**
   * Wakes {@code waker} whenever tags arrive (subject to the wake budget), until {@link
   * #removeWaker}; add it before {@link #join}, so no tag after the reader's start goes unnoticed.
   */
  public void addWaker(Waker waker) {
    subscribers.add(waker);
  }

  public void removeWaker(Waker waker) {
    subscribers.remove(waker);
  }

  void leave(boolean viewer) {
    budget.left();
    if (viewer) {
      viewers.decrementAndGet();
    }
  }

  boolean ended() {
    return ended;
  }

  long lastKeyframe() {
    return lastKeyframe;
  }

  public boolean hasVideo() {
    return hasVideo;
  }

  public synchronized long bitrateBps() {
    return state == State.LIVE ? bitrateBps : 0;
  }

  public synchronized double framesPerSecond() {
    return state == State.LIVE ? framesPerSecond : 0;
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

  /**
   * The FLV file header (and PreviousTagSize0) an HTTP-FLV viewer gets first. It flags the tracks
   * whose sequence headers arrived; before any did, both, since the presence flags are advisory and
   * a player should look for both.
   */
  public synchronized byte[] flvFileHeader() {
    boolean audio = audioHeader != null || videoHeader == null;
    boolean video = videoHeader != null || audioHeader == null;
    return FlvWriter.encodeHeader(FlvHeader.of(audio, video));
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

  /**
   * A viewer that holds no connection open (HLS: playlist and segment requests) asked for the
   * stream, so it counts as watched now although {@link #viewers} does not include it.
   */
  public void touch() {
    touchedAtMillis = clock.millis();
  }

  /** When {@link #touch} was last called, in epoch milliseconds; 0 if never. */
  public long touchedAtMillis() {
    return touchedAtMillis;
  }

  public synchronized long bytesIn() {
    return bytesIn;
  }

  public synchronized long videoFrames() {
    return videoFrames;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
