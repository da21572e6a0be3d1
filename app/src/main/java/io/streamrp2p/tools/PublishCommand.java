package io.streamrp2p.tools;

import io.streamrp2p.protocol.flv.FlvTag;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamrp2p publish}: publishes an FLV file or an HEVC Annex B stream over RTMP. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description =
        "Publish an FLV file, or a raw HEVC (Annex B) stream as Enhanced RTMP, in real" + " time.")
public final class PublishCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "rtmp://host:port/app/streamKey")
  String url;

  @Parameters(index = "0", description = "FLV file, or .h265/.hevc Annex B with --hevc-fps")
  Path file;

  @Option(names = "--loop", description = "Start over at the end, continuing the timestamps.")
  boolean loop;

  @Option(
      names = "--hevc-fps",
      description =
          "FILE is HEVC Annex B at this frame rate;"
              + " encode it without B-frames (-x265-params bframes=0).")
  Integer hevcFps;

  @Option(names = "--audio", description = "An AAC ADTS file sent along, interleaved by time.")
  Path audio;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      description = "Bound on connecting and each setup answer (default ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws InterruptedException {
    try {
      List<FlvTag> tags =
          hevcFps == null ? MediaFiles.readFlv(file) : MediaFiles.readHevcAnnexB(file, hevcFps);
      if (audio != null) {
        tags = MediaFiles.interleave(tags, MediaFiles.readAdts(audio));
      }
      RtmpUrl target = RtmpUrl.parse(url);
      try (RtmpPublisher publisher = RtmpPublisher.open(target, Durations.parse(timeout))) {
        System.out.println("publishing " + file + " to " + target.tcUrl());
        long sent = PacedPublishing.run(tags, loop, publisher::send, (t, ts, n) -> {}, () -> false);
        System.out.println("sent " + sent + " tags, " + publisher.bytesSent() + " bytes");
      }
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("publish failed: " + e.getMessage());
      return 1;
    }
  }
}
