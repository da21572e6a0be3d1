package io.streamrp2p.hub;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * The hub's cluster membership as far as a single member needs it: with no seed nodes
 * configured the member joins itself and is a cluster of one, so sharded entities run.
 */
public final class HubCluster {
  private HubCluster() {}

  /** Joins this member to itself unless {@code pekko.cluster.seed-nodes} names seeds. */
  public static void joinSelfUnlessSeeded(ActorSystem<?> system) {
    if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  /**
   * The Pekko settings a hub needs (cluster provider, remoting address, shards, journal),
   * unresolved. The launcher layers them above the libraries' defaults.
   */
  public static Config pekkoSettings() {
    return ConfigFactory.parseResources(HubCluster.class, "pekko.conf");
  }
}
