package io.streamrp2p.persistence.testing;

import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh, migrated databases for persistence tests: a new PostgreSQL database per call (on the
 * server CI runs, 127.0.0.1:5432 with trust auth unless STREAMRP2P_TEST_PG_URL says otherwise), or
 * a new embedded H2 file database. Tests fail, never skip, when PostgreSQL is not there.
 */
public final class TestDatabases {
  private static final String ADMIN_URL =
      System.getenv()
          .getOrDefault("STREAMRP2P_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String ADMIN_USER =
      System.getenv().getOrDefault("STREAMRP2P_TEST_PG_USER", "postgres");

  private TestDatabases() {}

  /** A new PostgreSQL database with the schema applied; {@link #drop} removes it. */
  public static Database freshPostgres() {
    String name = "streamrp2p_test_" + UUID.randomUUID().toString().replace("-", "");
    execute(ADMIN_URL, "CREATE DATABASE " + name);
    String url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    Database db = new Database(Database.Kind.POSTGRES, url, ADMIN_USER, "", 10);
    Migrations.migrate(db);
    return db;
  }

  /** A new embedded H2 database under {@code dir} with the schema applied. */
  public static Database freshH2(Path dir) {
    Database db = Database.embedded(dir, 4);
    Migrations.migrate(db);
    return db;
  }

  /** Drops a database made by {@link #freshPostgres}, closing its remaining connections. */
  public static void drop(Database db) {
    if (db.kind() != Database.Kind.POSTGRES) {
      return;
    }
    String name = db.url().substring(db.url().lastIndexOf('/') + 1);
    execute(ADMIN_URL, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** Runs one statement against {@code db}. */
  public static void execute(Database db, String sql) {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + " on " + db, e);
    }
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url, ADMIN_USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + url + " is needed for persistence tests (" + sql + ")", e);
    }
  }
}
