package io.streamrp2p.hub.core;

import io.streamrp2p.persistence.CborSerializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * A creator account, keyed by its name: the hashes of its API tokens, and the streams and friend
 * nodes it owns (so listing them needs no scan).
 */
public final class CreatorEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        CreatorEntity.Command, CreatorEntity.Event, CreatorEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Creator");

  /** Live API tokens per creator: one per tool or machine is plenty. */
  static final int TOKENS_MAX = 16;

  /** Streams per creator: far above what one person streams, small enough to list at once. */
  static final int STREAMS_MAX = 256;

  /** Friend nodes per creator: a large community; the list stays a few hundred KiB. */
  static final int NODES_MAX = 4096;

  // -- commands

  public sealed interface Command extends CborSerializable {}

  public record Register(String tokenId, String tokenHash, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record IssueToken(String tokenId, String tokenHash, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record RevokeToken(String tokenId, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Succeeds when {@code tokenHash} is one of the creator's live tokens. */
  public record Authenticate(String tokenHash, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record AddStream(String stream, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record AddNode(String nodeId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  // -- replies

  public record Profile(String name, Instant registeredAt, List<String> streams, List<String> nodes)
      implements CborSerializable {}

  // -- client

  /**
   * Asks one Creator entity, one method per command. {@link HubEntities} holds the ask timeout and
   * the unwrapping of the status reply.
   */
  public static final class Client {
    private final EntityRef<Command> ref;

    Client(EntityRef<Command> ref) {
      this.ref = ref;
    }

    public CompletionStage<Done> register(String tokenId, String tokenHash) {
      return HubEntities.ask(ref, r -> new Register(tokenId, tokenHash, r));
    }

    /** Like {@link #register}, with a refusal (the name is taken) as an empty answer. */
    public CompletionStage<Optional<Done>> tryRegister(String tokenId, String tokenHash) {
      return HubEntities.askOptional(ref, r -> new Register(tokenId, tokenHash, r));
    }

    /** Empty when the creator does not exist or the token is not one of its live ones. */
    public CompletionStage<Optional<Done>> authenticate(String tokenHash) {
      return HubEntities.askOptional(ref, r -> new Authenticate(tokenHash, r));
    }

    public CompletionStage<Done> addStream(String stream) {
      return HubEntities.ask(ref, r -> new AddStream(stream, r));
    }

    public CompletionStage<Done> addNode(String nodeId) {
      return HubEntities.ask(ref, r -> new AddNode(nodeId, r));
    }

    /** Fails when the creator does not exist. */
    public CompletionStage<Profile> get() {
      return HubEntities.ask(ref, Get::new);
    }

    /** Empty when the creator does not exist. */
    public CompletionStage<Optional<Profile>> find() {
      return HubEntities.askOptional(ref, Get::new);
    }
  }

  // -- events

  public sealed interface Event extends CborSerializable {}

  public record Registered(String tokenId, String tokenHash, Instant at) implements Event {}

  public record TokenIssued(String tokenId, String tokenHash, Instant at) implements Event {}

  public record TokenRevoked(String tokenId, Instant at) implements Event {}

  public record StreamAdded(String stream) implements Event {}

  public record NodeAdded(String nodeId) implements Event {}

  // -- state

  public sealed interface State extends CborSerializable {}

  public record Unregistered() implements State {}

  /** Token id to token hash, in issue order; stream names and node ids in the order added. */
  public record Account(
      Instant registeredAt, Map<String, String> tokens, List<String> streams, List<String> nodes)
      implements State {

    Account withToken(String id, String hash) {
      Map<String, String> t = new LinkedHashMap<>(tokens);
      t.put(id, hash);
      return new Account(registeredAt, t, streams, nodes);
    }

    Account withoutToken(String id) {
      Map<String, String> t = new LinkedHashMap<>(tokens);
      t.remove(id);
      return new Account(registeredAt, t, streams, nodes);
    }

    Account withStream(String s) {
      return new Account(registeredAt, tokens, appended(streams, s), nodes);
    }

    Account withNode(String n) {
      return new Account(registeredAt, tokens, streams, appended(nodes, n));
    }

    private static List<String> appended(List<String> list, String item) {
      List<String> l = new ArrayList<>(list);
      l.add(item);
      return l;
    }
  }

  // -- behaviour

  private final String name;
  private final Clock clock;

  private CreatorEntity(String name, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), name));
    this.name = name;
    this.clock = clock;
  }

  public static Behavior<Command> create(String name, Clock clock) {
    return new CreatorEntity(name, clock);
  }

  @Override
  public State emptyState() {
    return new Unregistered();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of("creator");
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var b = newCommandHandlerWithReplyBuilder();
    b.forStateType(Unregistered.class)
        .onCommand(Register.class, this::register)
        .onCommand(IssueToken.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(RevokeToken.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(Authenticate.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(AddStream.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(AddNode.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), unknown()));
    b.forStateType(Account.class)
        .onCommand(
            Register.class,
            (s, c) ->
                Effect()
                    .reply(c.replyTo(), StatusReply.error("creator " + name + " already exists")))
        .onCommand(IssueToken.class, this::issue)
        .onCommand(RevokeToken.class, this::revoke)
        .onCommand(Authenticate.class, this::authenticate)
        .onCommand(AddStream.class, this::addStream)
        .onCommand(AddNode.class, this::addNode)
        .onCommand(
            Get.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        StatusReply.success(
                            new Profile(name, s.registeredAt(), s.streams(), s.nodes()))));
    return b.build();
  }

  private <T> StatusReply<T> unknown() {
    return StatusReply.error("no creator named " + name);
  }

  private ReplyEffect<Event, State> register(Unregistered s, Register c) {
    if (!Validation.isSha256Hex(c.tokenHash()) || c.tokenId().isBlank()) {
      return Effect().reply(c.replyTo(), StatusReply.error("token hash is not a SHA-256 hash"));
    }
    return Effect()
        .persist(new Registered(c.tokenId(), c.tokenHash(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> issue(Account s, IssueToken c) {
    if (!Validation.isSha256Hex(c.tokenHash()) || c.tokenId().isBlank()) {
      return Effect().reply(c.replyTo(), StatusReply.error("token hash is not a SHA-256 hash"));
    }
    if (s.tokens().containsKey(c.tokenId())) {
      return Effect().reply(c.replyTo(), StatusReply.error("token id already in use"));
    }
    if (s.tokens().size() >= TOKENS_MAX) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error("at most " + TOKENS_MAX + " tokens; revoke one first"));
    }
    return Effect()
        .persist(new TokenIssued(c.tokenId(), c.tokenHash(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> revoke(Account s, RevokeToken c) {
    if (!s.tokens().containsKey(c.tokenId())) {
      return Effect().reply(c.replyTo(), StatusReply.error("no token " + c.tokenId()));
    }
    return Effect()
        .persist(new TokenRevoked(c.tokenId(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> authenticate(Account s, Authenticate c) {
    boolean match = false;
    for (String hash : s.tokens().values()) {
      match |= Secrets.sameHash(hash, c.tokenHash()); // no early exit: time does not tell which
    }
    return Effect()
        .reply(c.replyTo(), match ? StatusReply.ack() : StatusReply.error("invalid token"));
  }

  private ReplyEffect<Event, State> addStream(Account s, AddStream c) {
    if (s.streams().contains(c.stream())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    if (s.streams().size() >= STREAMS_MAX) {
      return Effect()
          .reply(c.replyTo(), StatusReply.error("at most " + STREAMS_MAX + " streams per creator"));
    }
    return Effect()
        .persist(new StreamAdded(c.stream()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> addNode(Account s, AddNode c) {
    if (s.nodes().contains(c.nodeId())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    if (s.nodes().size() >= NODES_MAX) {
      return Effect()
          .reply(c.replyTo(), StatusReply.error("at most " + NODES_MAX + " nodes per creator"));
    }
    return Effect()
        .persist(new NodeAdded(c.nodeId()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var b = newEventHandlerBuilder();
    b.forStateType(Unregistered.class)
        .onEvent(
            Registered.class,
            (s, e) ->
                new Account(e.at(), Map.of(e.tokenId(), e.tokenHash()), List.of(), List.of()));
    b.forStateType(Account.class)
        .onEvent(TokenIssued.class, (s, e) -> s.withToken(e.tokenId(), e.tokenHash()))
        .onEvent(TokenRevoked.class, (s, e) -> s.withoutToken(e.tokenId()))
        .onEvent(StreamAdded.class, (s, e) -> s.withStream(e.stream()))
        .onEvent(NodeAdded.class, (s, e) -> s.withNode(e.nodeId()));
    return b.build();
  }
}
