package io.streamrp2p;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.hub.Hub;
import io.streamrp2p.hub.HubConfig;
import io.streamrp2p.hub.HubConfigLoader;
import io.streamrp2p.hub.cluster.HubCluster;
import io.streamrp2p.hub.core.HubBootstrap;
import io.streamrp2p.persistence.ConfiguredDatabase;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.Migrations;
import io.streamrp2p.persistence.PersistenceConfig;
import java.io.File;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamrp2p hub}: runs a hub member until interrupted. */
@Command(
    name = "hub",
    mixinStandardHelpOptions = true,
    description = "Run a hub: RTMP ingest, HTTP-FLV/HLS/RTMP play, REST API.")
final class HubCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      description = "HOCON file overriding the defaults.")
  File configFile;

  @Override
  public Integer call() {
    Config config = load(configFile);
    HubConfig hubConfig;
    try {
      hubConfig = HubConfig.from(config);
    } catch (RuntimeException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      return 2;
    }
    Database db;
    try {
      db = ConfiguredDatabase.of(config);
      Migrations.migrate(db);
    } catch (RuntimeException e) {
      System.err.println("cannot prepare the database: " + e.getMessage());
      return 1;
    }
    ActorSystem system =
        ActorSystem.create(
            "streamrp2p",
            HubCluster.processConfig(PersistenceConfig.forDatabase(db).withFallback(config)));
    Hub hub;
    try {
      hub = Hub.start(system, hubConfig);
    } catch (RuntimeException e) {
      System.err.println("cannot start the hub: " + e.getMessage());
      system.terminate();
      return 1;
    }
    banner(hub, System.out);
    // SIGTERM and Ctrl-C run coordinated shutdown (Pekko's JVM shutdown hook): the hub closes
    // its listeners and publishers, hands off its shards and leaves the cluster.
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  /**
   * System properties, then the file, then application.conf, then the hub's Pekko settings, then
   * every library's defaults. The hub's Pekko settings are layered explicitly because in the
   * one-jar build the libraries' reference.conf files are concatenated after the hub's.
   */
  static Config load(File file) {
    return HubConfigLoader.load(
        file == null ? ConfigFactory.empty() : ConfigFactory.parseFile(file));
  }

  static void banner(Hub hub, PrintStream out) {
    String host = hub.config().publicHost();
    int rtmp = hub.rtmpAddress().getPort();
    int http = hub.httpAddress().getPort();
    out.println();
    out.println("StreamrP2P hub is running.");
    out.println();
    HubBootstrap.Result setup = hub.bootstrap();
    setup
        .operatorToken()
        .ifPresent(
            t -> {
              out.println("Operator token (shown once; only its hash is kept, store it now):");
              out.println("  " + t);
              out.println(
                  "  use it as: Authorization: Bearer <token> on http://"
                      + host
                      + ":"
                      + http
                      + "/api/");
              out.println();
            });
    for (Map.Entry<String, Optional<String>> e : setup.streamKeys().entrySet()) {
      String name = e.getKey();
      out.println("Stream '" + name + "'");
      out.println("  OBS  Settings > Stream > Service: Custom");
      out.println(
          "         Server:     rtmp://" + host + ":" + rtmp + "/" + hub.config().rtmp().app());
      out.println(
          "         Stream Key: "
              + e.getValue()
                  .orElse(
                      "(set; only its hash is kept. New key: POST /api/v1/streams/"
                          + name
                          + "/rotate-key)"));
      out.println("  Watch  HTTP-FLV: http://" + host + ":" + http + "/live/" + name + ".flv");
      out.println(
          "         HLS:      http://" + host + ":" + http + "/live/" + name + "/index.m3u8");
      out.println(
          "         RTMP:     rtmp://"
              + host
              + ":"
              + rtmp
              + "/"
              + hub.config().rtmp().app()
              + "/"
              + name);
      out.println();
    }
    out.println("Streams API: http://" + host + ":" + http + "/api/streams");
    out.println(
        "Cluster member "
            + hub.cluster().cluster().selfAddress()
            + ", internal URL "
            + hub.cluster().internalUrl());
    out.flush();
  }
}
