package io.streamrp2p.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A fixture written to a file for the tools, its bytes, and ffprobe's view of one of its streams as
 * key=value fields (no JSON library in this module): what a codec IT checks its parser against.
 */
public record ProbedFixture(Path file, byte[] bytes, Map<String, String> stream) {

  /** Copies fixture {@code name} into {@code dir} and probes its stream {@code selector}. */
  public static ProbedFixture of(String name, Path dir, String selector) {
    Path file = FfTools.fixture(name, dir);
    try {
      return new ProbedFixture(file, Files.readAllBytes(file), probeStream(file, selector));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ffprobe's value of {@code key}, e.g. {@code profile}; null when it has none. */
  public String text(String key) {
    return stream.get(key);
  }

  /** ffprobe's value of {@code key} as an integer, e.g. {@code width}. */
  public int integer(String key) {
    return Integer.parseInt(stream.get(key));
  }

  /** Fields of the first stream matching {@code selector}, e.g. {@code v:0} or {@code a:0}. */
  private static Map<String, String> probeStream(Path file, String selector) {
    String out =
        FfTools.ffprobe(
                "-v",
                "error",
                "-select_streams",
                selector,
                "-show_streams",
                "-of",
                "default=noprint_wrappers=1",
                file.toString())
            .requireSuccess()
            .stdout();
    Map<String, String> fields = new HashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return fields;
  }
}
