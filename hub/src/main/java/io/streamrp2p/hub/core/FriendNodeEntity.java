package io.streamrp2p.hub.core;

import io.streamrp2p.persistence.CborSerializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * A friend's relay node, keyed by node id: registered from a creator's invite with its public key
 * and URL; its session with the hub, the streams it relays, and whether it is suspended.
 */
public final class FriendNodeEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        FriendNodeEntity.Command, FriendNodeEntity.Event, FriendNodeEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "FriendNode");

  /** Streams one node relays at once: a home uplink saturates long before this. */
  static final int ASSIGNMENTS_MAX = 64;

  /** Longest suspension reason kept, in characters. */
  static final int REASON_CHARS_MAX = 500;

  // -- commands

  public sealed interface Command extends CborSerializable {}

  /** A command answered with an acknowledgement or a rejection. */
  public sealed interface Acked extends Command {
    ActorRef<StatusReply<Done>> replyTo();
  }

  public record Register(
      String owner,
      String inviteHash,
      String publicKey,
      String publicUrl,
      ActorRef<StatusReply<Done>> replyTo)
      implements Acked {}

  public record OpenSession(String session, ActorRef<StatusReply<Done>> replyTo) implements Acked {}

  public record CloseSession(String session, ActorRef<StatusReply<Done>> replyTo)
      implements Acked {}

  public record Assign(String stream, ActorRef<StatusReply<Done>> replyTo) implements Acked {}

  public record Unassign(String stream, ActorRef<StatusReply<Done>> replyTo) implements Acked {}

  public record Suspend(String reason, ActorRef<StatusReply<Done>> replyTo) implements Acked {}

  public record Reinstate(ActorRef<StatusReply<Done>> replyTo) implements Acked {}

  public record Get(ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  // -- replies

  public record Summary(
      String id,
      Profile profile,
      boolean suspended,
      Optional<String> session,
      List<String> assignments)
      implements CborSerializable {}

  /** What registration fixed: owner, the invite used (its hash), key and URL. */
  public record Profile(
      String owner, String inviteHash, String publicKey, String publicUrl, Instant registeredAt)
      implements CborSerializable {}

  // -- client

  /**
   * Asks one FriendNode entity, one method per command. {@link HubEntities} holds the ask timeout
   * and the unwrapping of the status reply.
   */
  public static final class Client {
    private final EntityRef<Command> ref;

    Client(EntityRef<Command> ref) {
      this.ref = ref;
    }

    public CompletionStage<Done> register(
        String owner, String inviteHash, String publicKey, String publicUrl) {
      return HubEntities.ask(ref, r -> new Register(owner, inviteHash, publicKey, publicUrl, r));
    }

    public CompletionStage<Done> openSession(String session) {
      return HubEntities.ask(ref, r -> new OpenSession(session, r));
    }

    public CompletionStage<Done> closeSession(String session) {
      return HubEntities.ask(ref, r -> new CloseSession(session, r));
    }

    public CompletionStage<Done> assign(String stream) {
      return HubEntities.ask(ref, r -> new Assign(stream, r));
    }

    public CompletionStage<Done> unassign(String stream) {
      return HubEntities.ask(ref, r -> new Unassign(stream, r));
    }

    /** Fails with the reason when the node is unknown, suspended already or the reason is bad. */
    public CompletionStage<Done> suspend(String reason) {
      return HubEntities.ask(ref, r -> new Suspend(reason, r));
    }

    /** Fails when the node is not suspended. */
    public CompletionStage<Done> reinstate() {
      return HubEntities.ask(ref, Reinstate::new);
    }

    /** Empty when the node is not registered. */
    public CompletionStage<Optional<Summary>> find() {
      return HubEntities.askOptional(ref, Get::new);
    }
  }

  // -- events

  public sealed interface Event extends CborSerializable {}

  public record Registered(
      String owner, String inviteHash, String publicKey, String publicUrl, Instant at)
      implements Event {}

  public record SessionOpened(String session, Instant at) implements Event {}

  public record SessionClosed(String session, Instant at) implements Event {}

  public record Assigned(String stream, Instant at) implements Event {}

  public record Unassigned(String stream, Instant at) implements Event {}

  public record Suspended(String reason, Instant at) implements Event {}

  public record Reinstated(Instant at) implements Event {}

  // -- state

  public sealed interface State extends CborSerializable {}

  public record Unregistered() implements State {}

  public record Active(Profile profile, Optional<String> session, List<String> assignments)
      implements State {

    Active withSession(Optional<String> s) {
      return new Active(profile, s, assignments);
    }

    Active withAssignments(List<String> a) {
      return new Active(profile, session, List.copyOf(a));
    }
  }

  /** Suspended nodes get no session and no assignments until reinstated. */
  public record SuspendedNode(Profile profile, String reason, Instant since) implements State {}

  // -- behaviour

  private final String id;
  private final Clock clock;

  private FriendNodeEntity(String id, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), id));
    this.id = id;
    this.clock = clock;
  }

  public static Behavior<Command> create(String id, Clock clock) {
    return new FriendNodeEntity(id, clock);
  }

  @Override
  public State emptyState() {
    return new Unregistered();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of("friend-node");
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Sessions and assignments come and go for the node's whole life.
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var b = newCommandHandlerWithReplyBuilder();
    b.forStateType(Unregistered.class)
        .onCommand(Register.class, this::register)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(Acked.class, (s, c) -> Effect().reply(c.replyTo(), unknown()));
    b.forStateType(Active.class)
        .onCommand(Register.class, (s, c) -> Effect().reply(c.replyTo(), registered()))
        .onCommand(OpenSession.class, this::open)
        .onCommand(CloseSession.class, this::close)
        .onCommand(Assign.class, this::assign)
        .onCommand(Unassign.class, this::unassign)
        .onCommand(Suspend.class, this::suspend)
        .onCommand(
            Reinstate.class,
            (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("node is not suspended")))
        .onCommand(
            Get.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        StatusReply.success(
                            new Summary(id, s.profile(), false, s.session(), s.assignments()))));
    b.forStateType(SuspendedNode.class)
        .onCommand(Register.class, (s, c) -> Effect().reply(c.replyTo(), registered()))
        .onCommand(
            Reinstate.class,
            (s, c) ->
                Effect()
                    .persist(new Reinstated(clock.instant()))
                    .thenReply(c.replyTo(), st -> StatusReply.ack()))
        .onCommand(
            Get.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        StatusReply.success(
                            new Summary(id, s.profile(), true, Optional.empty(), List.of()))))
        .onCommand(
            Acked.class,
            (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("node is suspended")));
    return b.build();
  }

  private <T> StatusReply<T> unknown() {
    return StatusReply.error("no node " + id);
  }

  private static StatusReply<Done> registered() {
    return StatusReply.error("node already registered");
  }

  private ReplyEffect<Event, State> register(Unregistered s, Register c) {
    if (!Validation.isName(c.owner()) || !Validation.isSha256Hex(c.inviteHash())) {
      return Effect().reply(c.replyTo(), StatusReply.error("owner or invite is malformed"));
    }
    if (c.publicKey().isBlank() || c.publicUrl().isBlank()) {
      return Effect().reply(c.replyTo(), StatusReply.error("public key and URL must be set"));
    }
    return Effect()
        .persist(
            new Registered(
                c.owner(), c.inviteHash(), c.publicKey(), c.publicUrl(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> open(Active s, OpenSession c) {
    if (c.session().isBlank()) {
      return Effect().reply(c.replyTo(), StatusReply.error("session must be set"));
    }
    if (s.session().filter(c.session()::equals).isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.ack()); // a retry
    }
    List<Event> events = new ArrayList<>();
    Instant now = clock.instant();
    // A node reconnecting before the hub noticed the old connection drop: close it first.
    s.session().ifPresent(old -> events.add(new SessionClosed(old, now)));
    events.add(new SessionOpened(c.session(), now));
    return Effect().persist(events).thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> close(Active s, CloseSession c) {
    if (s.session().filter(c.session()::equals).isEmpty()) {
      return Effect().reply(c.replyTo(), StatusReply.ack()); // already closed or replaced
    }
    return Effect()
        .persist(new SessionClosed(c.session(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> assign(Active s, Assign c) {
    if (!Validation.isName(c.stream())) {
      return Effect().reply(c.replyTo(), StatusReply.error("stream is not a valid name"));
    }
    if (s.assignments().contains(c.stream())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    if (s.assignments().size() >= ASSIGNMENTS_MAX) {
      return Effect()
          .reply(
              c.replyTo(), StatusReply.error("at most " + ASSIGNMENTS_MAX + " streams per node"));
    }
    return Effect()
        .persist(new Assigned(c.stream(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> unassign(Active s, Unassign c) {
    if (!s.assignments().contains(c.stream())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new Unassigned(c.stream(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> suspend(Active s, Suspend c) {
    if (c.reason().isBlank() || c.reason().length() > REASON_CHARS_MAX) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error("reason must be 1.." + REASON_CHARS_MAX + " characters"));
    }
    return Effect()
        .persist(new Suspended(c.reason(), clock.instant()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var b = newEventHandlerBuilder();
    b.forStateType(Unregistered.class)
        .onEvent(
            Registered.class,
            (s, e) ->
                new Active(
                    new Profile(e.owner(), e.inviteHash(), e.publicKey(), e.publicUrl(), e.at()),
                    Optional.empty(),
                    List.of()));
    b.forStateType(Active.class)
        .onEvent(SessionOpened.class, (s, e) -> s.withSession(Optional.of(e.session())))
        .onEvent(SessionClosed.class, (s, e) -> s.withSession(Optional.empty()))
        .onEvent(Assigned.class, (s, e) -> s.withAssignments(added(s.assignments(), e.stream())))
        .onEvent(
            Unassigned.class,
            (s, e) ->
                s.withAssignments(
                    s.assignments().stream().filter(a -> !a.equals(e.stream())).toList()))
        .onEvent(Suspended.class, (s, e) -> new SuspendedNode(s.profile(), e.reason(), e.at()));
    b.forStateType(SuspendedNode.class)
        .onEvent(Reinstated.class, (s, e) -> new Active(s.profile(), Optional.empty(), List.of()));
    return b.build();
  }

  private static List<String> added(List<String> list, String item) {
    List<String> l = new ArrayList<>(list);
    l.add(item);
    return l;
  }
}
