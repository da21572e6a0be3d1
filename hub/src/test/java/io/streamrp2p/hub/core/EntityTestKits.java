package io.streamrp2p.hub.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** An actor system for EventSourcedBehaviorTestKit: in-memory journal, local, CBOR checked. */
final class EntityTestKits {
  static final String HASH_A = Secrets.hash("a");
  static final String HASH_B = Secrets.hash("b");

  private EntityTestKits() {}

  static ActorTestKit create(String name) {
    Config config =
        EventSourcedBehaviorTestKit.config()
            .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
            .withFallback(ConfigFactory.load());
    return ActorTestKit.create(name, config);
  }
}
