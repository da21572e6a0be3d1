package io.streamrp2p.protocol.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * A live HLS media playlist (RFC 8216) over a sliding window of the newest segments. The server
 * adds each finished segment, serves {@link #render()}, and deletes the data of segments the window
 * drops (returned by {@link #addSegment}) once clients can no longer ask for them.
 *
 * <p>EXT-X-TARGETDURATION is fixed at construction: RFC 8216 6.2.1 forbids changing it, and 4.3.3.1
 * requires every EXTINF, rounded to the nearest integer, to be at most it. The segmenter must
 * therefore choose the target before the first segment (for example from the configured keyframe
 * interval, rounded up) and cut segments no longer than it; a longer one is rejected. Not
 * thread-safe.
 */
public final class MediaPlaylist {
  /** RFC 8216 7: version 3 is the first with decimal EXTINF durations. */
  public static final int VERSION = 3;

  /**
   * Smallest window: RFC 8216 6.2.2 forbids shrinking a live playlist below three target durations,
   * which needs at least three segments when the segmenter cuts near the target.
   */
  public static final int WINDOW_SEGMENTS_MIN = 3;

  private static final DateTimeFormatter PROGRAM_DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /**
   * One media segment in the window.
   *
   * @param sequenceNumber media sequence number (RFC 8216 3), never reused
   * @param durationMicros exact duration; rendered in EXTINF with millisecond precision
   * @param discontinuity an EXT-X-DISCONTINUITY precedes this segment (RFC 8216 4.3.2.3)
   * @param programDateTime wall-clock time of the first sample, or null to omit
   *     EXT-X-PROGRAM-DATE-TIME (RFC 8216 4.3.2.6)
   */
  public record Segment(
      long sequenceNumber,
      String uri,
      long durationMicros,
      boolean discontinuity,
      Instant programDateTime) {}

  private final int targetDurationSeconds;
  private final int windowSegmentsMax;
  private final ArrayDeque<Segment> window;
  private long nextSequenceNumber;
  private long discontinuitySequence;
  private boolean ended;

  /**
   * @param targetDurationSeconds EXT-X-TARGETDURATION, at least 1
   * @param windowSegmentsMax segments kept in the playlist, at least {@link #WINDOW_SEGMENTS_MIN};
   *     the server keeps the data of at most this many segments plus those it is draining
   */
  public MediaPlaylist(int targetDurationSeconds, int windowSegmentsMax) {
    if (targetDurationSeconds < 1) {
      throw new IllegalArgumentException("targetDurationSeconds must be >= 1");
    }
    if (windowSegmentsMax < WINDOW_SEGMENTS_MIN) {
      throw new IllegalArgumentException("windowSegmentsMax must be >= " + WINDOW_SEGMENTS_MIN);
    }
    this.targetDurationSeconds = targetDurationSeconds;
    this.windowSegmentsMax = windowSegmentsMax;
    this.window = new ArrayDeque<>(windowSegmentsMax + 1);
  }

  /** {@link #addSegment(String, long, boolean, Instant)} without EXT-X-PROGRAM-DATE-TIME. */
  public Optional<Segment> addSegment(String uri, long durationMicros, boolean discontinuity) {
    return addSegment(uri, durationMicros, discontinuity, null);
  }

  /**
   * Appends the next segment and slides the window.
   *
   * @return the segment that left the window, if any; the caller keeps its data available for a
   *     while longer (RFC 8216 6.2.2: its duration plus the playlist duration)
   * @throws IllegalArgumentException when the duration rounds above the target duration, is not
   *     positive, or the URI is empty, contains a line break or starts with '#'
   * @throws IllegalStateException after {@link #end()}
   */
  public Optional<Segment> addSegment(
      String uri, long durationMicros, boolean discontinuity, Instant programDateTime) {
    if (ended) {
      throw new IllegalStateException("playlist has ended");
    }
    requireUri(uri);
    if (durationMicros <= 0) {
      throw new IllegalArgumentException("duration must be positive, got " + durationMicros);
    }
    long roundedSeconds = (roundToMillis(durationMicros) + 500) / 1000;
    if (roundedSeconds > targetDurationSeconds) {
      throw new IllegalArgumentException(
          "segment of "
              + formatSeconds(durationMicros)
              + " s rounds above target duration "
              + targetDurationSeconds
              + " s (RFC 8216 4.3.3.1)");
    }
    window.addLast(
        new Segment(nextSequenceNumber++, uri, durationMicros, discontinuity, programDateTime));
    if (window.size() <= windowSegmentsMax) {
      return Optional.empty();
    }
    Segment dropped = window.removeFirst();
    if (dropped.discontinuity()) {
      // RFC 8216 6.2.2: removing an EXT-X-DISCONTINUITY increments the discontinuity sequence.
      discontinuitySequence++;
    }
    return Optional.of(dropped);
  }

  /** Marks the stream finished: EXT-X-ENDLIST is rendered and no segment may follow. */
  public void end() {
    ended = true;
  }

  public boolean ended() {
    return ended;
  }

  /** The segments in the window, oldest first. */
  public List<Segment> segments() {
    return List.copyOf(window);
  }

  /** EXT-X-MEDIA-SEQUENCE: sequence number of the oldest segment in the window. */
  public long mediaSequence() {
    return window.isEmpty() ? nextSequenceNumber : window.getFirst().sequenceNumber();
  }

  /** EXT-X-DISCONTINUITY-SEQUENCE: discontinuities that have left the window. */
  public long discontinuitySequence() {
    return discontinuitySequence;
  }

  public int targetDurationSeconds() {
    return targetDurationSeconds;
  }

  public int windowSegmentsMax() {
    return windowSegmentsMax;
  }

  /** The playlist text (RFC 8216 4), lines ending in LF. */
  public String render() {
    StringBuilder out = new StringBuilder(128 + 64 * window.size());
    out.append("#EXTM3U\n");
    out.append("#EXT-X-VERSION:").append(VERSION).append('\n');
    out.append("#EXT-X-TARGETDURATION:").append(targetDurationSeconds).append('\n');
    out.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence()).append('\n');
    if (discontinuitySequence > 0) {
      out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
    }
    for (Segment s : window) {
      if (s.discontinuity()) {
        out.append("#EXT-X-DISCONTINUITY\n");
      }
      if (s.programDateTime() != null) {
        out.append("#EXT-X-PROGRAM-DATE-TIME:")
            .append(PROGRAM_DATE_TIME.format(s.programDateTime()))
            .append('\n');
      }
      out.append("#EXTINF:").append(formatSeconds(s.durationMicros())).append(",\n");
      out.append(s.uri()).append('\n');
    }
    if (ended) {
      out.append("#EXT-X-ENDLIST\n");
    }
    return out.toString();
  }

  private static void requireUri(String uri) {
    if (uri == null || uri.isEmpty() || uri.startsWith("#")) {
      throw new IllegalArgumentException("segment URI must be non-empty and not start with '#'");
    }
    if (uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("segment URI must not contain a line break");
    }
  }

  private static long roundToMillis(long micros) {
    return (micros + 500) / 1000;
  }

  /** Seconds with exactly three decimals, as EXTINF carries them. */
  private static String formatSeconds(long micros) {
    long millis = roundToMillis(micros);
    return millis / 1000 + "." + String.format("%03d", millis % 1000);
  }
}
