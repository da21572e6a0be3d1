package io.streamrp2p.hub;

import io.streamrp2p.hub.cluster.HubCluster;
import io.streamrp2p.hub.cluster.ReplicatedIngestLocator;
import io.streamrp2p.hub.hls.HlsService;
import io.streamrp2p.hub.http.HttpApi;
import io.streamrp2p.hub.live.IngestLocator;
import io.streamrp2p.hub.live.LiveStreams;
import io.streamrp2p.hub.rtmp.RtmpServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.javadsl.Tcp;

/** A running hub member: RTMP and HTTP listeners over the live streams. */
public final class Hub implements AutoCloseable {
  private final ActorSystem system;
  private final HubConfig config;
  private final ConfigStreamDirectory directory;
  private final LiveStreams streams;
  private final HubCluster cluster;
  private final Tcp.ServerBinding rtmp;
  private final ServerBinding http;

  private Hub(ActorSystem system, HubConfig config, ConfigStreamDirectory directory,
      LiveStreams streams, HubCluster cluster, Tcp.ServerBinding rtmp, ServerBinding http) {
    this.system = system;
    this.config = config;
    this.directory = directory;
    this.streams = streams;
    this.cluster = cluster;
    this.rtmp = rtmp;
    this.http = http;
  }

  /** Starts a member whose ingest locations are kept in replicated cluster state. */
  public static Hub start(ActorSystem system, HubConfig config) {
    return start(system, config, new ReplicatedIngestLocator(system));
  }

  /**
   * Joins the cluster and starts the listeners; fails (and leaves nothing listening) if either
   * cannot bind.
   */
  public static Hub start(ActorSystem system, HubConfig config, IngestLocator locator) {
    Clock clock = Clock.systemUTC();
    ConfigStreamDirectory directory = ConfigStreamDirectory.load(config);
    LiveStreams streams = new LiveStreams(directory, config.live(), clock, system);
    HlsService hls = new HlsService(config, streams, system);
    HttpApi api = new HttpApi(streams, hls.route(), clock);
    HubCluster cluster = HubCluster.start(system, config, streams, locator);
    Tcp.ServerBinding rtmp =
        RtmpServer.bind(system, config, streams, clock).toCompletableFuture().join();
    try {
      ServerBinding http =
          Http.get(system)
              .newServerAt(config.httpInterface(), config.httpPort())
              .bind(cluster.route(api.route()))
              .toCompletableFuture()
              .join();
      Hub hub = new Hub(system, config, directory, streams, cluster, rtmp, http);
      cluster.bound(config, http.localAddress(), hub::close);
      return hub;
    } catch (RuntimeException e) {
      rtmp.unbind();
      throw e;
    }
  }

  public InetSocketAddress rtmpAddress() {
    return rtmp.localAddress();
  }

  public InetSocketAddress httpAddress() {
    return http.localAddress();
  }

  public ConfigStreamDirectory directory() {
    return directory;
  }

  public LiveStreams streams() {
    return streams;
  }

  public HubCluster cluster() {
    return cluster;
  }

  public HubConfig config() {
    return config;
  }

  public ActorSystem system() {
    return system;
  }

  @Override
  public void close() {
    CompletableFuture<?> a = rtmp.unbind().toCompletableFuture();
    CompletableFuture<?> b = http.unbind().toCompletableFuture();
    streams.endAll("the hub is shutting down");
    try {
      CompletableFuture.allOf(a, b).get(10, TimeUnit.SECONDS);
      http.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: the actor system's termination closes whatever is left
    }
  }
}
