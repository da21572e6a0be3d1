package io.streamrp2p.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external publisher or player (ffmpeg, ffprobe, gst-launch) with its stderr kept in a file, so
 * a long run never blocks on a full pipe and a failure can show what the tool said. Closing it
 * kills the process.
 */
final class MediaProcess implements AutoCloseable {
  /** Seconds a finished-by-itself tool may take; far above any test's media duration. */
  private static final long FINISH_SECONDS_MAX = 90;

  private final List<String> command;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private MediaProcess(List<String> command, Process process, Path stdout, Path stderr) {
    this.command = command;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static MediaProcess start(Path dir, String name, List<String> command) {
    try {
      Path out = Files.createTempFile(dir, name + "-", ".out");
      Path err = Files.createTempFile(dir, name + "-", ".err");
      Process p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      return new MediaProcess(List.copyOf(command), p, out, err);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + " (install it)", e);
    }
  }

  /**
   * ffmpeg publishing a live test pattern with a tone: x264 veryfast with a keyframe every 60
   * frames, AAC audio, paced in real time ({@code -re}).
   */
  static MediaProcess ffmpegPublisher(
      Path dir, String url, int width, int height, String videoBitrate) {
    List<String> c =
        new ArrayList<>(
            List.of(
                "ffmpeg",
                "-hide_banner",
                "-nostdin",
                "-v",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=30",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-b:v",
                videoBitrate,
                "-maxrate",
                videoBitrate,
                "-bufsize",
                videoBitrate,
                "-g",
                "60",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-f",
                "flv",
                url));
    return start(dir, "ffmpeg-publisher", c);
  }

  /**
   * GStreamer publishing a live 640x360 test pattern (x264, zero latency, keyframe every 60 frames)
   * with a tone through its own FLV muxer and RTMP client, a stack independent of ffmpeg.
   */
  static MediaProcess gstPublisher(Path dir, String url) {
    // format=I420: without it x264enc negotiates High 4:4:4 10-bit, which no browser plays
    String pipeline =
        "videotestsrc is-live=true"
            + " ! video/x-raw,format=I420,width=640,height=360,framerate=30/1"
            + " ! x264enc tune=zerolatency speed-preset=veryfast bitrate=800 key-int-max=60"
            + " ! h264parse ! flvmux name=m streamable=true ! rtmp2sink location="
            + url
            + " audiotestsrc is-live=true ! audioconvert ! voaacenc ! aacparse ! m.";
    List<String> c = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
    c.addAll(List.of(pipeline.split(" ")));
    return start(dir, "gst-publisher", c);
  }

  /**
   * ffmpeg reading {@code url} for {@code seconds} (0: to the end), decoding everything and writing
   * nothing. {@code -enc_time_base -1} keeps the null output on the input's millisecond time base:
   * by default ffmpeg 5 rounds video to 1/30 s after subtracting the stream start, and when audio
   * starts about half a frame before video two frames round to the same tick and ffmpeg reports
   * "non monotonically increasing dts" although the input is fine (a plain ffmpeg-made FLV file
   * shows it too).
   */
  static MediaProcess ffmpegPlayer(Path dir, String url, int seconds) {
    List<String> c =
        new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", url));
    if (seconds > 0) {
      c.addAll(List.of("-t", String.valueOf(seconds)));
    }
    // progress lines (frame=N) on stdout, so a test can wait until the player really decodes
    c.addAll(
        List.of(
            "-enc_time_base",
            "-1",
            "-progress",
            "pipe:1",
            "-stats_period",
            "0.2",
            "-f",
            "null",
            "-"));
    return start(dir, "ffmpeg-player", c);
  }

  /** {@code ffprobe -show_streams} of {@code url} as JSON. */
  static MediaProcess ffprobe(Path dir, String url) {
    return start(
        dir,
        "ffprobe",
        List.of("ffprobe", "-hide_banner", "-v", "error", "-of", "json", "-show_streams", url));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the tool to end by itself and returns its exit code. */
  int awaitExit() {
    try {
      if (!process.waitFor(FINISH_SECONDS_MAX, TimeUnit.SECONDS)) {
        throw new AssertionError(command + " still running after " + FINISH_SECONDS_MAX + " s");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Video frames an {@link #ffmpegPlayer} has decoded so far, from its progress lines. */
  long decodedFrames() {
    long frames = 0;
    for (String line : stdout().split("\n")) {
      if (line.startsWith("frame=")) {
        frames = Long.parseLong(line.substring("frame=".length()).trim());
      }
    }
    return frames;
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  /** Kills the process at once, as a crashed encoder or a pulled cable would end it. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return String.join(" ", command);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
