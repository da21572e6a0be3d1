package io.streamrp2p.hub;

import com.typesafe.config.Config;
import io.streamrp2p.persistence.Database;
import java.nio.file.Path;

/**
 * Which database a hub uses. An actor system configured with
 * {@code PersistenceConfig.forDatabase} names its database explicitly; otherwise
 * {@code streamrp2p.db} decides, and the embedded database lives under the hub's data directory
 * ({@code <data-dir>/db}) unless {@code streamrp2p.db.embedded-dir} is set to another place.
 */
public final class HubDatabase {
  static final String SHARED = "pekko-persistence-jdbc.shared-databases.streamrp2p";
  /** The library default of streamrp2p.db.embedded-dir; it follows the data directory. */
  static final String EMBEDDED_DIR_DEFAULT = "data/db";

  private HubDatabase() {}

  /** The database for the hub configured by {@code root}. */
  public static Database of(Config root) {
    if (root.hasPath(SHARED + ".db.url")) {
      Config c = root.getConfig(SHARED + ".db");
      Database.Kind kind = c.getString("url").startsWith("jdbc:h2:")
          ? Database.Kind.H2 : Database.Kind.POSTGRES;
      return new Database(kind, c.getString("url"), c.getString("user"),
          c.getString("password"), c.getInt("maxConnections"));
    }
    Config db = root.getConfig("streamrp2p.db");
    if (db.getString("url").isBlank()
        && db.getString("embedded-dir").equals(EMBEDDED_DIR_DEFAULT)
        && root.hasPath("streamrp2p.hub.data-dir")) {
      Path dir = Path.of(root.getString("streamrp2p.hub.data-dir")).resolve("db");
      return Database.embedded(dir.toAbsolutePath(), db.getInt("pool-size"));
    }
    return Database.from(root);
  }
}
