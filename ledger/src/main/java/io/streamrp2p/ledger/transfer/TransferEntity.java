package io.streamrp2p.ledger.transfer;

import io.streamrp2p.ledger.Rejection;
import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.account.AccountEntity.LegDone;
import io.streamrp2p.ledger.account.AccountEntity.LegStatus;
import io.streamrp2p.ledger.account.Side;
import io.streamrp2p.ledger.chain.Chain;
import io.streamrp2p.ledger.chain.Head;
import io.streamrp2p.ledger.chain.LedgerEvent;
import io.streamrp2p.ledger.chain.Link;
import io.streamrp2p.ledger.entity.IdlePassivation;
import io.streamrp2p.persistence.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One transfer, driving its two accounts. It records the intent first ({@link Initiated}), then
 * steps the accounts (single-phase: reserve the debit, apply the credit, post the debit; two-phase:
 * reserve both, later post both or release both) and records the outcome. Steps are not recorded
 * here: every step is idempotent by transfer id at the account, so after a crash the transfer
 * redoes them all from its last recorded phase and the accounts answer with what they already did.
 * A pending transfer records its resolution ({@link ResolutionRequested}) before touching an
 * account, so it resolves at most once, whatever restarts in between.
 */
public final class TransferEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        TransferEntity.Command, TransferEntity.Event, TransferEntity.State> {
  /**
   * Named "Transfer", as before the class was renamed: the name prefixes the persistence ids stored
   * in the journal ("Transfer|<id>"), so it never changes.
   */
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Transfer");

  /**
   * How the transfer talks to accounts.
   *
   * @param stepTimeout one account step; a persist on PostgreSQL takes milliseconds, so 5 s only
   *     fires when something is down
   * @param stepAttemptsMax sends of one step before the entity stops and tells its callers to retry
   *     (the next request restarts it from the journal)
   * @param retryBackoff pause before a step is sent again
   * @param idleAfter how long a transfer with nothing left to do stays in memory; one in progress,
   *     or pending with a timeout, stays until it is done (see {@link IdlePassivation})
   */
  public record Settings(
      Duration stepTimeout, int stepAttemptsMax, Duration retryBackoff, Duration idleAfter) {
    public static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(5), 5, Duration.ofMillis(200), Duration.ofMinutes(2));

    public Settings {
      if (stepAttemptsMax < 1) {
        throw new IllegalArgumentException("stepAttemptsMax must be >= 1: " + stepAttemptsMax);
      }
    }
  }

  // ---- commands ----

  public sealed interface Command extends CborSerializable {}

  public record Create(TransferSpec spec, ActorRef<StatusReply<Result>> replyTo)
      implements Command {}

  /** Posts a pending transfer; {@code amountMinor} 0 posts the full pending amount. */
  public record Post(long amountMinor, ActorRef<StatusReply<Result>> replyTo) implements Command {}

  /** Voids a pending transfer, releasing the reservation. */
  public record VoidPending(ActorRef<StatusReply<Result>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Result>> replyTo) implements Command {}

  record StepReplied(long attempt, LegDone done, String error) implements Command {}

  record Resend(long attempt) implements Command {}

  enum Expire implements Command {
    INSTANCE
  }

  enum Idle implements Command {
    INSTANCE
  }

  // ---- replies ----

  public enum Status {
    IN_PROGRESS,
    PENDING,
    POSTED,
    VOIDED,
    REJECTED
  }

  /**
   * @param created false when the id already existed with the same content ("exists")
   * @param amountMinor posted amount when POSTED, reserved amount when PENDING
   */
  public record Result(String transferId, Status status, long amountMinor, boolean created)
      implements CborSerializable {}

  // ---- events ----

  public sealed interface Event extends LedgerEvent {}

  /**
   * The transfer was accepted; {@code expiresAtMillis} 0 = no timeout. The hash covers the spec's
   * components in their declared order, then {@code expiresAtMillis}.
   */
  public record Initiated(TransferSpec spec, long expiresAtMillis, Link link) implements Event {}

  /** Both legs of a two-phase transfer are reserved. */
  public record Held(long amountMinor, Link link) implements Event {}

  /** The one resolution of a pending transfer: post {@code amountMinor}, or void. */
  public record ResolutionRequested(boolean post, long amountMinor, String reason, Link link)
      implements Event {}

  public record Posted(long amountMinor, Link link) implements Event {}

  public record Voided(String reason, Link link) implements Event {}

  /** An account refused a leg; any leg already held was released. */
  public record Rejected(String code, String detail, Link link) implements Event {}

  // ---- state ----

  public enum Phase {
    EMPTY,
    CREATING,
    PENDING,
    POSTING,
    VOIDING,
    POSTED,
    VOIDED,
    REJECTED
  }

  public record State(Initiated init, Phase phase, long amountMinor, String note, Head head)
      implements CborSerializable {
    boolean inProgress() {
      return phase == Phase.CREATING || phase == Phase.POSTING || phase == Phase.VOIDING;
    }

    Status status() {
      return switch (phase) {
        case EMPTY, CREATING, POSTING, VOIDING -> Status.IN_PROGRESS;
        case PENDING -> Status.PENDING;
        case POSTED -> Status.POSTED;
        case VOIDED -> Status.VOIDED;
        case REJECTED -> Status.REJECTED;
      };
    }
  }

  /** One account step: which account and the command to send it. */
  private record Step(
      String accountId, Function<ActorRef<StatusReply<LegDone>>, AccountEntity.Command> command) {}

  private record Waiter(ActorRef<StatusReply<Result>> replyTo, boolean created) {}

  // ---- behavior ----

  private final String transferId;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final AccountLegs legs;
  private final Clock clock;
  private final Settings settings;
  private final IdlePassivation<Command> passivation;

  // Runtime only, rebuilt from the phase after a restart: not part of the recorded state.
  private final List<Waiter> waiting = new ArrayList<>();
  private List<Step> steps = List.of();
  private int stepIndex;
  private long attempt;
  private int failures;
  private boolean cleanRun;
  private Rejection abortCode;
  private String abortDetail;

  private TransferEntity(
      String transferId,
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      AccountLegs legs,
      Clock clock,
      Settings settings,
      ActorRef<ShardCommand> shard) {
    super(PersistenceId.of(ENTITY_KEY.name(), transferId));
    this.passivation = IdlePassivation.start(ctx, shard, settings.idleAfter(), Idle.INSTANCE);
    this.transferId = transferId;
    this.ctx = ctx;
    this.timers = timers;
    this.legs = legs;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * @param shard the entity's shard, asked to stop it when idle; null outside sharding. The entity
   *     type must run with no automatic passivation (see {@link IdlePassivation}).
   */
  public static Behavior<Command> create(
      String transferId,
      AccountLegs legs,
      Clock clock,
      Settings settings,
      ActorRef<ShardCommand> shard) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new TransferEntity(transferId, ctx, timers, legs, clock, settings, shard)));
  }

  @Override
  public State emptyState() {
    return new State(null, Phase.EMPTY, 0, "", Head.GENESIS);
  }

  /**
   * Recovery replays the journal only: this entity never saves snapshots, and without this the
   * snapshot store is queried at every start, one database round trip per new entity (every
   * transfer is a new entity).
   */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Post.class, this::onPost)
        .onCommand(VoidPending.class, this::onVoid)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), reply(s, false)))
        .onCommand(StepReplied.class, this::onStepReplied)
        .onCommand(Resend.class, this::onResend)
        .onCommand(Expire.class, this::onExpire)
        .onCommand(Idle.class, this::onIdle)
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .build();
  }

  private void onRecovered(State s) {
    if (s.inProgress()) {
      begin(s, false);
    } else if (s.phase() == Phase.PENDING) {
      armExpiry(s);
    }
  }

  private ReplyEffect<Event, State> onCreate(State s, Create c) {
    String problem = c.spec().problem();
    if (problem != null || !c.spec().transferId().equals(transferId)) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error(
                  Rejection.INVALID.message(
                      problem != null
                          ? problem
                          : "transferId must be the entity id " + transferId)));
    }
    if (s.phase() == Phase.EMPTY) {
      long expires =
          c.spec().timeoutSeconds() == 0
              ? 0
              : Math.addExact(clock.millis(), c.spec().timeoutSeconds() * 1000);
      return persist(s, new Initiated(c.spec(), expires, Link.UNSEALED))
          .thenRun(
              st -> {
                waiting.add(new Waiter(c.replyTo(), true));
                begin(st, true);
              })
          .thenNoReply();
    }
    String diff = s.init().spec().firstDifference(c.spec());
    if (diff != null) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error(
                  Rejection.EXISTS_WITH_DIFFERENT_FIELD.message(
                      diff + " (transfer " + transferId + " exists)")));
    }
    return answerOrWait(s, c.replyTo());
  }

  private ReplyEffect<Event, State> answerOrWait(State s, ActorRef<StatusReply<Result>> replyTo) {
    if (s.inProgress()) {
      waiting.add(new Waiter(replyTo, false));
      return Effect().none().thenNoReply();
    }
    return Effect().reply(replyTo, reply(s, false));
  }

  private ReplyEffect<Event, State> onPost(State s, Post c) {
    StatusReply<Result> refused = refuseResolution(s, true, c.amountMinor());
    if (refused != null) {
      return Effect().reply(c.replyTo(), refused);
    }
    if (s.phase() != Phase.PENDING) {
      return answerOrWait(s, c.replyTo());
    }
    long amount = c.amountMinor() == 0 ? s.amountMinor() : c.amountMinor();
    return resolve(s, new ResolutionRequested(true, amount, "posted", Link.UNSEALED), c.replyTo());
  }

  private ReplyEffect<Event, State> onVoid(State s, VoidPending c) {
    StatusReply<Result> refused = refuseResolution(s, false, 0);
    if (refused != null) {
      return Effect().reply(c.replyTo(), refused);
    }
    if (s.phase() != Phase.PENDING) {
      return answerOrWait(s, c.replyTo());
    }
    return resolve(s, new ResolutionRequested(false, 0, "voided", Link.UNSEALED), c.replyTo());
  }

  private ReplyEffect<Event, State> resolve(
      State s, ResolutionRequested e, ActorRef<StatusReply<Result>> replyTo) {
    return persist(s, e)
        .thenRun(
            st -> {
              waiting.add(new Waiter(replyTo, true));
              begin(st, true);
            })
        .thenNoReply();
  }

  /** Null when the post (or void) may go ahead or is a repeat of the one already made. */
  private StatusReply<Result> refuseResolution(State s, boolean post, long amountMinor) {
    Rejection r = null;
    String detail = transferId;
    switch (s.phase()) {
      case EMPTY -> r = Rejection.NOT_FOUND;
      case CREATING -> r = s.init().spec().pending() ? Rejection.TRANSIENT : Rejection.NOT_PENDING;
      case REJECTED -> r = Rejection.NOT_PENDING;
      case PENDING -> {
        if (post && (amountMinor < 0 || amountMinor > s.amountMinor())) {
          r = Rejection.POST_AMOUNT_EXCEEDS_PENDING;
          detail = amountMinor + " of " + s.amountMinor();
        }
      }
      case POSTING, POSTED -> {
        boolean same = post && (amountMinor == 0 || amountMinor == s.amountMinor());
        r = same ? null : Rejection.ALREADY_POSTED;
        detail = transferId + " posted " + s.amountMinor();
      }
      case VOIDING, VOIDED -> r = post ? Rejection.ALREADY_VOIDED : null;
    }
    return r == null ? null : StatusReply.error(r.message(detail));
  }

  private ReplyEffect<Event, State> onExpire(State s, Expire c) {
    if (s.phase() != Phase.PENDING) {
      return Effect().none().thenNoReply();
    }
    if (clock.millis() < s.init().expiresAtMillis()) {
      armExpiry(s);
      return Effect().none().thenNoReply();
    }
    return persist(s, new ResolutionRequested(false, 0, "expired", Link.UNSEALED))
        .thenRun(st -> begin(st, true))
        .thenNoReply();
  }

  /** Stays while steps are outstanding or a timeout is to be enforced; else may be stopped. */
  private ReplyEffect<Event, State> onIdle(State s, Idle c) {
    passivation.onIdle(
        s.inProgress() || (s.phase() == Phase.PENDING && s.init().expiresAtMillis() > 0));
    return Effect().none().thenNoReply();
  }

  private void armExpiry(State s) {
    long expires = s.init().expiresAtMillis();
    if (expires > 0) {
      long inMillis = Math.max(0, expires - clock.millis());
      timers.startSingleTimer(Expire.INSTANCE, Expire.INSTANCE, Duration.ofMillis(inMillis));
    }
  }

  // ---- driving the accounts ----

  /** Starts (or, after a restart, redoes) the steps of the current phase. */
  private void begin(State s, boolean fresh) {
    steps = stepsOf(s);
    stepIndex = 0;
    failures = 0;
    cleanRun = fresh;
    abortCode = null;
    send();
  }

  private List<Step> stepsOf(State s) {
    TransferSpec t = s.init().spec();
    String d = t.debitAccountId();
    String c = t.creditAccountId();
    return switch (s.phase()) {
      case CREATING ->
          t.pending()
              ? List.of(reserve(d, Side.DEBIT, t), reserve(c, Side.CREDIT, t))
              : List.of(reserve(d, Side.DEBIT, t), apply(c, t), post(d, t.amountMinor()));
      case POSTING -> List.of(post(d, s.amountMinor()), post(c, s.amountMinor()));
      case VOIDING -> List.of(release(d, Side.DEBIT), release(c, Side.CREDIT));
      default -> throw new IllegalStateException("no steps in " + s.phase());
    };
  }

  private Step reserve(String account, Side side, TransferSpec t) {
    return new Step(
        account, r -> new AccountEntity.Reserve(transferId, side, t.amountMinor(), t.ledger(), r));
  }

  private Step apply(String account, TransferSpec t) {
    return new Step(
        account,
        r -> new AccountEntity.Apply(transferId, Side.CREDIT, t.amountMinor(), t.ledger(), r));
  }

  private Step post(String account, long amountMinor) {
    return new Step(account, r -> new AccountEntity.Post(transferId, amountMinor, r));
  }

  private Step release(String account, Side side) {
    return new Step(account, r -> new AccountEntity.Release(transferId, side, r));
  }

  private void send() {
    long a = ++attempt;
    Step step = steps.get(stepIndex);
    ctx.pipeToSelf(
        legs.ask(step.accountId(), step.command()),
        (done, err) -> new StepReplied(a, done, err == null ? null : messageOf(err)));
  }

  private static String messageOf(Throwable t) {
    Throwable cause = t.getCause() != null && t.getMessage() == null ? t.getCause() : t;
    return String.valueOf(cause.getMessage());
  }

  private ReplyEffect<Event, State> onResend(State s, Resend c) {
    if (c.attempt() == attempt && s.inProgress()) {
      cleanRun = false;
      send();
    }
    return Effect().none().thenNoReply();
  }

  private ReplyEffect<Event, State> onStepReplied(State s, StepReplied r) {
    if (r.attempt() != attempt || !s.inProgress()) {
      return Effect().none().thenNoReply(); // a late answer to a step already redone
    }
    if (r.error() != null) {
      return onStepFailed(s, r.error());
    }
    if (s.phase() == Phase.CREATING
        && abortCode == null
        && r.done().status() == LegStatus.RELEASED) {
      // An earlier run of this transfer aborted and released this leg before a crash.
      return abort(s, Rejection.ABORTED, "refused before a restart");
    }
    failures = 0;
    stepIndex++;
    if (stepIndex < steps.size()) {
      send();
      return Effect().none().thenNoReply();
    }
    return persist(s, outcome(s)).thenRun(this::finished).thenNoReply();
  }

  private Event outcome(State s) {
    if (abortCode != null) {
      return new Rejected(abortCode.name(), abortDetail, Link.UNSEALED);
    }
    TransferSpec t = s.init().spec();
    return switch (s.phase()) {
      case CREATING ->
          t.pending()
              ? new Held(t.amountMinor(), Link.UNSEALED)
              : new Posted(t.amountMinor(), Link.UNSEALED);
      case POSTING -> new Posted(s.amountMinor(), Link.UNSEALED);
      case VOIDING -> new Voided(s.note(), Link.UNSEALED);
      default -> throw new IllegalStateException("no outcome in " + s.phase());
    };
  }

  private void finished(State s) {
    for (Waiter w : waiting) {
      w.replyTo().tell(reply(s, w.created()));
    }
    waiting.clear();
    if (s.phase() == Phase.PENDING) {
      armExpiry(s);
    }
  }

  private ReplyEffect<Event, State> onStepFailed(State s, String error) {
    Rejection code = Rejection.of(new IllegalStateException(error)).orElse(Rejection.TRANSIENT);
    boolean refusal =
        code != Rejection.TRANSIENT
            && s.phase() == Phase.CREATING
            && abortCode == null
            && stepIndex < 2;
    if (refusal) {
      return abort(s, code, error.substring(error.indexOf(':') + 1).trim());
    }
    failures++;
    if (failures >= settings.stepAttemptsMax()) {
      ctx.getLog()
          .warn(
              "transfer {} stops after {} failed sends of step {}: {}",
              transferId,
              failures,
              stepIndex,
              error);
      return Effect()
          .stop()
          .thenRun(st -> tellWaiting(Rejection.TRANSIENT.message(error)))
          .thenNoReply();
    }
    timers.startSingleTimer(new Resend(attempt), settings.retryBackoff());
    return Effect().none().thenNoReply();
  }

  /**
   * An account refused a leg while creating: release what may be held, then record the rejection.
   * In a clean run (this incarnation sent every step exactly once) a leg that was never asked for
   * or was just refused holds nothing and needs no tombstone.
   */
  private ReplyEffect<Event, State> abort(State s, Rejection code, String detail) {
    TransferSpec t = s.init().spec();
    abortCode = code;
    abortDetail = detail;
    List<Step> releases = new ArrayList<>();
    if (stepIndex > 0 || !cleanRun) {
      releases.add(release(t.debitAccountId(), Side.DEBIT));
    }
    if (!cleanRun) {
      releases.add(release(t.creditAccountId(), Side.CREDIT));
    }
    if (releases.isEmpty()) {
      return persist(s, outcome(s)).thenRun(this::finished).thenNoReply();
    }
    steps = releases;
    stepIndex = 0;
    send();
    return Effect().none().thenNoReply();
  }

  private void tellWaiting(String error) {
    for (Waiter w : waiting) {
      w.replyTo().tell(StatusReply.error(error));
    }
    waiting.clear();
  }

  private StatusReply<Result> reply(State s, boolean created) {
    if (s.phase() == Phase.EMPTY) {
      return StatusReply.error(Rejection.NOT_FOUND.message(transferId));
    }
    if (s.phase() == Phase.REJECTED) {
      return StatusReply.error(s.note());
    }
    return StatusReply.success(new Result(transferId, s.status(), s.amountMinor(), created));
  }

  private EffectBuilder<Event, State> persist(State s, Event unsealed) {
    return Effect().persist(Chain.seal(persistenceId().id(), s.head(), unsealed));
  }

  // ---- event handler ----

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Initiated.class, TransferEntity::applyInitiated)
        .onEvent(
            Held.class, (s, e) -> next(s, Phase.CREATING, Phase.PENDING, e.amountMinor(), "", e))
        .onEvent(ResolutionRequested.class, TransferEntity::applyResolution)
        .onEvent(Posted.class, TransferEntity::applyPosted)
        .onEvent(Voided.class, (s, e) -> next(s, Phase.VOIDING, Phase.VOIDED, 0, e.reason(), e))
        .onEvent(
            Rejected.class,
            (s, e) -> next(s, Phase.CREATING, Phase.REJECTED, 0, e.code() + ": " + e.detail(), e))
        .build();
  }

  private static State applyInitiated(State s, Initiated e) {
    Chain.require(s.phase() == Phase.EMPTY, () -> "initiated twice: " + e);
    return new State(e, Phase.CREATING, 0, "", s.head().advance(e));
  }

  private static State applyResolution(State s, ResolutionRequested e) {
    Chain.require(e.amountMinor() <= s.amountMinor(), () -> "post exceeds pending: " + e);
    return next(
        s,
        Phase.PENDING,
        e.post() ? Phase.POSTING : Phase.VOIDING,
        e.post() ? e.amountMinor() : 0,
        e.reason(),
        e);
  }

  private static State applyPosted(State s, Posted e) {
    Phase from = s.init().spec().pending() ? Phase.POSTING : Phase.CREATING;
    Chain.require(
        !s.init().spec().pending() || e.amountMinor() == s.amountMinor(),
        () -> "posted other than requested: " + e);
    return next(s, from, Phase.POSTED, e.amountMinor(), "", e);
  }

  private static State next(State s, Phase from, Phase to, long amountMinor, String note, Event e) {
    Chain.require(s.phase() == from, () -> "event " + e.canonicalType() + " in phase " + s.phase());
    return new State(s.init(), to, amountMinor, note, s.head().advance(e));
  }
}
