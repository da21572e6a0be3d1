package io.streamrp2p.hub;

import com.typesafe.config.Config;
import io.streamrp2p.persistence.PersistenceConfig;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.jdbc.db.DefaultSlickDatabaseProvider;
import org.apache.pekko.persistence.jdbc.db.LazySlickDatabase;
import org.apache.pekko.persistence.jdbc.db.SlickDatabase;
import org.apache.pekko.persistence.jdbc.db.SlickDatabaseProvider;

/**
 * Gives the JDBC journal, snapshot store and read journal one connection pool to the hub's
 * database ({@link HubDatabase}), so an actor system made from the plain configuration (as tests
 * and embedders do) persists to the same place the launcher would.
 */
public final class HubDatabaseProvider implements SlickDatabaseProvider {
  private final SlickDatabaseProvider explicit;
  private final SlickDatabase implied;

  public HubDatabaseProvider(ActorSystem system) {
    Config config = system.settings().config();
    if (config.hasPath(HubDatabase.SHARED + ".db.url")) {
      explicit = new DefaultSlickDatabaseProvider(system);
      implied = null;
    } else {
      explicit = null;
      Config shared = PersistenceConfig.forDatabase(HubDatabase.of(config))
          .getConfig(HubDatabase.SHARED)
          .withFallback(config.getConfig("pekko-persistence-jdbc.shared-databases.slick"));
      implied = new LazySlickDatabase(shared, system);
    }
  }

  @Override
  public SlickDatabase database(Config pluginConfig) {
    return explicit != null ? explicit.database(pluginConfig) : implied;
  }
}
