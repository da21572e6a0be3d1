package io.streamrp2p.system;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the formatted message of every log event of the test JVM (wired in logback-test.xml), so
 * tests can check the hub said precisely why it closed a connection.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {
  private static final List<String> LINES = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    LINES.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage());
  }

  /** Whether a line logged so far contains every one of {@code parts}. */
  static boolean contains(String... parts) {
    for (String line : LINES) {
      boolean all = true;
      for (String p : parts) {
        all &= line.contains(p);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  static List<String> lines() {
    return List.copyOf(LINES);
  }

  /** Lines logged so far: {@link #linesFrom} of it gives only what was logged after. */
  static int mark() {
    return LINES.size();
  }

  static List<String> linesFrom(int mark) {
    return List.copyOf(LINES.subList(mark, LINES.size()));
  }
}
