package io.streamrp2p.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a local process, from Linux procfs: utime + stime of {@code
 * /proc/PID/stat} (fields 14 and 15, in clock ticks) and VmRSS of {@code /proc/PID/status}.
 */
record ProcessSample(double cpuSeconds, long rssBytes) {
  /** USER_HZ: 100 on every Linux architecture the hub runs on (x86-64, arm64). */
  private static final double TICKS_PER_SECOND = 100;

  static ProcessSample of(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces; fields are counted after its closing ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    long rss = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return new ProcessSample(cpu, rss);
  }
}
