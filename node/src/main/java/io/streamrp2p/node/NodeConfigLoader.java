package io.streamrp2p.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Loads a node's configuration: system properties, the given user configuration, {@code
 * application.conf}, the node's Pekko settings ({@code io/streamrp2p/node/pekko.conf}), then every
 * library's {@code reference.conf}.
 */
public final class NodeConfigLoader {
  private NodeConfigLoader() {}

  public static Config load(Config user) {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.defaultOverrides()
        .withFallback(user)
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.parseResources(NodeConfigLoader.class, "pekko.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
