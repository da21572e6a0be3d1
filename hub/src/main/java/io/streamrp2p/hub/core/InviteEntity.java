package io.streamrp2p.hub.core;

import io.streamrp2p.persistence.CborSerializable;
import java.time.Clock;
import java.time.Duration;
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
 * A creator's invitation for a friend to register a node, keyed by the SHA-256 hash of the invite
 * code (the code itself is shown once and never stored). Single use, and it expires.
 */
public final class InviteEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        InviteEntity.Command, InviteEntity.Event, InviteEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Invite");

  /** Longest an invite may stay open: long enough to reach a friend, short enough to forget. */
  public static final Duration TTL_MAX = Duration.ofDays(30);

  // -- commands

  public sealed interface Command extends CborSerializable {}

  public record Create(
      String creator,
      Optional<String> stream,
      Instant expiresAt,
      ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Uses the invite for {@code nodeId}; replies with who invited, for the node's record. */
  public record Redeem(String nodeId, ActorRef<StatusReply<Invitation>> replyTo)
      implements Command {}

  /** What a used invite granted: its creator and stream scope; refused unless used. */
  public record GetRedeemed(ActorRef<StatusReply<Invitation>> replyTo) implements Command {}

  // -- replies

  public record Invitation(String creator, Optional<String> stream) implements CborSerializable {}

  // -- client

  /**
   * Asks one Invite entity, one method per command. {@link HubEntities} holds the ask timeout and
   * the unwrapping of the status reply.
   */
  public static final class Client {
    private final EntityRef<Command> ref;

    Client(EntityRef<Command> ref) {
      this.ref = ref;
    }

    public CompletionStage<Done> create(
        String creator, Optional<String> stream, Instant expiresAt) {
      return HubEntities.ask(ref, r -> new Create(creator, stream, expiresAt, r));
    }

    /** Fails with the reason when the invite is unknown, used or expired. */
    public CompletionStage<Invitation> redeem(String nodeId) {
      return HubEntities.ask(ref, r -> new Redeem(nodeId, r));
    }

    /** What the used invite granted (a node's scope); empty unless the invite was used. */
    public CompletionStage<Optional<Invitation>> redeemed() {
      return HubEntities.askOptional(ref, GetRedeemed::new);
    }
  }

  // -- events

  public sealed interface Event extends CborSerializable {}

  public record Created(String creator, Optional<String> stream, Instant expiresAt, Instant at)
      implements Event {}

  public record Redeemed(String nodeId, Instant at) implements Event {}

  // -- state

  public sealed interface State extends CborSerializable {}

  public record Empty() implements State {}

  public record Open(String creator, Optional<String> stream, Instant expiresAt) implements State {}

  public record Used(String creator, Optional<String> stream, String nodeId, Instant at)
      implements State {}

  // -- behaviour

  private final Clock clock;

  private InviteEntity(String codeHash, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), codeHash));
    this.clock = clock;
  }

  public static Behavior<Command> create(String codeHash, Clock clock) {
    return new InviteEntity(codeHash, clock);
  }

  @Override
  public State emptyState() {
    return new Empty();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var b = newCommandHandlerWithReplyBuilder();
    b.forStateType(Empty.class)
        .onCommand(Create.class, this::create)
        .onCommand(
            Redeem.class,
            (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("unknown invite")))
        .onCommand(GetRedeemed.class, (s, c) -> Effect().reply(c.replyTo(), notUsed()));
    b.forStateType(Open.class)
        .onCommand(Create.class, (s, c) -> Effect().reply(c.replyTo(), exists()))
        .onCommand(Redeem.class, this::redeem)
        .onCommand(GetRedeemed.class, (s, c) -> Effect().reply(c.replyTo(), notUsed()));
    b.forStateType(Used.class)
        .onCommand(Create.class, (s, c) -> Effect().reply(c.replyTo(), exists()))
        .onCommand(
            Redeem.class,
            (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("invite already used")))
        .onCommand(
            GetRedeemed.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(), StatusReply.success(new Invitation(s.creator(), s.stream()))));
    return b.build();
  }

  private static StatusReply<Invitation> notUsed() {
    return StatusReply.error("invite not used");
  }

  private static StatusReply<Done> exists() {
    return StatusReply.error("invite already exists");
  }

  private ReplyEffect<Event, State> create(Empty s, Create c) {
    Instant now = clock.instant();
    if (!Validation.isName(c.creator())) {
      return Effect().reply(c.replyTo(), StatusReply.error("creator is not a valid name"));
    }
    if (c.stream().isPresent() && !Validation.isName(c.stream().get())) {
      return Effect().reply(c.replyTo(), StatusReply.error("stream is not a valid name"));
    }
    if (!c.expiresAt().isAfter(now) || c.expiresAt().isAfter(now.plus(TTL_MAX))) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error(
                  "expiry must be in the future and within " + TTL_MAX.toDays() + " days"));
    }
    return Effect()
        .persist(new Created(c.creator(), c.stream(), c.expiresAt(), now))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> redeem(Open s, Redeem c) {
    Instant now = clock.instant();
    if (!now.isBefore(s.expiresAt())) {
      return Effect().reply(c.replyTo(), StatusReply.error("invite expired"));
    }
    if (c.nodeId().isBlank()) {
      return Effect().reply(c.replyTo(), StatusReply.error("node id must be set"));
    }
    return Effect()
        .persist(new Redeemed(c.nodeId(), now))
        .thenReply(c.replyTo(), st -> StatusReply.success(new Invitation(s.creator(), s.stream())));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var b = newEventHandlerBuilder();
    b.forStateType(Empty.class)
        .onEvent(Created.class, (s, e) -> new Open(e.creator(), e.stream(), e.expiresAt()));
    b.forStateType(Open.class)
        .onEvent(Redeemed.class, (s, e) -> new Used(s.creator(), s.stream(), e.nodeId(), e.at()));
    return b.build();
  }
}
