package io.streamrp2p.ledger.payout;

import io.streamrp2p.ledger.Rejection;
import io.streamrp2p.ledger.chain.Chain;
import io.streamrp2p.ledger.chain.Head;
import io.streamrp2p.ledger.chain.LedgerEvent;
import io.streamrp2p.ledger.chain.Link;
import io.streamrp2p.ledger.entity.IdlePassivation;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.ledger.transfer.TransferSpec;
import io.streamrp2p.ledger.transfer.Transfers;
import io.streamrp2p.persistence.CborSerializable;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.ShardCommand;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One payout of a friend's balance: a pending transfer from the friend's account to the payouts
 * system account reserves the money, the gateway sends it, and the transfer is posted on the
 * gateway's confirmation or voided (refunding the friend) on its failure. The pending transfer's id
 * is {@code "payout/" + payoutId}, and the gateway is idempotent by payout id, so every step can be
 * redone after a restart.
 */
public final class PayoutEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        PayoutEntity.Command, PayoutEntity.Event, PayoutEntity.State> {
  /**
   * Named "Payout", as before the class was renamed: the name prefixes the persistence ids stored
   * in the journal ("Payout|<id>"), so it never changes.
   */
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Payout");

  /** How long a settled payout stays in memory after its last message. */
  static final Duration IDLE_AFTER = Duration.ofMinutes(2);

  public sealed interface Command extends CborSerializable {}

  public record Request(
      String accountId,
      String payoutsAccountId,
      String destination,
      long amountMinor,
      int ledger,
      ActorRef<StatusReply<View>> replyTo)
      implements Command {}

  public record Get(ActorRef<StatusReply<View>> replyTo) implements Command {}

  record Advance() implements Command {}

  record StepDone(Event next, String error) implements Command {}

  enum Idle implements Command {
    INSTANCE
  }

  public enum Phase {
    NEW,
    REQUESTED,
    SUBMITTED,
    CONFIRMED,
    FAILED
  }

  public record View(String payoutId, Phase phase, long amountMinor, String reference)
      implements CborSerializable {}

  public sealed interface Event extends LedgerEvent {}

  public record Requested(
      String accountId,
      String payoutsAccountId,
      String destination,
      long amountMinor,
      int ledger,
      Link link)
      implements Event {}

  public record Submitted(String reference, Link link) implements Event {}

  public record Confirmed(String reference, Link link) implements Event {}

  public record Failed(String reason, Link link) implements Event {}

  public record State(Requested request, Phase phase, String reference, Head head)
      implements CborSerializable {}

  private final String payoutId;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Transfers ledger;
  private final PayoutGateway gateway;
  private final Duration pollInterval;
  private final IdlePassivation<Command> passivation;
  private boolean busy;

  private PayoutEntity(
      String payoutId,
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      Transfers ledger,
      PayoutGateway gateway,
      Duration pollInterval,
      ActorRef<ShardCommand> shard) {
    super(PersistenceId.of(ENTITY_KEY.name(), payoutId));
    this.passivation = IdlePassivation.start(ctx, shard, IDLE_AFTER, Idle.INSTANCE);
    this.payoutId = payoutId;
    this.ctx = ctx;
    this.timers = timers;
    this.ledger = ledger;
    this.gateway = gateway;
    this.pollInterval = pollInterval;
  }

  /**
   * @param pollInterval how often the gateway is asked about a submitted payout
   * @param shard the entity's shard, asked to stop it once the payout is settled and idle; null
   *     outside sharding. The entity type must run with no automatic passivation.
   */
  public static Behavior<Command> create(
      String payoutId,
      Transfers ledger,
      PayoutGateway gateway,
      Duration pollInterval,
      ActorRef<ShardCommand> shard) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                t -> new PayoutEntity(payoutId, ctx, t, ledger, gateway, pollInterval, shard)));
  }

  public static String transferId(String payoutId) {
    return "payout/" + payoutId;
  }

  @Override
  public State emptyState() {
    return new State(null, Phase.NEW, "", Head.GENESIS);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Request.class, this::onRequest)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), view(s)))
        .onCommand(Advance.class, this::onAdvance)
        .onCommand(StepDone.class, this::onStepDone)
        .onCommand(
            Idle.class,
            (s, c) -> {
              passivation.onIdle(s.phase() == Phase.REQUESTED || s.phase() == Phase.SUBMITTED);
              return Effect().none().thenNoReply();
            })
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> ctx.getSelf().tell(new Advance()))
        .build();
  }

  private StatusReply<View> view(State s) {
    if (s.phase() == Phase.NEW) {
      return StatusReply.error(Rejection.NOT_FOUND.message(payoutId));
    }
    return StatusReply.success(
        new View(payoutId, s.phase(), s.request().amountMinor(), s.reference()));
  }

  private ReplyEffect<Event, State> onRequest(State s, Request c) {
    if (s.phase() != Phase.NEW) {
      Requested r = s.request();
      boolean same =
          r.accountId().equals(c.accountId())
              && r.amountMinor() == c.amountMinor()
              && r.destination().equals(c.destination())
              && r.ledger() == c.ledger();
      return same
          ? Effect().reply(c.replyTo(), view(s))
          : Effect()
              .reply(
                  c.replyTo(),
                  StatusReply.error(
                      Rejection.EXISTS_WITH_DIFFERENT_FIELD.message("payout " + payoutId)));
    }
    if (c.amountMinor() <= 0 || c.destination().isBlank()) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error(Rejection.INVALID.message("amount and destination required")));
    }
    Requested e =
        new Requested(
            c.accountId(),
            c.payoutsAccountId(),
            c.destination(),
            c.amountMinor(),
            c.ledger(),
            Link.UNSEALED);
    return Effect()
        .persist(Chain.seal(persistenceId().id(), s.head(), e))
        .thenRun(st -> ctx.getSelf().tell(new Advance()))
        .thenReply(c.replyTo(), this::view);
  }

  /** Starts the next step of the current phase, unless one is running or the payout is done. */
  private ReplyEffect<Event, State> onAdvance(State s, Advance c) {
    if (busy
        || s.phase() == Phase.NEW
        || s.phase() == Phase.CONFIRMED
        || s.phase() == Phase.FAILED) {
      return Effect().none().thenNoReply();
    }
    busy = true;
    ctx.pipeToSelf(
        s.phase() == Phase.REQUESTED ? reserveAndSubmit(s.request()) : poll(s),
        (next, err) -> new StepDone(next, err == null ? null : String.valueOf(err.getMessage())));
    return Effect().none().thenNoReply();
  }

  private java.util.concurrent.CompletionStage<Event> reserveAndSubmit(Requested r) {
    TransferSpec hold =
        TransferSpec.pending(
            transferId(payoutId),
            r.accountId(),
            r.payoutsAccountId(),
            r.amountMinor(),
            r.ledger(),
            TransferSpec.CODE_PAYOUT,
            0);
    return ledger
        .transfer(hold)
        .handle(
            (res, err) -> {
              Throwable cause = err == null ? null : err.getCause() != null ? err.getCause() : err;
              if (cause != null
                  && !Rejection.TRANSIENT.is(cause)
                  && Rejection.of(cause).isPresent()) {
                return java.util.concurrent.CompletableFuture.<Event>completedStage(
                    new Failed("not reserved: " + cause.getMessage(), Link.UNSEALED));
              }
              if (cause != null) {
                return java.util.concurrent.CompletableFuture.<Event>failedStage(cause);
              }
              if (res.status() != TransferEntity.Status.PENDING) {
                return java.util.concurrent.CompletableFuture.<Event>completedStage(
                    new Failed("reservation is " + res.status(), Link.UNSEALED));
              }
              PayoutOrder order =
                  new PayoutOrder(payoutId, r.destination(), r.amountMinor(), r.ledger());
              return gateway
                  .submit(order)
                  .thenApply(st -> (Event) new Submitted(reference(st), Link.UNSEALED));
            })
        .thenCompose(x -> x);
  }

  private java.util.concurrent.CompletionStage<Event> poll(State s) {
    String tid = transferId(payoutId);
    return gateway
        .status(payoutId)
        .thenCompose(
            st -> {
              if (st instanceof PayoutStatus.Confirmed ok) {
                return ledger
                    .post(tid, 0)
                    .thenApply(r -> (Event) new Confirmed(ok.reference(), Link.UNSEALED));
              }
              if (st instanceof PayoutStatus.Failed f) {
                return ledger
                    .voidPending(tid)
                    .thenApply(r -> (Event) new Failed(f.reason(), Link.UNSEALED));
              }
              return java.util.concurrent.CompletableFuture.completedStage((Event) null);
            });
  }

  private static String reference(PayoutStatus st) {
    if (st instanceof PayoutStatus.Submitted s) {
      return s.reference();
    }
    if (st instanceof PayoutStatus.Confirmed c) {
      return c.reference();
    }
    return st.toString();
  }

  private ReplyEffect<Event, State> onStepDone(State s, StepDone c) {
    busy = false;
    if (c.next() == null) {
      // Nothing new yet, or a step failed; both are retried on the next poll.
      if (c.error() != null) {
        ctx.getLog().warn("payout {} step failed, retrying: {}", payoutId, c.error());
      }
      timers.startSingleTimer(new Advance(), pollInterval);
      return Effect().none().thenNoReply();
    }
    return Effect()
        .persist(Chain.seal(persistenceId().id(), s.head(), c.next()))
        .thenRun(st -> ctx.getSelf().tell(new Advance()))
        .thenNoReply();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Requested.class, (s, e) -> new State(e, Phase.REQUESTED, "", s.head().advance(e)))
        .onEvent(Submitted.class, (s, e) -> to(s, Phase.SUBMITTED, e.reference(), e))
        .onEvent(Confirmed.class, (s, e) -> to(s, Phase.CONFIRMED, e.reference(), e))
        .onEvent(Failed.class, (s, e) -> to(s, Phase.FAILED, s.reference(), e))
        .build();
  }

  private static State to(State s, Phase phase, String reference, Event e) {
    Chain.require(
        s.phase() == Phase.REQUESTED || s.phase() == Phase.SUBMITTED,
        () -> "payout event " + e.canonicalType() + " in phase " + s.phase());
    return new State(s.request(), phase, reference, s.head().advance(e));
  }
}
