package io.streamrp2p.hub.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.streamrp2p.hub.HubConfig;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.persistence.Database;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * This hub member's place in the Pekko Cluster: joining (alone, through seed nodes, or through
 * cluster bootstrap), management HTTP, the relays between members, and the coordinated shutdown
 * that closes the listeners and publishers before the member leaves.
 */
public final class HubCluster {
  private static final Logger log = LoggerFactory.getLogger(HubCluster.class);
  static final String DISCOVERY_SERVICE = "streamrp2p-hub";

  private final ActorSystem system;
  private final ClusterSettings settings;
  private final StreamRelays relays;
  private final CompletionStage<Uri> management;

  private HubCluster(
      ActorSystem system,
      ClusterSettings settings,
      StreamRelays relays,
      CompletionStage<Uri> management) {
    this.system = system;
    this.settings = settings;
    this.relays = relays;
    this.management = management;
  }

  /**
   * The actor system configuration for a member run as its own process: bootstrap endpoints from
   * {@code streamrp2p.hub.cluster.bootstrap-endpoints} (a comma list an environment variable can
   * hold) as the config discovery service, and the JVM exits once coordinated shutdown is done
   * (after SIGTERM, or when the cluster downed this member) so a supervisor can restart it.
   */
  public static Config processConfig(Config config) {
    List<String> endpoints =
        ClusterSettings.commaList(config.getString("streamrp2p.hub.cluster.bootstrap-endpoints"));
    List<Map<String, Object>> list =
        endpoints.stream()
            .map(
                e -> {
                  int colon = e.lastIndexOf(':');
                  return Map.<String, Object>of(
                      "host",
                      e.substring(0, colon),
                      "port",
                      Integer.parseInt(e.substring(colon + 1)));
                })
            .toList();
    Config overrides =
        ConfigFactory.empty()
            .withValue("pekko.coordinated-shutdown.exit-jvm", ConfigValueFactory.fromAnyRef(true));
    if (!list.isEmpty()) {
      overrides =
          overrides.withValue(
              "pekko.discovery.config.services." + DISCOVERY_SERVICE + ".endpoints",
              ConfigValueFactory.fromIterable(list));
    }
    return overrides.withFallback(config);
  }

  /**
   * Joins the cluster and attaches the relays to {@code streams}. Call {@link #refuseToJoin} first,
   * before anything is started; call this before the listeners bind, then {@link #bound} once they
   * have.
   */
  public static HubCluster start(
      ActorSystem system,
      HubConfig config,
      Database.Kind database,
      LiveStreams streams,
      IngestLocator locator) {
    ClusterSettings settings = ClusterSettings.from(system.settings().config());
    if (database == Database.Kind.H2) {
      EmbeddedDatabaseGuard.downOthers(system);
    }
    StreamRelays relays = new StreamRelays(system, streams, locator, settings, Clock.systemUTC());
    CompletionStage<Uri> management =
        settings.management()
            ? PekkoManagement.get(system).start()
            : CompletableFuture.failedFuture(new IllegalStateException("management is off"));
    management.thenAccept(uri -> log.info("cluster management at {}", uri));
    join(system, settings);
    return new HubCluster(system, settings, relays, management);
  }

  /**
   * Throws, before anything is started, if a member on {@code database} may not join the cluster
   * its settings name: the embedded database with other seed nodes or with bootstrap.
   */
  public static void refuseToJoin(ActorSystem system, Database.Kind database) {
    ClusterSettings settings = ClusterSettings.from(system.settings().config());
    Cluster cluster = Cluster.get(system);
    List<String> seeds = new ArrayList<>(settings.seedNodes());
    CollectionConverters.asJava(cluster.settings().SeedNodes())
        .forEach(a -> seeds.add(a.toString()));
    Optional<String> refusal =
        EmbeddedDatabaseGuard.refusal(database, seeds, settings.bootstrap(), cluster.selfAddress());
    if (refusal.isPresent()) {
      throw new IllegalStateException("this member cannot join a cluster: " + refusal.get());
    }
  }

  private static void join(ActorSystem system, ClusterSettings settings) {
    Cluster cluster = Cluster.get(system);
    boolean pekkoSeeds = !cluster.settings().SeedNodes().isEmpty();
    if (settings.bootstrap()) {
      log.info("joining the cluster through bootstrap");
      ClusterBootstrap.get(system).start();
    } else if (!settings.seedNodes().isEmpty()) {
      List<Address> seeds = settings.seedNodes().stream().map(AddressFromURIString::parse).toList();
      log.info("joining the cluster through seed nodes {}", seeds);
      cluster.joinSeedNodes(seeds);
    } else if (!pekkoSeeds) {
      log.info("no seed nodes and no bootstrap: {} forms a cluster alone", cluster.selfAddress());
      cluster.join(cluster.selfAddress());
    }
  }

  /** Request headers that mark a request for {@link #route}'s internal part (relay pulls). */
  public static Set<String> internalHeaders() {
    return Set.of(StreamRelays.RELAY_HEADER);
  }

  /** The internal route (relay pulls) in front of the public routes. */
  public Route route(Route publicRoutes) {
    return Directives.concat(relays.route(), publicRoutes);
  }

  /**
   * HTTP is bound at {@code http}: relays can now reach this member. {@code closeHub} runs in
   * coordinated shutdown's service-unbind phase: listeners unbind and publishers are closed with a
   * reason before the member hands off its shards and leaves.
   */
  public void bound(HubConfig config, InetSocketAddress http, Runnable closeHub) {
    relays.bound(internalUrl(config, http));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceUnbind(),
            "streamrp2p-hub-close",
            () ->
                CompletableFuture.supplyAsync(
                    () -> {
                      closeHub.run();
                      return Done.getInstance();
                    }));
  }

  private String internalUrl(HubConfig config, InetSocketAddress http) {
    if (!settings.internalHttpUrl().isEmpty()) {
      return settings.internalHttpUrl();
    }
    String host = config.http().host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = config.publicHost();
    }
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + http.getPort();
  }

  public StreamRelays relays() {
    return relays;
  }

  /** This member's internal HTTP base URL, as other members reach it. */
  public String internalUrl() {
    return relays.self();
  }

  /** The management HTTP base URI once bound. */
  public CompletionStage<Uri> management() {
    return management;
  }

  public Cluster cluster() {
    return Cluster.get(system);
  }

  public ClusterSettings settings() {
    return settings;
  }
}
