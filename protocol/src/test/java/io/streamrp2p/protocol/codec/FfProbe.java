package io.streamrp2p.protocol.codec;

import io.streamrp2p.protocol.testing.FfTools;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** ffprobe's view of one stream as key=value pairs (no JSON library in this module). */
public final class FfProbe {
  private FfProbe() {}

  /** Fields of the first stream matching {@code selector}, e.g. {@code v:0} or {@code a:0}. */
  public static Map<String, String> stream(Path file, String selector) {
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
