package io.streamrp2p.ledger.chain;

import static io.streamrp2p.ledger.testing.LedgerCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.ledger.Ledger;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.audit.AuditReport;
import io.streamrp2p.ledger.audit.Auditor;
import io.streamrp2p.ledger.testing.LedgerCluster;
import io.streamrp2p.ledger.transfer.TransferSpec;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointScheduleTest {
  @TempDir Path dir;

  @Test
  void start_shortInterval_takesAndExportsSignedCheckpointsThatAuditVerifies() throws Exception {
    Database db = TestDatabases.freshPostgres();
    LedgerKey key = LedgerKey.generate();
    try (LedgerCluster cluster = LedgerCluster.start(db)) {
      Ledger ledger = cluster.ledger;
      await(ledger.open("deposits", AccountKind.SYSTEM_DEPOSITS, 1));
      await(ledger.open("pool", AccountKind.STREAM_POOL, 1));
      await(
          ledger.transfer(
              TransferSpec.single(
                  "fund", "deposits", "pool", 5_000, 1, TransferSpec.CODE_DEPOSIT)));
      Checkpointer checkpointer =
          new Checkpointer(cluster.kit.system(), db, key, Clock.systemUTC());

      try (CheckpointSchedule schedule =
          CheckpointSchedule.start(
              cluster.kit.system(), checkpointer, dir, Duration.ofMillis(200))) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> schedule.taken() >= 2);
      }

      assertThat(dir.resolve("checkpoint-1.json")).exists();
      assertThat(Files.readString(dir.resolve("checkpoint-2.json"))).contains("root");
      AuditReport report = Auditor.run(db, Optional.empty(), (done, total) -> {});
      assertThat(report.violations()).isEmpty();
      assertThat(report.checkpoints()).isGreaterThanOrEqualTo(2);
    } finally {
      TestDatabases.drop(db);
    }
  }
}
