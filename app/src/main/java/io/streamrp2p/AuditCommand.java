package io.streamrp2p;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamrp2p.ledger.audit.AuditReport;
import io.streamrp2p.ledger.audit.Auditor;
import io.streamrp2p.persistence.Database;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamrp2p audit}: replays the ledger journal of a database and verifies it. Exit 0 when
 * every rule holds, 1 on a violation, 2 when the journal cannot be read.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "Replay the ledger journal and verify hash chains, double entry, balances, "
            + "pending resolutions and signed checkpoints.")
final class AuditCommand implements Callable<Integer> {
  /** Below this many events the replay takes well under a second: no progress bar. */
  static final long PROGRESS_EVENTS_MIN = 50_000;

  @Option(
      names = "--db-url",
      required = true,
      description = "JDBC URL: jdbc:postgresql://host:5432/db or jdbc:h2:file:/path")
  String url;

  @Option(names = "--db-user", defaultValue = "streamrp2p", description = "Database user.")
  String user;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--ledger-public-key",
      description = "Base64 Ed25519 key checkpoints must be signed with (else: the first's).")
  String publicKey;

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    Database db;
    try {
      String password = System.getenv().getOrDefault("STREAMRP2P_DB_PASSWORD", "");
      db = Database.at(url, user, password, 1);
    } catch (IllegalArgumentException e) {
      err.println("audit: " + e.getMessage());
      return 2;
    }
    AuditReport report;
    try {
      report = Auditor.run(db, Optional.ofNullable(publicKey), this::progress);
    } catch (Exception e) {
      err.println("audit: cannot read the journal of " + db + ": " + e.getMessage());
      return 2;
    }
    if (json) {
      try {
        out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report));
      } catch (Exception e) {
        err.println("audit: " + e.getMessage());
        return 2;
      }
    } else {
      out.print(report.render());
    }
    return report.ok() ? 0 : 1;
  }

  private void progress(long done, long total) {
    if (total < PROGRESS_EVENTS_MIN) {
      return;
    }
    int width = 40;
    int filled = (int) (width * Math.min(done, total) / total);
    err.printf(
        "\r[%s%s] %3d%% %,d/%,d events",
        "#".repeat(filled),
        ".".repeat(width - filled),
        100 * Math.min(done, total) / total,
        done,
        total);
    if (done >= total) {
      err.println();
    }
  }
}
