package io.streamrp2p.hub;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Loads the configuration a hub runs with, in this order of precedence: system properties, the
 * given user configuration (a {@code --config} file, or a test's settings), {@code
 * application.conf}, the hub's Pekko settings ({@code streamrp2p-pekko.conf}), then every
 * library's {@code reference.conf}.
 */
public final class HubConfigLoader {
  static final String PEKKO_DEFAULTS = "streamrp2p-pekko.conf";

  private HubConfigLoader() {}

  public static Config load(Config user) {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.defaultOverrides()
        .withFallback(user)
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.parseResources(PEKKO_DEFAULTS))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  public static Config load() {
    return load(ConfigFactory.empty());
  }
}
