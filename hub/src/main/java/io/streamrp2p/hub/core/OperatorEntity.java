package io.streamrp2p.hub.core;

import io.streamrp2p.persistence.CborSerializable;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The operator's bootstrap credential: the hash of a random token generated on the first start and
 * printed once. One instance, entity id {@link #ID}.
 */
public final class OperatorEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        OperatorEntity.Command, OperatorEntity.Event, OperatorEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Operator");

  public static final String ID = "operator";

  // -- commands

  public sealed interface Command extends CborSerializable {}

  /** Records the token hash on the first start; rejected once initialized. */
  public record Initialize(String tokenHash, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record Authenticate(String tokenHash, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  // -- client

  /**
   * Asks the Operator entity, one method per command. {@link HubEntities} holds the ask timeout and
   * the unwrapping of the status reply.
   */
  public static final class Client {
    private final EntityRef<Command> ref;

    Client(EntityRef<Command> ref) {
      this.ref = ref;
    }

    /** Empty when the operator was initialized before. */
    public CompletionStage<Optional<Done>> initialize(String tokenHash) {
      return HubEntities.askOptional(ref, r -> new Initialize(tokenHash, r));
    }

    /** Empty when the token is not the operator's. */
    public CompletionStage<Optional<Done>> authenticate(String tokenHash) {
      return HubEntities.askOptional(ref, r -> new Authenticate(tokenHash, r));
    }
  }

  // -- events

  public sealed interface Event extends CborSerializable {}

  public record Initialized(String tokenHash, Instant at) implements Event {}

  // -- state

  public sealed interface State extends CborSerializable {}

  public record Uninitialized() implements State {}

  public record Ready(String tokenHash, Instant since) implements State {}

  // -- behaviour

  private final Clock clock;

  private OperatorEntity(String id, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), id));
    this.clock = clock;
  }

  public static Behavior<Command> create(String id, Clock clock) {
    return new OperatorEntity(id, clock);
  }

  @Override
  public State emptyState() {
    return new Uninitialized();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var b = newCommandHandlerWithReplyBuilder();
    b.forStateType(Uninitialized.class)
        .onCommand(Initialize.class, this::initialize)
        .onCommand(
            Authenticate.class,
            (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("no operator credential yet")));
    b.forStateType(Ready.class)
        .onCommand(
            Initialize.class,
            (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("already initialized")))
        .onCommand(
            Authenticate.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        Secrets.sameHash(s.tokenHash(), c.tokenHash())
                            ? StatusReply.ack()
                            : StatusReply.error("invalid token")));
    return b.build();
  }

  private ReplyEffect<Event, State> initialize(Uninitialized s, Initialize c) {
    if (!Validation.isSha256Hex(c.tokenHash())) {
      return Effect().reply(c.replyTo(), StatusReply.error("token hash is not a SHA-256 hash"));
    }
    return Effect()
        .persist(new Initialized(c.tokenHash(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var b = newEventHandlerBuilder();
    b.forStateType(Uninitialized.class)
        .onEvent(Initialized.class, (s, e) -> new Ready(e.tokenHash(), e.at()));
    return b.build();
  }
}
