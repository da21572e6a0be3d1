package io.streamrp2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AuditCommandTest {
  Database db;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void database() {
    db = TestDatabases.freshPostgres();
  }

  @AfterEach
  void drop() {
    TestDatabases.drop(db);
  }

  private int audit(String... extra) {
    AuditCommand command = new AuditCommand();
    command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    String[] args = new String[extra.length + 4];
    args[0] = "--db-url";
    args[1] = db.url();
    args[2] = "--db-user";
    args[3] = db.user();
    System.arraycopy(extra, 0, args, 4, extra.length);
    return new CommandLine(command).execute(args);
  }

  @Test
  void audit_emptyJournal_passesWithExitZero() {
    assertThat(audit()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("AUDIT PASSED");
  }

  @Test
  void audit_garbageLedgerRow_exitOneAndJsonNamesEntityAndRule() {
    TestDatabases.execute(
        db,
        "INSERT INTO event_journal (persistence_id, sequence_number, "
            + "writer, event_ser_id, event_ser_manifest, event_payload) VALUES ('Account|x', 1, "
            + "'w', 33, 'io.streamrp2p.ledger.account.Account$Opened', '\\x00ff'::bytea)");
    assertThat(audit("--json")).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"rule\" : \"UNDECODABLE_EVENT\"")
        .contains("\"persistenceId\" : \"Account|x\"")
        .contains("\"seq\" : 1");
  }

  @Test
  void audit_unreachableDatabase_exitTwo() {
    AuditCommand command = new AuditCommand();
    command.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int code = new CommandLine(command).execute("--db-url", "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(code).isEqualTo(2);
  }
}
