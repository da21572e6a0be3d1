package io.streamrp2p.hub;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Loads the configuration a hub runs with, in this order of precedence: system properties, the
 * given user configuration (a {@code --config} file, or a test's settings), {@code
 * application.conf}, the hub's Pekko settings ({@code io/streamrp2p/hub/pekko.conf}), then every
 * library's {@code reference.conf}.
 */
public final class HubConfigLoader {
  private HubConfigLoader() {}

  public static Config load(Config user) {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.defaultOverrides()
        .withFallback(user)
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(pekkoSettings())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  /** The hub's Pekko settings (cluster, remoting, persistence, HTTP), unresolved. */
  public static Config pekkoSettings() {
    return ConfigFactory.parseResources(HubConfigLoader.class, "pekko.conf");
  }

  public static Config load() {
    return load(ConfigFactory.empty());
  }
}
