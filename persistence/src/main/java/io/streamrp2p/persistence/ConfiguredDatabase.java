package io.streamrp2p.persistence;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * Which database a process uses, from its configuration. An actor system configured with {@link
 * PersistenceConfig#forDatabase} names its database explicitly; otherwise {@code streamrp2p.db}
 * decides, and the embedded database lives under the hub's data directory ({@code <data-dir>/db})
 * unless {@code streamrp2p.db.embedded-dir} is set to another place.
 */
public final class ConfiguredDatabase {
  static final String SHARED =
      "pekko-persistence-jdbc.shared-databases." + PersistenceConfig.SHARED_DB;

  /** The library default of streamrp2p.db.embedded-dir; it follows the data directory. */
  static final String EMBEDDED_DIR_DEFAULT = "data/db";

  /** The hub's data directory, where the embedded database goes unless told otherwise. */
  static final String DATA_DIR = "streamrp2p.hub.data-dir";

  private ConfiguredDatabase() {}

  /** The database configured by {@code root}. */
  public static Database of(Config root) {
    if (root.hasPath(SHARED + ".db.url")) {
      Config c = root.getConfig(SHARED + ".db");
      return Database.at(
          c.getString("url"),
          c.getString("user"),
          c.getString("password"),
          c.getInt("maxConnections"));
    }
    Config db = root.getConfig("streamrp2p.db");
    if (db.getString("url").isBlank()
        && db.getString("embedded-dir").equals(EMBEDDED_DIR_DEFAULT)
        && root.hasPath(DATA_DIR)) {
      Path dir = Path.of(root.getString(DATA_DIR)).resolve("db");
      return Database.embedded(dir.toAbsolutePath(), db.getInt("pool-size"));
    }
    return Database.from(root);
  }
}
