package io.streamrp2p.ledger.journal;

import io.streamrp2p.persistence.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads ledger events straight from pekko-persistence-jdbc's {@code event_journal} table, as
 * stored, so a reader sees what is really there (gaps, swapped rows) and not what a recovery would
 * make of it.
 */
public final class LedgerJournal {
  /** Persistence id prefixes of the ledger's entities ({@code EntityTypeKey} name + "|"). */
  public static final List<String> PREFIXES =
      List.of("Account|", "Transfer|", "Settlement|", "Payout|", "LedgerCheckpoint|");

  /** Rows fetched per round trip: large enough to stream at 100k+ rows/s, small in memory. */
  static final int FETCH_ROWS = 5_000;

  private LedgerJournal() {}

  /** One stored event. */
  public record Row(
      String persistenceId, long seq, int serializerId, String manifest, byte[] payload) {}

  /** Receives rows in (persistence id, sequence number) order. */
  public interface RowSink {
    void accept(Row row) throws Exception;
  }

  public static Connection connect(Database db) throws SQLException {
    return DriverManager.getConnection(db.url(), db.user(), db.password());
  }

  private static String q(Database db, String name) {
    return db.kind() == Database.Kind.H2 ? "\"" + name + "\"" : name;
  }

  private static String ledgerFilter(Database db) {
    return prefixFilter(db, PREFIXES);
  }

  private static String prefixFilter(Database db, List<String> prefixes) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < prefixes.size(); i++) {
      sb.append(i == 0 ? "" : " OR ").append(q(db, "persistence_id")).append(" LIKE ?");
    }
    return sb.append(")").toString();
  }

  private static void bindPrefixes(PreparedStatement st, int from) throws SQLException {
    bindPrefixes(st, from, PREFIXES);
  }

  private static void bindPrefixes(PreparedStatement st, int from, List<String> prefixes)
      throws SQLException {
    for (int i = 0; i < prefixes.size(); i++) {
      st.setString(from + i, prefixes.get(i) + "%");
    }
  }

  private static String columns(Database db, String alias) {
    return String.join(
        ", ",
        alias + q(db, "persistence_id"),
        alias + q(db, "sequence_number"),
        alias + q(db, "event_ser_id"),
        alias + q(db, "event_ser_manifest"),
        alias + q(db, "event_payload"));
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getBytes(5));
  }

  /** How many ledger events are stored (for progress). */
  public static long count(Database db) throws SQLException {
    String sql = "SELECT COUNT(*) FROM " + q(db, "event_journal") + " WHERE " + ledgerFilter(db);
    try (Connection c = connect(db);
        PreparedStatement st = c.prepareStatement(sql)) {
      bindPrefixes(st, 1);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Streams every ledger event (with {@code prefix}, or all if null) in entity order. */
  public static void scan(Database db, String prefix, RowSink sink) throws Exception {
    String where = prefix == null ? ledgerFilter(db) : q(db, "persistence_id") + " LIKE ?";
    String sql =
        "SELECT "
            + columns(db, "")
            + " FROM "
            + q(db, "event_journal")
            + " WHERE "
            + where
            + " ORDER BY "
            + q(db, "persistence_id")
            + ", "
            + q(db, "sequence_number");
    try (Connection c = connect(db)) {
      c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
      try (PreparedStatement st = c.prepareStatement(sql)) {
        st.setFetchSize(FETCH_ROWS);
        if (prefix == null) {
          bindPrefixes(st, 1);
        } else {
          st.setString(1, prefix + "%");
        }
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            sink.accept(row(rs));
          }
        }
      } finally {
        c.rollback();
      }
    }
  }

  /** The newest stored event of every ledger entity. */
  public static void heads(Database db, RowSink sink) throws Exception {
    heads(db, PREFIXES, sink);
  }

  /** The newest stored event of every entity whose persistence id has one of {@code prefixes}. */
  public static void heads(Database db, List<String> prefixes, RowSink sink) throws Exception {
    String j = q(db, "event_journal");
    String pid = q(db, "persistence_id");
    String seq = q(db, "sequence_number");
    String sql =
        "SELECT "
            + columns(db, "e.")
            + " FROM "
            + j
            + " e JOIN (SELECT "
            + pid
            + " AS p, MAX("
            + seq
            + ") AS m FROM "
            + j
            + " WHERE "
            + prefixFilter(db, prefixes)
            + " GROUP BY "
            + pid
            + ") h ON e."
            + pid
            + " = h.p AND e."
            + seq
            + " = h.m ORDER BY e."
            + pid;
    try (Connection c = connect(db);
        PreparedStatement st = c.prepareStatement(sql)) {
      bindPrefixes(st, 1, prefixes);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          sink.accept(row(rs));
        }
      }
    }
  }
}
