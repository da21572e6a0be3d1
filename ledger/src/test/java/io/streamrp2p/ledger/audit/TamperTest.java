package io.streamrp2p.ledger.audit;

import static io.streamrp2p.ledger.testing.LedgerCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.ledger.Ledger;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.chain.Checkpointer;
import io.streamrp2p.ledger.chain.LedgerKey;
import io.streamrp2p.ledger.testing.LedgerCluster;
import io.streamrp2p.ledger.transfer.TransferSpec;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changes to stored journal rows are found, and named by entity, sequence number and rule. */
class TamperTest {
  Database db;

  @BeforeEach
  void ledgerWithHistory() throws Exception {
    db = TestDatabases.freshPostgres();
    try (LedgerCluster cluster = LedgerCluster.start(db)) {
      Ledger ledger = cluster.ledger;
      await(ledger.open("deposits", AccountKind.SYSTEM_DEPOSITS, 1));
      await(ledger.open("pool", AccountKind.STREAM_POOL, 1));
      await(ledger.open("friend", AccountKind.FRIEND_PAYOUT, 1));
      await(ledger.transfer(TransferSpec.single("dep", "deposits", "pool", 1000, 1, 2)));
      for (int i = 0; i < 3; i++) {
        await(ledger.transfer(TransferSpec.single("t" + i, "pool", "friend", 100, 1, 1)));
      }
    }
    assertThat(audit().violations()).isEmpty();
  }

  @AfterEach
  void drop() {
    TestDatabases.drop(db);
  }

  private AuditReport audit() throws Exception {
    return Auditor.run(db, Optional.empty(), (done, total) -> {});
  }

  @Test
  void audit_oneByteChanged_namesEntitySequenceAndRule() throws Exception {
    // The friend's 2nd event is the credit of t0 (100 = 0x64 in CBOR); make it 0x65 (101).
    TestDatabases.execute(
        db,
        "UPDATE event_journal SET event_payload = "
            + "set_byte(event_payload, position('\\x1864'::bytea in event_payload), 101) "
            + "WHERE persistence_id = 'Account|friend' AND sequence_number = 2");
    AuditReport report = audit();
    assertThat(report.ok()).isFalse();
    assertThat(report.violations())
        .anySatisfy(
            v -> {
              assertThat(v.rule()).isEqualTo(Violation.Rule.CHAIN_HASH);
              assertThat(v.persistenceId()).isEqualTo("Account|friend");
              assertThat(v.seq()).isEqualTo(2);
            });
  }

  @Test
  void audit_anyByteOfPayloadFlipped_isCaught() throws Exception {
    // Flip the last byte (part of the hash hex or an amount): decoding fails or a hash breaks.
    TestDatabases.execute(
        db,
        "UPDATE event_journal SET event_payload = set_byte(event_payload,"
            + " length(event_payload) - 3, get_byte(event_payload, length(event_payload) - 3) # 1)"
            + " WHERE persistence_id = 'Transfer|t1' AND sequence_number = 2");
    AuditReport report = audit();
    assertThat(report.violations())
        .anySatisfy(
            v -> {
              assertThat(v.persistenceId()).isEqualTo("Transfer|t1");
              assertThat(v.seq()).isEqualTo(2);
            });
  }

  @Test
  void audit_eventDeleted_namesGap() throws Exception {
    TestDatabases.execute(
        db,
        "DELETE FROM event_journal "
            + "WHERE persistence_id = 'Account|pool' AND sequence_number = 3");
    AuditReport report = audit();
    assertThat(report.violations())
        .anySatisfy(
            v -> {
              assertThat(v.rule()).isEqualTo(Violation.Rule.SEQUENCE_GAP);
              assertThat(v.persistenceId()).isEqualTo("Account|pool");
              assertThat(v.seq()).isEqualTo(4);
            });
  }

  @Test
  void audit_lastEventDeletedAfterCheckpoint_namesMissingHead() throws Exception {
    checkpoint();
    TestDatabases.execute(
        db,
        "DELETE FROM event_journal "
            + "WHERE persistence_id = 'Transfer|t2' AND sequence_number = 2");
    AuditReport report = audit();
    assertThat(report.violations())
        .anySatisfy(
            v -> {
              assertThat(v.rule()).isEqualTo(Violation.Rule.CHECKPOINT_HEAD);
              assertThat(v.persistenceId()).isEqualTo("Transfer|t2");
              assertThat(v.seq()).isEqualTo(2);
            });
  }

  @Test
  void audit_twoEventsSwapped_namesChainBreak() throws Exception {
    swapPayloads("Account|friend", 2, 3);
    AuditReport report = audit();
    assertThat(report.violations())
        .anySatisfy(
            v -> {
              assertThat(v.rule()).isEqualTo(Violation.Rule.CHAIN_SEQUENCE);
              assertThat(v.persistenceId()).isEqualTo("Account|friend");
              assertThat(v.seq()).isEqualTo(2);
            });
  }

  @Test
  void audit_sequenceNumbersSwapped_namesChainBreak() throws Exception {
    // Three steps: the primary key is checked after each statement.
    String where = " WHERE persistence_id = 'Account|pool' AND sequence_number = ";
    TestDatabases.execute(
        db,
        "UPDATE event_journal SET sequence_number = -2"
            + where
            + "2; "
            + "UPDATE event_journal SET sequence_number = 2"
            + where
            + "3; "
            + "UPDATE event_journal SET sequence_number = 3"
            + where
            + "-2");
    AuditReport report = audit();
    assertThat(report.violations())
        .anySatisfy(
            v -> {
              assertThat(v.rule()).isEqualTo(Violation.Rule.CHAIN_SEQUENCE);
              assertThat(v.persistenceId()).isEqualTo("Account|pool");
            });
  }

  @Test
  void audit_checkpointSignatureOfOtherKey_rejectedWhenKeyPinned() throws Exception {
    checkpoint();
    AuditReport report =
        Auditor.run(db, Optional.of(LedgerKey.generate().publicKeyBase64()), (d, t) -> {});
    assertThat(report.violations())
        .anySatisfy(
            v -> {
              assertThat(v.rule()).isEqualTo(Violation.Rule.CHECKPOINT_KEY);
              assertThat(v.persistenceId()).isEqualTo("LedgerCheckpoint|main");
              assertThat(v.seq()).isEqualTo(1);
            });
  }

  @Test
  void audit_keyNotPinned_reportSaysTheKeyCameFromTheFirstCheckpoint() throws Exception {
    LedgerKey key = checkpoint();
    AuditReport unpinned = audit();
    assertThat(unpinned.checkpointKey()).isEqualTo(key.publicKeyBase64());
    assertThat(unpinned.checkpointKeyPinned()).isFalse();
    assertThat(unpinned.render())
        .contains(
            "checkpoints checked against ledger key "
                + key.publicKeyBase64()
                + " (NOT pinned: taken from the first checkpoint");
    AuditReport pinned = Auditor.run(db, Optional.of(key.publicKeyBase64()), (d, t) -> {});
    assertThat(pinned.ok()).isTrue();
    assertThat(pinned.checkpointKeyPinned()).isTrue();
    assertThat(pinned.render()).contains(key.publicKeyBase64() + " (pinned)");
  }

  private LedgerKey checkpoint() throws Exception {
    LedgerKey key = LedgerKey.generate();
    try (LedgerCluster cluster = LedgerCluster.start(db)) {
      await(new Checkpointer(cluster.kit.system(), db, key, Clock.systemUTC()).take());
    }
    assertThat(audit().violations()).isEmpty();
    return key;
  }

  private void swapPayloads(String pid, long a, long b) {
    TestDatabases.execute(
        db,
        "UPDATE event_journal j SET event_payload = o.event_payload, "
            + "event_ser_manifest = o.event_ser_manifest FROM event_journal o "
            + "WHERE j.persistence_id = '"
            + pid
            + "' AND o.persistence_id = j.persistence_id "
            + "AND ((j.sequence_number = "
            + a
            + " AND o.sequence_number = "
            + b
            + ") OR "
            + "(j.sequence_number = "
            + b
            + " AND o.sequence_number = "
            + a
            + "))");
  }
}
