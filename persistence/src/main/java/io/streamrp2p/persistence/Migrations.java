package io.streamrp2p.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema (journal, tags, snapshots, and later read models) with Flyway before anything
 * connects. The runtime never creates tables itself.
 */
public final class Migrations {
  private Migrations() {}

  /** Migrates {@code db} to the newest schema; returns how many migrations ran. */
  public static int migrate(Database db) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(db.url(), db.user(), db.password())
            .locations(db.kind().migrations())
            .load()
            .migrate();
    return result.migrationsExecuted;
  }
}
