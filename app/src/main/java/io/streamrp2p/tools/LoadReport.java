package io.streamrp2p.tools;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of a load run. Times in milliseconds; MB is 10^6 bytes. Hub figures are NaN (or -1
 * for memory) without a hub process id; latency figures are NaN without the tool's own publisher.
 *
 * @param stallFree connected, received a keyframe, never fell 1 s behind and was not cut off
 * @param latencyP50Ms hub-added latency over all tags, audio and video
 * @param videoLatencyP99Ms the same over video tags only: a player presents audio by its timestamps
 *     against video, so audio that rides with the next video frame is not later on screen, but it
 *     does count in {@code latencyP99Ms}
 * @param hubCpuCores hub CPU seconds per wall second over the measured window
 * @param memoryPerViewerKb (hub RSS at the end - RSS before any viewer) / viewers, in KiB
 * @param failures failure descriptions with how many viewers each ended
 * @param targets where the connected viewers ended up after redirects, one entry per server
 */
public record LoadReport(
    int viewersRequested,
    int connected,
    int withFirstFrame,
    int stallFree,
    double firstFrameP50Ms,
    double firstFrameP99Ms,
    double latencyP50Ms,
    double latencyP99Ms,
    long latencySamples,
    double videoLatencyP50Ms,
    double videoLatencyP99Ms,
    double windowSeconds,
    double throughputMBps,
    double hubCpuCores,
    double mbPerCpuSecond,
    long hubRssIdleBytes,
    long hubRssEndBytes,
    double memoryPerViewerKb,
    Map<String, Integer> failures,
    List<Target> targets) {

  public LoadReport {
    failures = Map.copyOf(failures);
    targets = List.copyOf(targets);
  }

  /**
   * The viewers one server answered with a stream.
   *
   * @param target {@code host:port}
   * @param viewers viewers whose last request it answered with 200
   * @param stallFree those of them that are stall-free
   * @param bytes what they received from it over the whole run
   * @param sharePercent {@code viewers} in percent of all connected viewers
   */
  public record Target(
      String target, int viewers, int stallFree, long bytes, double sharePercent) {}

  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(
        f(
            "viewers requested %d, connected %d, first frame %d, stall-free %d%n",
            viewersRequested, connected, withFirstFrame, stallFree));
    b.append(f("first frame p50 %.1f ms, p99 %.1f ms%n", firstFrameP50Ms, firstFrameP99Ms));
    b.append(
        f(
            "hub-added latency p50 %.1f ms, p99 %.1f ms (%d samples); video tags p50 %.1f ms,"
                + " p99 %.1f ms%n",
            latencyP50Ms, latencyP99Ms, latencySamples, videoLatencyP50Ms, videoLatencyP99Ms));
    b.append(f("throughput %.1f MB/s over %.1f s%n", throughputMBps, windowSeconds));
    if (!Double.isNaN(hubCpuCores)) {
      b.append(
          f(
              "hub cpu %.2f core, %.0f MB per cpu-second, rss idle %d MiB end %d MiB,"
                  + " %.1f KiB per viewer%n",
              hubCpuCores,
              mbPerCpuSecond,
              hubRssIdleBytes >> 20,
              hubRssEndBytes >> 20,
              memoryPerViewerKb));
    }
    if (!targets.isEmpty()) {
      b.append(f("%-24s %8s %10s %10s %7s%n", "served by", "viewers", "stall-free", "MB", "share"));
    }
    for (Target t : targets) {
      b.append(
          f(
              "%-24s %8d %10d %10.1f %5.1f %%%n",
              t.target, t.viewers, t.stallFree, t.bytes / 1e6, t.sharePercent));
    }
    failures.forEach((why, n) -> b.append(f("failed: %d x %s%n", n, why)));
    return b.toString();
  }

  public String toJson() {
    String failed =
        failures.entrySet().stream()
            .map(e -> quote(e.getKey()) + ":" + e.getValue())
            .collect(Collectors.joining(",", "{", "}"));
    String served =
        targets.stream()
            .map(
                t ->
                    f(
                        "{\"target\":%s,\"viewers\":%d,\"stallFree\":%d,\"bytes\":%d,"
                            + "\"sharePercent\":%s}",
                        quote(t.target), t.viewers, t.stallFree, t.bytes, num(t.sharePercent)))
            .collect(Collectors.joining(",", "[", "]"));
    return f(
        "{\"viewersRequested\":%d,\"connected\":%d,\"withFirstFrame\":%d,\"stallFree\":%d,"
            + "\"firstFrameP50Ms\":%s,\"firstFrameP99Ms\":%s,\"latencyP50Ms\":%s,"
            + "\"latencyP99Ms\":%s,\"latencySamples\":%d,\"videoLatencyP50Ms\":%s,"
            + "\"videoLatencyP99Ms\":%s,\"windowSeconds\":%s,"
            + "\"throughputMBps\":%s,\"hubCpuCores\":%s,\"mbPerCpuSecond\":%s,"
            + "\"hubRssIdleBytes\":%d,\"hubRssEndBytes\":%d,\"memoryPerViewerKb\":%s,"
            + "\"failures\":%s,\"targets\":%s}",
        viewersRequested,
        connected,
        withFirstFrame,
        stallFree,
        num(firstFrameP50Ms),
        num(firstFrameP99Ms),
        num(latencyP50Ms),
        num(latencyP99Ms),
        latencySamples,
        num(videoLatencyP50Ms),
        num(videoLatencyP99Ms),
        num(windowSeconds),
        num(throughputMBps),
        num(hubCpuCores),
        num(mbPerCpuSecond),
        hubRssIdleBytes,
        hubRssEndBytes,
        num(memoryPerViewerKb),
        failed,
        served);
  }

  private static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : f("%.3f", v);
  }

  private static String quote(String s) {
    return "\""
        + s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ")
        + "\"";
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
