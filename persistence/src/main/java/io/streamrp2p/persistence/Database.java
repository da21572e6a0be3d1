package io.streamrp2p.persistence;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where events are kept: PostgreSQL in production, or an embedded H2 database in file mode as the
 * zero-setup default of a single hub. Both get the same schema through Flyway.
 *
 * @param kind which database
 * @param url JDBC URL
 * @param user database user
 * @param password database password (from configuration or the environment, never the repo)
 * @param poolSize connections kept open; writes are batched by the journal, so a small pool serves
 *     thousands of events per second
 */
public record Database(Kind kind, String url, String user, String password, int poolSize) {
  /** Supported databases. */
  public enum Kind {
    POSTGRES("org.postgresql.Driver", "slick.jdbc.PostgresProfile$"),
    H2("org.h2.Driver", "slick.jdbc.H2Profile$");

    final String driver;
    final String slickProfile;

    Kind(String driver, String slickProfile) {
      this.driver = driver;
      this.slickProfile = slickProfile;
    }

    /**
     * The database a JDBC URL names: the one rule every caller uses (configuration, the audit
     * command, tests).
     *
     * @throws IllegalArgumentException for a URL of any other database
     */
    public static Kind ofUrl(String url) {
      if (url.startsWith("jdbc:postgresql:")) {
        return POSTGRES;
      }
      if (url.startsWith("jdbc:h2:")) {
        return H2;
      }
      throw new IllegalArgumentException(
          "a database URL must start with jdbc:postgresql: or jdbc:h2:, got " + url);
    }

    /** Flyway location of this database's migrations. */
    public String migrations() {
      return "classpath:db/migration/" + name().toLowerCase(Locale.ROOT);
    }
  }

  public Database {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("streamrp2p.db.url must be set");
    }
    if (poolSize < 1 || poolSize > 200) {
      throw new IllegalArgumentException("streamrp2p.db.pool-size must be 1..200: " + poolSize);
    }
  }

  /** Reads {@code streamrp2p.db}; an empty URL means the embedded database under data-dir. */
  public static Database from(Config root) {
    Config c = root.getConfig("streamrp2p.db");
    String url = c.getString("url");
    int pool = c.getInt("pool-size");
    if (url.isBlank()) {
      Path dir = Path.of(c.getString("embedded-dir")).toAbsolutePath();
      return embedded(dir, pool);
    }
    return at(url, c.getString("user"), c.getString("password"), pool);
  }

  /** The database at {@code url}, its kind taken from the URL ({@link Kind#ofUrl}). */
  public static Database at(String url, String user, String password, int poolSize) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("a database URL must be set");
    }
    return new Database(Kind.ofUrl(url), url, user, password, poolSize);
  }

  /** The embedded H2 database in file mode under {@code dir}. */
  public static Database embedded(Path dir, int poolSize) {
    String url = "jdbc:h2:file:" + dir.resolve("streamrp2p").toAbsolutePath();
    return new Database(Kind.H2, url, "sa", "", poolSize);
  }

  @Override
  public String toString() {
    return kind + " " + url + " as " + user; // never the password
  }
}
