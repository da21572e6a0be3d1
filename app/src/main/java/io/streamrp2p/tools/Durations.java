package io.streamrp2p.tools;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations the tools take on the command line: {@code 500ms}, {@code 30s}, {@code 2m}.
 */
final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m)");

  private Durations() {}

  static Duration parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration like 500ms, 30s or 2m: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
