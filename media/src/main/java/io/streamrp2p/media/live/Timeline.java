package io.streamrp2p.media.live;

/**
 * Turns one publisher session's 32-bit RTMP timestamps into the stream's 64-bit output timeline
 * (milliseconds). Output is monotonic within a session and continues across publisher reconnects: a
 * new session starts where the previous one ended, after its last presented frame (see {@link
 * #presented}), so a decoder never shows a new frame before an old one. Wrap-around of the 32-bit
 * input (every 49.7 days of stream time, or earlier when an encoder starts high) is unwrapped by
 * reading each step as a signed 32-bit delta.
 *
 * <p>Jitter correction follows SRS's {@code time_jitter}: {@link Mode#FULL} keeps deltas within +/-
 * {@code jitterMsMax} and replaces larger jumps (an encoder restart, a bad clock) with a nominal
 * frame time; {@link Mode#ZERO} only rebases the session to start at the stream's current end;
 * {@link Mode#OFF} passes unwrapped timestamps through, rebased only across reconnects so the
 * output never goes back.
 */
public final class Timeline {
  /** How timestamps are corrected. */
  public enum Mode {
    FULL,
    ZERO,
    OFF
  }

  /** The delta used in place of a jump, as SRS does: one 100 fps frame. */
  static final long NOMINAL_FRAME_MS = 10;

  private final Mode mode;
  private final long jitterMsMax;
  private long lastOutput = -1;
  private long maxOutput = -1;
  private long maxPresented = -1;
  private boolean sessionStarted;
  private long lastInput;

  public Timeline(Mode mode, long jitterMsMax) {
    if (jitterMsMax <= 0) {
      throw new IllegalArgumentException("jitterMsMax must be positive: " + jitterMsMax);
    }
    this.mode = mode;
    this.jitterMsMax = jitterMsMax;
  }

  /** A new publisher session begins: its first timestamp continues the stream's timeline. */
  public void newSession() {
    sessionStarted = false;
  }

  /** The highest output timestamp so far, or -1 before any. */
  public long maxOutput() {
    return maxOutput;
  }

  /**
   * A frame mapped to a decoding time is shown at {@code outputMs} (decoding time plus its
   * composition offset). With B-frames an encoder that dies leaves frames presented up to a few
   * frame times after the last decoding time, and the next session must start after them.
   */
  public void presented(long outputMs) {
    maxPresented = Math.max(maxPresented, outputMs);
  }

  /** Maps one input timestamp (32-bit unsigned, as sent by the publisher) to the timeline. */
  public long map(long timestamp32) {
    long input = timestamp32 & 0xFFFF_FFFFL;
    if (!sessionStarted) {
      sessionStarted = true;
      lastInput = input;
      long end = Math.max(maxOutput, maxPresented);
      long start = end < 0 ? startOfStream(input) : end + NOMINAL_FRAME_MS;
      return emit(start);
    }
    long delta = (int) (input - lastInput); // signed 32-bit step: unwraps the 2^32 wrap
    lastInput = input;
    if (mode == Mode.FULL && (delta > jitterMsMax || delta < -jitterMsMax)) {
      delta = NOMINAL_FRAME_MS;
    }
    return emit(Math.max(0, lastOutput + delta));
  }

  private long startOfStream(long input) {
    return mode == Mode.OFF ? input : 0;
  }

  private long emit(long output) {
    lastOutput = output;
    maxOutput = Math.max(maxOutput, output);
    return output;
  }
}
