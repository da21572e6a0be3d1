package io.streamrp2p.hub;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.PersistenceConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;

/**
 * Hubs for tests: any free ports, a cluster of one, and the database given (or the embedded one
 * under the data directory).
 */
public final class TestHubs {
  private TestHubs() {}

  /** Test settings over the defaults; {@code extra} HOCON lines override them. */
  public static Config config(Path dataDir, String... extra) {
    return ConfigFactory.parseString(String.join("\n", extra))
        .withFallback(
            ConfigFactory.parseString(
                "streamrp2p.hub.rtmp.port = 0\n"
                    + "streamrp2p.hub.http.port = 0\n"
                    + "streamrp2p.hub.data-dir = \""
                    + dataDir.toString().replace("\\", "/")
                    + "\"\n"
                    + "pekko.remote.artery.canonical.port = 0\n"
                    + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                    + "pekko.coordinated-shutdown.exit-jvm = off\n"))
        .withFallback(ConfigFactory.load());
  }

  /** A hub on {@code db} (null: embedded under the data directory). */
  public static Hub start(String name, Config config, Database db) {
    Config full = db == null ? config : PersistenceConfig.forDatabase(db).withFallback(config);
    ActorSystem system = ActorSystem.create(name, full);
    try {
      return Hub.start(system, HubConfig.from(full));
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** Closes the hub and waits for its actor system to end (so its database can be reused). */
  public static void stop(Hub hub) {
    hub.close();
    hub.system().terminate();
    try {
      hub.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the hub's actor system did not stop", e);
    }
  }
}
