package io.streamrp2p.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;

/**
 * The Pekko settings that point the JDBC journal, snapshot store and read journal at one database,
 * shared by all three through one connection pool.
 */
public final class PersistenceConfig {
  /** Name of the shared database in pekko-persistence-jdbc's settings. */
  static final String SHARED_DB = "streamrp2p";

  private PersistenceConfig() {}

  /** Settings for {@code db}, to be layered over the application's config. */
  public static Config forDatabase(Database db) {
    String base = "pekko-persistence-jdbc.shared-databases." + SHARED_DB;
    return driverProperties(db, base)
        .withFallback(
            ConfigFactory.parseMap(
                Map.of(
                    base + ".profile", db.kind().slickProfile,
                    base + ".db.url", db.url(),
                    base + ".db.user", db.user(),
                    base + ".db.password", db.password(),
                    base + ".db.driver", db.kind().driver,
                    base + ".db.numThreads", db.poolSize(),
                    base + ".db.maxConnections", db.poolSize(),
                    base + ".db.minConnections", 1)))
        .withValue(
            "pekko.persistence.journal.plugin", ConfigValueFactory.fromAnyRef("jdbc-journal"))
        .withValue(
            "pekko.persistence.snapshot-store.plugin",
            ConfigValueFactory.fromAnyRef("jdbc-snapshot-store"))
        .withValue("jdbc-journal.use-shared-db", ConfigValueFactory.fromAnyRef(SHARED_DB))
        .withValue("jdbc-snapshot-store.use-shared-db", ConfigValueFactory.fromAnyRef(SHARED_DB))
        .withValue("jdbc-read-journal.use-shared-db", ConfigValueFactory.fromAnyRef(SHARED_DB));
  }

  /**
   * PostgreSQL: the journal writes the events of many entities as one JDBC batch; with {@code
   * reWriteBatchedInserts} the driver sends it as multi-row INSERTs instead of one statement per
   * event, which cuts the server's work per event several times. Same rows, same single
   * transaction, so nothing about atomicity or ordering changes.
   */
  private static Config driverProperties(Database db, String base) {
    if (db.kind() != Database.Kind.POSTGRES) {
      return ConfigFactory.empty();
    }
    return ConfigFactory.parseMap(Map.of(base + ".db.properties.reWriteBatchedInserts", "true"));
  }
}
