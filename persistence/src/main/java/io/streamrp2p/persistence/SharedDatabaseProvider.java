package io.streamrp2p.persistence;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.jdbc.db.DefaultSlickDatabaseProvider;
import org.apache.pekko.persistence.jdbc.db.LazySlickDatabase;
import org.apache.pekko.persistence.jdbc.db.SlickDatabase;
import org.apache.pekko.persistence.jdbc.db.SlickDatabaseProvider;

/**
 * Gives the JDBC journal, snapshot store and read journal one connection pool to the configured
 * database ({@link ConfiguredDatabase}), so an actor system made from the plain configuration (as
 * tests and embedders do) persists to the same place the launcher would.
 */
public final class SharedDatabaseProvider implements SlickDatabaseProvider {
  private final SlickDatabaseProvider explicit;
  private final SlickDatabase implied;

  public SharedDatabaseProvider(ActorSystem system) {
    Config config = system.settings().config();
    if (config.hasPath(ConfiguredDatabase.SHARED + ".db.url")) {
      explicit = new DefaultSlickDatabaseProvider(system);
      implied = null;
    } else {
      explicit = null;
      Config shared =
          PersistenceConfig.forDatabase(ConfiguredDatabase.of(config))
              .getConfig(ConfiguredDatabase.SHARED)
              .withFallback(config.getConfig("pekko-persistence-jdbc.shared-databases.slick"));
      implied = new LazySlickDatabase(shared, system);
    }
  }

  @Override
  public SlickDatabase database(Config pluginConfig) {
    return explicit != null ? explicit.database(pluginConfig) : implied;
  }
}
