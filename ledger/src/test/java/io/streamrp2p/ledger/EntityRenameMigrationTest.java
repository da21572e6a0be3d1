package io.streamrp2p.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.payout.PayoutEntity;
import io.streamrp2p.ledger.transfer.TransferEntity;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Old journal rows name Account, Transfer, Payout; see LedgerEventGoldenTest for the bytes. */
class EntityRenameMigrationTest {
  private final EntityRenameMigration migration = new EntityRenameMigration();

  private static List<Class<?>> renamedEvents() {
    return Stream.of(
            AccountEntity.Event.class, TransferEntity.Event.class, PayoutEntity.Event.class)
        .flatMap(c -> Arrays.stream(c.getPermittedSubclasses()))
        .toList();
  }

  @Test
  void transformClassName_oldNestedName_givesRenamedClass() {
    assertThat(migration.transformClassName(1, "io.streamrp2p.ledger.account.Account$Opened"))
        .isEqualTo(AccountEntity.Opened.class.getName());
    assertThat(migration.transformClassName(1, "io.streamrp2p.ledger.transfer.Transfer$Held"))
        .isEqualTo(TransferEntity.Held.class.getName());
    assertThat(migration.transformClassName(1, "io.streamrp2p.ledger.payout.Payout$Failed"))
        .isEqualTo(PayoutEntity.Failed.class.getName());
  }

  @Test
  void transformClassName_otherClass_unchanged() {
    String name = "io.streamrp2p.ledger.transfer.TransferSpec";
    assertThat(migration.transformClassName(1, name)).isEqualTo(name);
  }

  @Test
  void config_everyRenamedEvent_hasItsOldNameMigrated() {
    ConfigObject migrations =
        ConfigFactory.load().getObject("pekko.serialization.jackson.migrations");
    for (Class<?> e : renamedEvents()) {
      String old = EntityRenameMigration.nameBeforeRename(e);
      assertThat(old).isNotEqualTo(e.getName());
      assertThat(migrations.get(old)).as(old).isNotNull();
      assertThat(migrations.get(old).unwrapped()).isEqualTo(EntityRenameMigration.class.getName());
      assertThat(migration.transformClassName(1, old)).isEqualTo(e.getName());
    }
  }

  @Test
  void unfinishedSweep_rowsWrittenBeforeRename_stillFound() {
    assertThat(UnfinishedSweep.TRANSFER_UNFINISHED)
        .contains(
            "io.streamrp2p.ledger.transfer.Transfer$Initiated",
            TransferEntity.Initiated.class.getName());
    assertThat(UnfinishedSweep.PAYOUT_UNFINISHED)
        .contains(
            "io.streamrp2p.ledger.payout.Payout$Submitted", PayoutEntity.Submitted.class.getName());
  }
}
