package io.streamrp2p.system;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.hub.Hub;
import io.streamrp2p.hub.HubConfig;
import io.streamrp2p.hub.HubConfigLoader;
import io.streamrp2p.media.live.LiveStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;

/**
 * A hub started in-process on ephemeral loopback ports with streams s1..s3 (keys k1..k3), as the
 * system tests drive it. Closing it closes the hub and terminates its actor system.
 */
final class TestHub implements AutoCloseable {
  private final ActorSystem system;
  private final Hub hub;

  private TestHub(ActorSystem system, Hub hub) {
    this.system = system;
    this.hub = hub;
  }

  /** Starts a hub; {@code extraConfig} lines (HOCON) override the test defaults. */
  static TestHub start(Path dataDir, String... extraConfig) {
    Config config =
        HubConfigLoader.load(
            ConfigFactory.parseString(String.join("\n", extraConfig))
                .withFallback(
                    ConfigFactory.parseString(
                        "streamrp2p.hub.rtmp.port=0\n"
                            + "streamrp2p.hub.http.port=0\n"
                            + "streamrp2p.hub.streams { s1 = k1, s2 = k2, s3 = k3 }\n"
                            + "streamrp2p.hub.data-dir=\""
                            + dataDir
                            + "\"\n"
                            + "streamrp2p.hub.live.reconnect-grace=3s")));
    ActorSystem system = ActorSystem.create("t", config);
    try {
      return new TestHub(system, Hub.start(system, HubConfig.from(config)));
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  Hub hub() {
    return hub;
  }

  ActorSystem system() {
    return system;
  }

  int rtmpPort() {
    return hub.rtmpAddress().getPort();
  }

  int httpPort() {
    return hub.httpAddress().getPort();
  }

  /** {@code rtmp://127.0.0.1:P/live/NAME}: a publish URL for a key, a play URL for a stream. */
  String rtmpUrl(String keyOrStream) {
    return "rtmp://127.0.0.1:" + rtmpPort() + "/live/" + keyOrStream;
  }

  String flvUrl(String stream) {
    return "http://127.0.0.1:" + httpPort() + "/live/" + stream + ".flv";
  }

  Optional<LiveStream> stream(String name) {
    return hub.streams().find(name);
  }

  /** Whether the stream is live and has received at least {@code frames} video frames. */
  boolean isLive(String name, long frames) {
    return stream(name)
        .filter(s -> s.state() == LiveStream.State.LIVE && s.videoFrames() >= frames)
        .isPresent();
  }

  @Override
  public void close() {
    try {
      hub.close();
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the JVM ends with the test run; a slow termination must not fail a test
      }
    }
  }

  /** How long the tests wait for a hub-side condition: generous, a shared CI machine is slow. */
  static final Duration PATIENCE = Duration.ofSeconds(30);
}
