package io.streamrp2p.ledger.payout.evm;

import io.streamrp2p.persistence.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code evm_payouts} table (migration V50). Every call opens and closes its own connection and
 * commits before it returns, so what a method reports as written is on disk: payouts are a few per
 * minute, and durability matters more here than a pooled connection's saved millisecond.
 */
final class EvmPayoutStore {
  private static final String COLUMNS =
      "payout_id, chain_id, sender, destination, amount_minor, ledger_code, token, nonce,"
          + " tx_hash, raw_tx, state, failure_reason, created_at, updated_at";

  /** Unfinished payouts looked at in one pass; more than this many in flight is an incident. */
  static final int UNFINISHED_MAX = 1000;

  private final Database db;

  EvmPayoutStore(Database db) {
    this.db = db;
  }

  Optional<EvmPayout> find(String payoutId) {
    String sql = "SELECT " + COLUMNS + " FROM evm_payouts WHERE payout_id = ?";
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, payoutId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read payout " + payoutId, e);
    }
  }

  /** Highest nonce recorded for this sender on this chain, if any. */
  OptionalLong maxNonce(long chainId, String sender) {
    String sql = "SELECT MAX(nonce) FROM evm_payouts WHERE chain_id = ? AND sender = ?";
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, chainId);
      s.setString(2, sender);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long max = r.getLong(1);
        return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
      }
    } catch (SQLException e) {
      throw failure("read the highest nonce of " + sender, e);
    }
  }

  /** Payouts of this sender signed but never seen accepted by the node, lowest nonce first. */
  List<EvmPayout> signedNotSubmitted(long chainId, String sender) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM evm_payouts WHERE chain_id = ? AND sender = ?"
            + " AND state = 'SIGNED' ORDER BY nonce";
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, chainId);
      s.setString(2, sender);
      s.setMaxRows(UNFINISHED_MAX);
      List<EvmPayout> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(read(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("list signed payouts of " + sender, e);
    }
  }

  /**
   * Writes a new row. Returns false, writing nothing, when the payout id or (for a signed row) the
   * nonce is taken: the caller reads the row again and decides.
   */
  boolean insert(EvmPayout p) {
    String sql = "INSERT INTO evm_payouts (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, p.payoutId());
      s.setLong(2, p.chainId());
      s.setString(3, p.sender());
      s.setString(4, p.destination());
      s.setLong(5, p.amountMinor());
      s.setInt(6, p.ledgerCode());
      s.setString(7, p.token());
      if (p.nonce() == null) {
        s.setNull(8, Types.BIGINT);
      } else {
        s.setLong(8, p.nonce());
      }
      s.setString(9, p.txHash());
      s.setString(10, p.rawTx());
      s.setString(11, p.state().name());
      s.setString(12, p.failureReason());
      s.setTimestamp(13, Timestamp.from(p.createdAt()));
      s.setTimestamp(14, Timestamp.from(p.updatedAt()));
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        return false;
      }
      throw failure("record payout " + p.payoutId(), e);
    }
  }

  /**
   * Moves a row from {@code from} to {@code to}; false if it was not in {@code from} (another
   * caller moved it first). A move never goes backwards, so a late writer cannot undo a final
   * state.
   */
  boolean transition(
      String payoutId, EvmPayout.State from, EvmPayout.State to, String reason, Instant at) {
    String sql =
        "UPDATE evm_payouts SET state = ?, failure_reason = ?, updated_at = ?"
            + " WHERE payout_id = ? AND state = ?";
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, to.name());
      s.setString(2, reason);
      s.setTimestamp(3, Timestamp.from(at));
      s.setString(4, payoutId);
      s.setString(5, from.name());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure("move payout " + payoutId + " from " + from + " to " + to, e);
    }
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
    c.setAutoCommit(true);
    return c;
  }

  private static EvmPayout read(ResultSet r) throws SQLException {
    long nonce = r.getLong("nonce");
    Long nonceOrNull = r.wasNull() ? null : nonce;
    return new EvmPayout(
        r.getString("payout_id"),
        r.getLong("chain_id"),
        r.getString("sender"),
        r.getString("destination"),
        r.getLong("amount_minor"),
        r.getInt("ledger_code"),
        r.getString("token"),
        nonceOrNull,
        r.getString("tx_hash"),
        r.getString("raw_tx"),
        EvmPayout.State.valueOf(r.getString("state")),
        r.getString("failure_reason"),
        r.getTimestamp("created_at").toInstant(),
        r.getTimestamp("updated_at").toInstant());
  }

  /** SQLSTATE 23505 is unique_violation in PostgreSQL and H2 alike. */
  private static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  private IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("evm payout store on " + db + ": cannot " + what, e);
  }
}
