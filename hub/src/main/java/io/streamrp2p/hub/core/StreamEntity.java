package io.streamrp2p.hub.core;

import io.streamrp2p.persistence.CborSerializable;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
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
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A stream, keyed by its name: who owns it, the hash of its publish key, its settings, and which
 * hub member holds its live ingest. The stream key itself is never stored; publishing is allowed
 * when the hash of the presented key matches.
 */
public final class StreamEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        StreamEntity.Command, StreamEntity.Event, StreamEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Stream");

  static final String TAG = "stream";

  /** Rates above 1,000 units per GB (10^9 micros) are a typo, not a price. */
  static final long REWARD_RATE_MICROS_PER_GB_MAX = 1_000_000_000L;

  // -- commands

  public sealed interface Command extends CborSerializable {}

  public record Create(
      String owner, String keyHash, Settings settings, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Replies with the key hash that was replaced, so the key index can drop it. */
  public record RotateKey(String keyHash, ActorRef<StatusReply<String>> replyTo)
      implements Command {}

  /** Succeeds when {@code keyHash} is the stream's current key hash. */
  public record Authorize(String keyHash, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record GoLive(String member, String session, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** The publisher's session ended; a session other than the live one is ignored. */
  public record End(String session, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  // -- replies

  public record Settings(long rewardRateMicrosPerGb) implements CborSerializable {
    public static final Settings DEFAULT = new Settings(0);
  }

  /** What the API shows; never the key hash. */
  public record Summary(
      String name,
      String owner,
      Settings settings,
      Instant createdAt,
      Instant keyRotatedAt,
      Optional<Ingest> live)
      implements CborSerializable {}

  public record Ingest(String member, String session, Instant since) implements CborSerializable {}

  // -- client

  /**
   * Asks one Stream entity, one method per command. {@link HubEntities} holds the ask timeout and
   * the unwrapping of the status reply.
   */
  public static final class Client {
    private final EntityRef<Command> ref;

    Client(EntityRef<Command> ref) {
      this.ref = ref;
    }

    public CompletionStage<Done> create(String owner, String keyHash, Settings settings) {
      return HubEntities.ask(ref, r -> new Create(owner, keyHash, settings, r));
    }

    /** Completes with the key hash that was replaced. */
    public CompletionStage<String> rotateKey(String keyHash) {
      return HubEntities.ask(ref, r -> new RotateKey(keyHash, r));
    }

    /** Empty when the stream does not exist or its key hash is another. */
    public CompletionStage<Optional<Done>> authorize(String keyHash) {
      return HubEntities.askOptional(ref, r -> new Authorize(keyHash, r));
    }

    public CompletionStage<Done> goLive(String member, String session) {
      return HubEntities.ask(ref, r -> new GoLive(member, session, r));
    }

    public CompletionStage<Done> end(String session) {
      return HubEntities.ask(ref, r -> new End(session, r));
    }

    /** Empty when the stream does not exist. */
    public CompletionStage<Optional<Summary>> find() {
      return HubEntities.askOptional(ref, Get::new);
    }
  }

  // -- events

  public sealed interface Event extends CborSerializable {}

  public record Created(String owner, String keyHash, Settings settings, Instant at)
      implements Event {}

  public record KeyRotated(String keyHash, Instant at) implements Event {}

  public record WentLive(String member, String session, Instant at) implements Event {}

  public record Ended(String session, Instant at) implements Event {}

  // -- state

  public sealed interface State extends CborSerializable {}

  public record Empty() implements State {}

  /** A created stream; {@code live} is empty while nobody publishes. */
  public record Active(
      String owner,
      String keyHash,
      Settings settings,
      Instant createdAt,
      Instant keyRotatedAt,
      Optional<Ingest> live)
      implements State {

    Summary summary(String name) {
      return new Summary(name, owner, settings, createdAt, keyRotatedAt, live);
    }

    Active withKey(String hash, Instant at) {
      return new Active(owner, hash, settings, createdAt, at, live);
    }

    Active withLive(Optional<Ingest> ingest) {
      return new Active(owner, keyHash, settings, createdAt, keyRotatedAt, ingest);
    }
  }

  // -- behaviour

  private final String name;
  private final Clock clock;

  private StreamEntity(String name, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), name));
    this.name = name;
    this.clock = clock;
  }

  public static Behavior<Command> create(String name, Clock clock) {
    return new StreamEntity(name, clock);
  }

  @Override
  public State emptyState() {
    return new Empty();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Go-live and end events accumulate over a stream's life; a snapshot every 100 keeps
    // recovery short.
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var b = newCommandHandlerWithReplyBuilder();
    b.forStateType(Empty.class)
        .onCommand(Create.class, this::create)
        .onCommand(RotateKey.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(Authorize.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(GoLive.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(End.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), unknown()));
    b.forStateType(Active.class)
        .onCommand(Create.class, this::createAgain)
        .onCommand(RotateKey.class, this::rotate)
        .onCommand(Authorize.class, this::authorize)
        .onCommand(GoLive.class, this::goLive)
        .onCommand(End.class, this::end)
        .onCommand(
            Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(s.summary(name))));
    return b.build();
  }

  private <T> StatusReply<T> unknown() {
    return StatusReply.error("no stream named " + name);
  }

  private ReplyEffect<Event, State> create(Empty s, Create c) {
    if (!Validation.isName(c.owner())) {
      return Effect().reply(c.replyTo(), StatusReply.error("owner is not a valid name"));
    }
    if (!Validation.isSha256Hex(c.keyHash())) {
      return Effect().reply(c.replyTo(), StatusReply.error("key hash is not a SHA-256 hash"));
    }
    long rate = c.settings().rewardRateMicrosPerGb();
    if (rate < 0 || rate > REWARD_RATE_MICROS_PER_GB_MAX) {
      return Effect().reply(c.replyTo(), StatusReply.error("reward rate out of range"));
    }
    return Effect()
        .persist(new Created(c.owner(), c.keyHash(), c.settings(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> createAgain(Active s, Create c) {
    return Effect().reply(c.replyTo(), StatusReply.error("stream " + name + " already exists"));
  }

  private ReplyEffect<Event, State> rotate(Active s, RotateKey c) {
    if (!Validation.isSha256Hex(c.keyHash())) {
      return Effect().reply(c.replyTo(), StatusReply.error("key hash is not a SHA-256 hash"));
    }
    if (Secrets.sameHash(s.keyHash(), c.keyHash())) {
      return Effect().reply(c.replyTo(), StatusReply.error("the new key equals the current key"));
    }
    String old = s.keyHash();
    return Effect()
        .persist(new KeyRotated(c.keyHash(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.success(old));
  }

  private ReplyEffect<Event, State> authorize(Active s, Authorize c) {
    return Effect()
        .reply(
            c.replyTo(),
            Secrets.sameHash(s.keyHash(), c.keyHash())
                ? StatusReply.ack()
                : StatusReply.error("wrong stream key"));
  }

  private ReplyEffect<Event, State> goLive(Active s, GoLive c) {
    if (c.member().isBlank() || c.session().isBlank()) {
      return Effect().reply(c.replyTo(), StatusReply.error("member and session must be set"));
    }
    if (s.live()
        .filter(l -> l.session().equals(c.session()) && l.member().equals(c.member()))
        .isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.ack()); // a retry: already recorded
    }
    // A new session replaces the old one: the ingest side has already decided the takeover.
    return Effect()
        .persist(new WentLive(c.member(), c.session(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> end(Active s, End c) {
    if (s.live().filter(l -> l.session().equals(c.session())).isEmpty()) {
      // Not live, or a later session took over: ending the old one changes nothing.
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new Ended(c.session(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var b = newEventHandlerBuilder();
    b.forStateType(Empty.class)
        .onEvent(
            Created.class,
            (s, e) ->
                new Active(e.owner(), e.keyHash(), e.settings(), e.at(), e.at(), Optional.empty()));
    b.forStateType(Active.class)
        .onEvent(KeyRotated.class, (s, e) -> s.withKey(e.keyHash(), e.at()))
        .onEvent(
            WentLive.class,
            (s, e) -> s.withLive(Optional.of(new Ingest(e.member(), e.session(), e.at()))))
        .onEvent(Ended.class, (s, e) -> s.withLive(Optional.empty()));
    return b.build();
  }
}
