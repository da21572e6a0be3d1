package io.streamrp2p.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamrp2p load}: many HTTP-FLV viewers of one stream, measured. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description =
        "Open many HTTP-FLV viewers from one thread and report first-frame time,"
            + " stalls, hub-added latency, throughput and, as viewers follow redirects to"
            + " friend nodes, each server's share.")
public final class LoadCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "http://host:port/live/NAME.flv")
  URI url;

  @Option(names = "--viewers", defaultValue = "100", description = "Default ${DEFAULT-VALUE}.")
  int viewers;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      description = "Time all viewers stay after the ramp (default ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--ramp",
      defaultValue = "5s",
      description = "Viewers join evenly over this time (default ${DEFAULT-VALUE}).")
  String ramp;

  @Option(
      names = "--publish",
      description =
          "Publish this FLV file first, from this process;"
              + " run the hub with streamrp2p.hub.live.time-jitter=off to measure hub-added latency.")
  Path publish;

  @Option(names = "--publish-url", description = "rtmp://host:port/app/KEY for --publish.")
  String publishUrl;

  @Option(names = "--loop", description = "Loop the published file.")
  boolean loop;

  @Option(
      names = "--warmup",
      defaultValue = "3s",
      description = "With --publish, time before viewers join (default ${DEFAULT-VALUE}).")
  String warmup;

  @Option(
      names = "--hub-pid",
      defaultValue = "-1",
      description = "Sample this local process's CPU time and RSS.")
  long hubPid;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    LoadReport report;
    try {
      LoadPlan plan =
          new LoadPlan(
              url,
              viewers,
              Durations.parse(ramp),
              Durations.parse(duration),
              publish,
              publishUrl == null ? null : RtmpUrl.parse(publishUrl),
              loop,
              Durations.parse(warmup),
              hubPid);
      report = new LoadRun(plan).run();
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("load failed: " + e.getMessage());
      return 1;
    }
    System.out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
    return 0;
  }
}
