package io.streamrp2p.ledger.chain;

import io.streamrp2p.ledger.Rejection;
import io.streamrp2p.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Signed checkpoints: a Merkle root over the heads of all ledger entities, signed with the ledger's
 * Ed25519 key and recorded as an event in this entity's own hash chain. Whoever changes history
 * before a checkpoint must forge the signature to hide it.
 */
public final class LedgerCheckpoint
    extends EventSourcedBehaviorWithEnforcedReplies<
        LedgerCheckpoint.Command, LedgerCheckpoint.Taken, LedgerCheckpoint.State> {
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "LedgerCheckpoint");

  /**
   * Heads in one checkpoint. About 70 bytes each, so 200,000 heads make a 14 MB event, the most we
   * want in one journal row; beyond that checkpoints must be split by entity type.
   */
  public static final int HEADS_MAX = 200_000;

  static final String SIGNED_DOMAIN = "streamrp2p-ledger-checkpoint-v1";

  public sealed interface Command extends CborSerializable {}

  public record Take(
      List<EntityHead> heads, long takenAtMillis, ActorRef<StatusReply<Taken>> replyTo)
      implements Command {}

  /** The checkpoint; {@code signature} covers {@link #signedBytes}. */
  public record Taken(
      long number,
      long takenAtMillis,
      List<EntityHead> heads,
      String root,
      String publicKey,
      String signature,
      Link link)
      implements LedgerEvent {
    /**
     * The one event that does not hash all its components: of {@code heads} only the count goes in,
     * since the root already commits to every head (and hashing 200,000 heads again per checkpoint
     * would buy nothing). Stored chains depend on this exact order.
     */
    @Override
    public void writeFields(Canonical c) {
      c.i64(number).i64(takenAtMillis).i32(heads.size()).hash(root).str(publicKey).str(signature);
    }

    /** What the key signs: number, time, head count and root, under a domain tag. */
    public byte[] signedBytes() {
      return signedBytes(number, takenAtMillis, heads.size(), root);
    }

    static byte[] signedBytes(long number, long takenAtMillis, int count, String root) {
      return new Canonical()
          .str(SIGNED_DOMAIN)
          .i64(number)
          .i64(takenAtMillis)
          .i32(count)
          .hash(root)
          .bytes();
    }
  }

  public record State(long number, Head head) implements CborSerializable {}

  private final LedgerKey key;

  private LedgerCheckpoint(String id, LedgerKey key) {
    super(PersistenceId.of(ENTITY_KEY.name(), id));
    this.key = key;
  }

  public static Behavior<Command> create(String id, LedgerKey key) {
    return new LedgerCheckpoint(id, key);
  }

  @Override
  public State emptyState() {
    return new State(0, Head.GENESIS);
  }

  @Override
  public CommandHandlerWithReply<Command, Taken, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Take.class, this::onTake)
        .build();
  }

  private ReplyEffect<Taken, State> onTake(State s, Take c) {
    if (c.heads().size() > HEADS_MAX) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error(
                  Rejection.INVALID.message(c.heads().size() + " heads, at most " + HEADS_MAX)));
    }
    List<EntityHead> heads = new ArrayList<>(c.heads());
    heads.removeIf(h -> h.persistenceId().equals(persistenceId().id()));
    heads.sort(Comparator.comparing(EntityHead::persistenceId));
    String root = Merkle.root(heads);
    long number = s.number() + 1;
    String sig = key.sign(Taken.signedBytes(number, c.takenAtMillis(), heads.size(), root));
    Taken e =
        Chain.seal(
            persistenceId().id(),
            s.head(),
            new Taken(
                number,
                c.takenAtMillis(),
                List.copyOf(heads),
                root,
                key.publicKeyBase64(),
                sig,
                Link.UNSEALED));
    return Effect().persist(e).thenReply(c.replyTo(), st -> StatusReply.success(e));
  }

  @Override
  public EventHandler<State, Taken> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Taken.class, (s, e) -> new State(e.number(), s.head().advance(e)))
        .build();
  }
}
