package io.streamrp2p.ledger.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamrp2p.ledger.journal.LedgerJournal;
import io.streamrp2p.persistence.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Takes checkpoints: reads every ledger entity's head from the journal, and has the checkpoint
 * entity sign and record their Merkle root. Run it periodically (the hub schedules it) and after
 * each settlement; {@link #export} writes one for auditors to keep elsewhere.
 */
public final class Checkpointer {
  public static final String ENTITY_ID = "main";

  private final ActorSystem<?> system;
  private final Database db;
  private final Clock clock;
  private final ClusterSharding sharding;

  public Checkpointer(ActorSystem<?> system, Database db, LedgerKey key, Clock clock) {
    this.system = system;
    this.db = db;
    this.clock = clock;
    this.sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(
            LedgerCheckpoint.ENTITY_KEY, ctx -> LedgerCheckpoint.create(ctx.getEntityId(), key)));
  }

  /** Reads the heads now and records a signed checkpoint over them. */
  public CompletionStage<LedgerCheckpoint.Taken> take() throws Exception {
    List<EntityHead> heads = readHeads(db, SerializationExtension.get(system.classicSystem()));
    long now = clock.millis();
    return sharding
        .entityRefFor(LedgerCheckpoint.ENTITY_KEY, ENTITY_ID)
        .askWithStatus(r -> new LedgerCheckpoint.Take(heads, now, r), Duration.ofSeconds(30));
  }

  static List<EntityHead> readHeads(Database db, Serialization serialization) throws Exception {
    List<EntityHead> heads = new ArrayList<>();
    LedgerJournal.heads(
        db,
        row -> {
          Object e =
              serialization.deserialize(row.payload(), row.serializerId(), row.manifest()).get();
          heads.add(
              new EntityHead(row.persistenceId(), row.seq(), ((LedgerEvent) e).link().hash()));
        });
    return heads;
  }

  /** Writes {@code checkpoint} as JSON (heads, root, public key, signature) to {@code file}. */
  public static void export(LedgerCheckpoint.Taken checkpoint, Path file) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.createDirectories(file.toAbsolutePath().getParent());
    json.writeValue(file.toFile(), checkpoint);
  }
}
