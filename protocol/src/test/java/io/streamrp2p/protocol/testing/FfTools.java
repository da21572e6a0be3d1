package io.streamrp2p.protocol.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffmpeg and ffprobe, the independent implementation the codecs are checked against. Tests
 * fail (they are never skipped) when the tools are missing: CI installs them.
 */
public final class FfTools {
  /** Generous bound so a hung tool fails the test instead of hanging the build. */
  private static final long RUN_SECONDS_MAX = 120;

  private FfTools() {}

  /** Exit code and both output streams of one finished run. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("exit " + exitCode + ": " + stderr);
      }
      return this;
    }
  }

  public static Result ffprobe(String... args) {
    return run(prepend("ffprobe", args));
  }

  public static Result ffmpeg(String... args) {
    return run(prepend("ffmpeg", args));
  }

  /**
   * {@code ffmpeg -v error -i INPUT ARGS OUTPUT}, which must succeed; returns the bytes written.
   * For cutting one stream out of a fixture, e.g. with {@code -vn -c:a copy -f adts}.
   */
  public static byte[] convert(Path input, Path output, String... args) {
    List<String> all = new ArrayList<>(List.of("-v", "error", "-i", input.toString()));
    all.addAll(List.of(args));
    all.add(output.toString());
    ffmpeg(all.toArray(String[]::new)).requireSuccess();
    try {
      return Files.readAllBytes(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ffprobe -v error -of json -show_streams -show_format FILE}. */
  public static Result probeJson(Path file, String... extra) {
    List<String> args = new ArrayList<>(List.of("-v", "error", "-of", "json"));
    args.addAll(List.of(extra));
    args.add(file.toString());
    return ffprobe(args.toArray(String[]::new)).requireSuccess();
  }

  /** Copies a classpath fixture (under {@code /fixtures/}) to a real file for the tools. */
  public static Path fixture(String name, Path dir) {
    try (InputStream in = FfTools.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      Path out = dir.resolve(name);
      Files.copy(in, out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a classpath fixture (under {@code /fixtures/}) into memory. */
  public static byte[] fixtureBytes(String name) {
    try (InputStream in = FfTools.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      p.getOutputStream().close();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(RUN_SECONDS_MAX, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in " + RUN_SECONDS_MAX + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + " (install ffmpeg)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static List<String> prepend(String tool, String... args) {
    List<String> all = new ArrayList<>();
    all.add(tool);
    all.addAll(List.of(args));
    return all;
  }
}
