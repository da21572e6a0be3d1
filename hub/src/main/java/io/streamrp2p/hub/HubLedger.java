package io.streamrp2p.hub;

import io.streamrp2p.ledger.Ledger;
import io.streamrp2p.ledger.UnfinishedSweep;
import io.streamrp2p.ledger.chain.CheckpointSchedule;
import io.streamrp2p.ledger.chain.Checkpointer;
import io.streamrp2p.ledger.chain.LedgerKey;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.persistence.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The ledger as a hub member runs it: account and transfer shards, periodic checkpoints signed with
 * the ledger key (kept in the data directory, readable by its owner only; generated on first start)
 * and exported under {@code data-dir/checkpoints}, and the periodic sweep that finishes transfers a
 * stopped member left unfinished.
 */
public final class HubLedger implements AutoCloseable {
  static final String KEY_FILE = "ledger-key.pkcs8";
  static final String CHECKPOINT_DIR = "checkpoints";

  /** Time for the member to join and its shards to start before the first sweep. */
  static final Duration FIRST_SWEEP_AFTER = Duration.ofSeconds(10);

  private final Ledger ledger;
  private final LedgerKey key;
  private final CheckpointSchedule schedule;
  private final UnfinishedSweep sweep;

  private HubLedger(
      Ledger ledger, LedgerKey key, CheckpointSchedule schedule, UnfinishedSweep sweep) {
    this.ledger = ledger;
    this.key = key;
    this.schedule = schedule;
    this.sweep = sweep;
  }

  static HubLedger start(ActorSystem<?> system, HubConfig config, Database db, Clock clock) {
    LedgerKey key;
    try {
      key = LedgerKey.loadOrCreate(config.dataDir().resolve(KEY_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the ledger key", e);
    }
    Ledger ledger = Ledger.init(system, clock, TransferEntity.Settings.DEFAULT);
    Checkpointer checkpointer = new Checkpointer(system, db, key, clock);
    Duration every = config.ledgerCheckpointInterval();
    Path exports = config.dataDir().resolve(CHECKPOINT_DIR);
    CheckpointSchedule schedule =
        every.isZero() ? null : CheckpointSchedule.start(system, checkpointer, exports, every);
    UnfinishedSweep sweep =
        UnfinishedSweep.start(
            system, db, ledger, null, FIRST_SWEEP_AFTER, config.ledgerSweepInterval());
    return new HubLedger(ledger, key, schedule, sweep);
  }

  public Ledger ledger() {
    return ledger;
  }

  /** The public half of the ledger key, which auditors pin. */
  public LedgerKey key() {
    return key;
  }

  @Override
  public void close() {
    sweep.close();
    if (schedule != null) {
      schedule.close();
    }
  }
}
