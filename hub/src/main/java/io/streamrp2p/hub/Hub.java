package io.streamrp2p.hub;

import io.streamrp2p.hub.api.RestApi;
import io.streamrp2p.hub.cluster.HubCluster;
import io.streamrp2p.hub.core.EntityStreamDirectory;
import io.streamrp2p.hub.core.HubBootstrap;
import io.streamrp2p.hub.core.HubEntities;
import io.streamrp2p.hub.nodes.NodeHub;
import io.streamrp2p.hub.nodes.NodeRouter;
import io.streamrp2p.hub.nodes.TicketKeys;
import io.streamrp2p.media.hls.HlsService;
import io.streamrp2p.media.http.HttpApi;
import io.streamrp2p.media.http.front.HttpFront;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.rtmp.RtmpServer;
import io.streamrp2p.persistence.ConfiguredDatabase;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Tcp;

/** A running hub member: RTMP and HTTP listeners over the live streams. */
public final class Hub implements AutoCloseable {
  private final ActorSystem system;
  private final HubConfig config;
  private final EntityStreamDirectory directory;
  private final HubEntities entities;
  private final HubBootstrap.Result bootstrap;
  private final LiveStreams streams;
  private final NodeHub nodes;
  private final HubCluster cluster;
  private final HubLedger ledger;
  private final Tcp.ServerBinding rtmp;
  private final HttpFront http;

  /** What {@link #start} builds, in the order it builds it. */
  private record Parts(
      HubEntities entities,
      HubLedger ledger,
      EntityStreamDirectory directory,
      LiveStreams streams,
      NodeHub nodes,
      HubCluster cluster,
      HubBootstrap.Result bootstrap) {}

  private Hub(
      ActorSystem system, HubConfig config, Parts parts, Tcp.ServerBinding rtmp, HttpFront http) {
    this.system = system;
    this.config = config;
    this.entities = parts.entities();
    this.ledger = parts.ledger();
    this.directory = parts.directory();
    this.bootstrap = parts.bootstrap();
    this.streams = parts.streams();
    this.nodes = parts.nodes();
    this.cluster = parts.cluster();
    this.rtmp = rtmp;
    this.http = http;
  }

  /** Starts a member; the Stream entities say where each stream's ingest is. */
  public static Hub start(ActorSystem system, HubConfig config) {
    Clock clock = Clock.systemUTC();
    Database db = ConfiguredDatabase.of(system.settings().config());
    HubCluster.refuseToJoin(system, db.kind());
    Migrations.migrate(db);
    HubEntities entities = HubEntities.init(Adapter.toTyped(system), clock);
    HubLedger ledger = HubLedger.start(Adapter.toTyped(system), config, db, clock);
    EntityStreamDirectory directory = new EntityStreamDirectory(entities);
    TicketKeys ticketKeys;
    try {
      ticketKeys = TicketKeys.loadOrCreate(config.ticketKeyFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the ticket key", e);
    }
    NodeRouter router = new NodeRouter(ticketKeys, config.nodes(), clock);
    LiveStreams streams = new LiveStreams(directory, router, config.live(), clock, system);
    NodeHub nodes =
        new NodeHub(system, entities, streams, router, config.nodes(), ticketKeys, clock);
    // Joins the cluster (alone, through seeds or bootstrap); the entities answer once it is up.
    HubCluster cluster = HubCluster.start(system, config, db.kind(), streams, directory);
    HubBootstrap.Result bootstrap = new HubBootstrap(entities).run(config.streamKeys());
    Parts parts = new Parts(entities, ledger, directory, streams, nodes, cluster, bootstrap);
    HlsService hls = new HlsService(config.hls(), streams, system);
    Route management =
        Directives.concat(nodes.route(), new RestApi(entities, clock, nodes::suspended).route());
    HttpApi api = new HttpApi(streams, hls.route(), management, clock);
    Tcp.ServerBinding rtmp =
        RtmpServer.bind(system, config.rtmp(), streams, clock).toCompletableFuture().join();
    try {
      HttpFront http =
          HttpFront.bind(
              system,
              cluster.route(api.route()),
              streams,
              HttpFront.Settings.of(config.http(), HubCluster.internalHeaders()));
      Hub hub = new Hub(system, config, parts, rtmp, http);
      cluster.bound(config, http.localAddress(), hub::close);
      nodes.bound(config.publicHost(), http.localAddress());
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

  /**
   * Streams, publish keys and where each stream's ingest is, all from the Stream entities: the
   * media module's {@code StreamDirectory} and the cluster's {@code IngestLocator} in one.
   */
  public EntityStreamDirectory directory() {
    return directory;
  }

  public HubEntities entities() {
    return entities;
  }

  /** What the first-start set-up generated, for the banner (secrets appear only once). */
  public HubBootstrap.Result bootstrap() {
    return bootstrap;
  }

  public LiveStreams streams() {
    return streams;
  }

  /** The friend nodes connected to this member. */
  public NodeHub nodes() {
    return nodes;
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

  /** The ledger shards and checkpoint schedule this member runs. */
  public HubLedger ledger() {
    return ledger;
  }

  @Override
  public void close() {
    ledger.close();
    nodes.close();
    CompletableFuture<?> a = rtmp.unbind().toCompletableFuture();
    http.unbind();
    streams.endAll("the hub is shutting down");
    try {
      a.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: the actor system's termination closes whatever is left
    }
    http.terminate(Duration.ofSeconds(2));
  }
}
