package io.streamrp2p.hub.core;

import io.streamrp2p.persistence.CborSerializable;
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
 * One entry of the stream-key index, keyed by the SHA-256 hash of a stream key: the stream that key
 * publishes to. It lets a publish find its stream without scanning; the Stream entity stays the
 * authority (a stale entry is harmless, the stream still checks the hash). See ADR 0201.
 */
public final class KeyIndexEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        KeyIndexEntity.Command, KeyIndexEntity.Event, KeyIndexEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "StreamKey");

  // -- commands

  public sealed interface Command extends CborSerializable {}

  /** Points this key hash at {@code stream}; idempotent for the same stream. */
  public record Claim(String stream, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Removes the entry if it points at {@code stream}; idempotent. */
  public record Release(String stream, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Replies with the stream, or an error when the hash is unknown. */
  public record Lookup(ActorRef<StatusReply<String>> replyTo) implements Command {}

  // -- client

  /**
   * Asks one key index entry, one method per command. {@link HubEntities} holds the ask timeout and
   * the unwrapping of the status reply.
   */
  public static final class Client {
    private final EntityRef<Command> ref;

    Client(EntityRef<Command> ref) {
      this.ref = ref;
    }

    public CompletionStage<Done> claim(String stream) {
      return HubEntities.ask(ref, r -> new Claim(stream, r));
    }

    public CompletionStage<Done> release(String stream) {
      return HubEntities.ask(ref, r -> new Release(stream, r));
    }

    /** The stream this key hash publishes to; empty when the hash is unknown. */
    public CompletionStage<Optional<String>> lookup() {
      return HubEntities.askOptional(ref, Lookup::new);
    }
  }

  // -- events

  public sealed interface Event extends CborSerializable {}

  public record Claimed(String stream) implements Event {}

  public record Released(String stream) implements Event {}

  // -- state

  public sealed interface State extends CborSerializable {}

  public record Unclaimed() implements State {}

  public record ClaimedBy(String stream) implements State {}

  // -- behaviour

  private KeyIndexEntity(String keyHash) {
    super(PersistenceId.of(ENTITY_KEY.name(), keyHash));
  }

  public static Behavior<Command> create(String keyHash) {
    return new KeyIndexEntity(keyHash);
  }

  @Override
  public State emptyState() {
    return new Unclaimed();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var b = newCommandHandlerWithReplyBuilder();
    b.forStateType(Unclaimed.class)
        .onCommand(Claim.class, this::claim)
        .onCommand(Release.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.ack()))
        .onCommand(
            Lookup.class,
            (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("unknown stream key")));
    b.forStateType(ClaimedBy.class)
        .onCommand(Claim.class, this::claimAgain)
        .onCommand(Release.class, this::release)
        .onCommand(
            Lookup.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(s.stream())));
    return b.build();
  }

  private ReplyEffect<Event, State> claim(Unclaimed s, Claim c) {
    if (!Validation.isName(c.stream())) {
      return Effect().reply(c.replyTo(), StatusReply.error("stream is not a valid name"));
    }
    return Effect()
        .persist(new Claimed(c.stream()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> claimAgain(ClaimedBy s, Claim c) {
    return Effect()
        .reply(
            c.replyTo(),
            s.stream().equals(c.stream())
                ? StatusReply.ack()
                : StatusReply.error("the key is in use by another stream"));
  }

  private ReplyEffect<Event, State> release(ClaimedBy s, Release c) {
    if (!s.stream().equals(c.stream())) {
      return Effect().reply(c.replyTo(), StatusReply.ack()); // not ours to release
    }
    return Effect()
        .persist(new Released(c.stream()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var b = newEventHandlerBuilder();
    b.forStateType(Unclaimed.class).onEvent(Claimed.class, (s, e) -> new ClaimedBy(e.stream()));
    b.forStateType(ClaimedBy.class).onEvent(Released.class, (s, e) -> new Unclaimed());
    return b.build();
  }
}
