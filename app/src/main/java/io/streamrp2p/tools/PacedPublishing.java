package io.streamrp2p.tools;

import io.streamrp2p.protocol.flv.AudioTagHeader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.VideoTagHeader;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Sends a list of tags in real time: tag {@code i} leaves at start + (its timestamp - the first
 * tag's). With looping, each pass continues the timeline one frame after the last one ended, and
 * metadata and codec headers are sent on the first pass only (a repeat would tell the server the
 * codec changed).
 */
public final class PacedPublishing {
  /** Told of every tag after its bytes were handed to the socket. */
  @FunctionalInterface
  public interface SentListener {
    void sent(int tagType, long timestampMs, long sentNanos);
  }

  /** Where tags go: normally {@link RtmpPublisher#send}. */
  @FunctionalInterface
  public interface Sink {
    void send(FlvTag tag, long timestampMs) throws IOException;
  }

  private static final long DEFAULT_FRAME_MS = 33;

  private PacedPublishing() {}

  /**
   * Runs until the tags are sent ({@code loop == false}) or {@code stop} says so.
   *
   * @return tags sent
   */
  public static long run(
      List<FlvTag> tags, boolean loop, Sink sink, SentListener listener, BooleanSupplier stop)
      throws IOException, InterruptedException {
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("nothing to publish");
    }
    long first = tags.get(0).timestamp();
    double frameMs = frameMs(tags);
    long start = System.nanoTime();
    double offset = 0;
    long last = 0;
    long sent = 0;
    boolean firstPass = true;
    do {
      for (FlvTag tag : tags) {
        if (!firstPass && isConfiguration(tag)) {
          continue;
        }
        long ts = Math.round(Math.max(0, tag.timestamp() - first) + offset);
        if (!waitUntil(start + ts * 1_000_000L, stop)) {
          return sent;
        }
        sink.send(tag, ts);
        listener.sent(tag.tagType(), ts, System.nanoTime());
        last = Math.max(last, ts);
        sent++;
      }
      // The next pass starts on the video frame grid after the last tag, so frame times keep
      // their cadence across the loop (players that map times to frame numbers see no repeat).
      offset = Math.ceil((last + 1) / frameMs) * frameMs;
      firstPass = false;
    } while (loop && !stop.getAsBoolean());
    return sent;
  }

  private static boolean waitUntil(long dueNanos, BooleanSupplier stop)
      throws InterruptedException {
    while (true) {
      if (stop.getAsBoolean()) {
        return false;
      }
      long wait = dueNanos - System.nanoTime();
      if (wait <= 0) {
        return true;
      }
      // Wake at least every 100 ms to notice a stop request.
      LockSupport.parkNanos(Math.min(wait, 100_000_000L));
      if (Thread.interrupted()) {
        throw new InterruptedException("publishing interrupted");
      }
    }
  }

  /** The mean video frame interval, so a loop's next pass starts one frame after the last. */
  static double frameMs(List<FlvTag> tags) {
    long firstVideo = -1;
    long lastVideo = -1;
    long frames = 0;
    for (FlvTag t : tags) {
      if (t.isVideo() && !isConfiguration(t)) {
        firstVideo = firstVideo < 0 ? t.timestamp() : firstVideo;
        lastVideo = t.timestamp();
        frames++;
      }
    }
    return frames > 1
        ? Math.max(1.0, (lastVideo - firstVideo) / (double) (frames - 1))
        : DEFAULT_FRAME_MS;
  }

  static boolean isConfiguration(FlvTag tag) {
    if (tag.isScript()) {
      return true;
    }
    if (tag.body().length == 0) {
      return false;
    }
    try {
      return tag.isVideo()
          ? VideoTagHeader.decode(tag.body()).isSequenceHeader()
          : AudioTagHeader.decode(tag.body()).isSequenceHeader();
    } catch (RuntimeException e) {
      return false; // a header we cannot read is media to pass on, not configuration
    }
  }
}
