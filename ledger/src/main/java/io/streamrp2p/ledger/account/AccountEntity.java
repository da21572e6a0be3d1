package io.streamrp2p.ledger.account;

import io.streamrp2p.ledger.Rejection;
import io.streamrp2p.ledger.chain.Chain;
import io.streamrp2p.ledger.chain.Head;
import io.streamrp2p.ledger.chain.LedgerEvent;
import io.streamrp2p.ledger.chain.Link;
import io.streamrp2p.persistence.CborSerializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A double-entry account: debits and credits, each pending and posted, in minor units of its
 * ledger. It never decides a transfer; a {@code TransferEntity} drives it through legs (reserve,
 * apply, post, release), each keyed by the transfer id so a redelivered step changes nothing. A
 * user account ({@code debitsMustNotExceedCredits}) keeps {@code debitsPending + debitsPosted <=
 * creditsPosted} at every event: checked where a leg is accepted, asserted where it is applied.
 */
public final class AccountEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        AccountEntity.Command, AccountEntity.Event, AccountEntity.State> {
  /**
   * Named "Account", as before the class was renamed: the name prefixes the persistence ids stored
   * in the journal ("Account|<id>"), so it never changes.
   */
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Account");

  /**
   * Pending legs one account may hold. A pending leg is a payout or settlement in flight; a friend
   * has a handful, a pool one per open settlement; 10,000 leaves room for bursts while bounding the
   * state a recovery rebuilds.
   */
  static final int PENDING_LEGS_MAX = 10_000;

  /**
   * Resolved legs remembered for deduplication. A transfer never re-sends a step after its own
   * final event, so only steps in flight (seconds) need it; 100,000 is days of traffic for one
   * account and bounds memory at a few MB.
   */
  static final int LEGS_REMEMBERED_MAX = 100_000;

  // ---- commands ----

  public sealed interface Command extends CborSerializable {}

  /** Opens the account; opening again with the same kind and ledger is accepted. */
  public record Open(AccountKind kind, int ledger, ActorRef<StatusReply<View>> replyTo)
      implements Command {}

  /** Holds {@code amountMinor} as pending on {@code side} for transfer {@code transferId}. */
  public record Reserve(
      String transferId,
      Side side,
      long amountMinor,
      int ledger,
      ActorRef<StatusReply<LegDone>> replyTo)
      implements Command {}

  /** Posts {@code amountMinor} on {@code side} at once, with no pending phase. */
  public record Apply(
      String transferId,
      Side side,
      long amountMinor,
      int ledger,
      ActorRef<StatusReply<LegDone>> replyTo)
      implements Command {}

  /** Posts {@code amountMinor} (at most the reserved amount) and releases the rest. */
  public record Post(String transferId, long amountMinor, ActorRef<StatusReply<LegDone>> replyTo)
      implements Command {}

  /** Releases a reserved leg; for a leg never reserved it leaves a tombstone. */
  public record Release(String transferId, Side side, ActorRef<StatusReply<LegDone>> replyTo)
      implements Command {}

  public record Get(ActorRef<StatusReply<View>> replyTo) implements Command {}

  // ---- replies ----

  /** Balances in minor units of the account's ledger. */
  public record Balance(
      long debitsPendingMinor,
      long debitsPostedMinor,
      long creditsPendingMinor,
      long creditsPostedMinor)
      implements CborSerializable {
    public static final Balance ZERO = new Balance(0, 0, 0, 0);

    /** Credits posted minus all debits: what a user account may still spend. */
    public long availableMinor() {
      return creditsPostedMinor - debitsPostedMinor - debitsPendingMinor;
    }
  }

  public record View(String accountId, AccountKind kind, int ledger, Balance balance, Head head)
      implements CborSerializable {}

  public enum LegStatus {
    RESERVED,
    APPLIED,
    POSTED,
    RELEASED
  }

  /** A leg's state after the step; {@code amountMinor} is reserved, posted or 0 if released. */
  public record LegDone(String accountId, String transferId, LegStatus status, long amountMinor)
      implements CborSerializable {}

  // ---- events ----

  public sealed interface Event extends LedgerEvent {}

  public record Opened(
      String accountId,
      AccountKind kind,
      int ledger,
      boolean debitsMustNotExceedCredits,
      boolean creditsMustNotExceedDebits,
      Link link)
      implements Event {}

  public record LegReserved(String transferId, Side side, long amountMinor, Link link)
      implements Event {}

  public record LegApplied(String transferId, Side side, long amountMinor, Link link)
      implements Event {}

  /** {@code postedMinor} of the {@code reservedMinor} held moved to posted; the rest released. */
  public record LegPosted(
      String transferId, Side side, long postedMinor, long reservedMinor, Link link)
      implements Event {}

  /** The reservation is gone; {@code reservedMinor} 0 is a tombstone for a leg never held. */
  public record LegReleased(String transferId, Side side, long reservedMinor, Link link)
      implements Event {}

  // ---- state ----

  public record Leg(Side side, LegStatus status, long reservedMinor, long postedMinor)
      implements CborSerializable {}

  /**
   * The account. {@code legs} is updated in place by the event handler (copying it per event would
   * cost O(legs)); nothing else holds on to an old state.
   */
  public record State(
      Opened opened, Balance balance, LinkedHashMap<String, Leg> legs, int pendingLegs, Head head)
      implements CborSerializable {
    static State empty() {
      return new State(null, Balance.ZERO, new LinkedHashMap<>(), 0, Head.GENESIS);
    }

    boolean isOpen() {
      return opened != null;
    }
  }

  // ---- behavior ----

  private final String accountId;

  private AccountEntity(PersistenceId persistenceId, String accountId) {
    super(persistenceId);
    this.accountId = accountId;
  }

  public static Behavior<Command> create(String accountId) {
    return new AccountEntity(PersistenceId.of(ENTITY_KEY.name(), accountId), accountId);
  }

  @Override
  public State emptyState() {
    return State.empty();
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
        .onCommand(Open.class, this::onOpen)
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Apply.class, this::onApply)
        .onCommand(Post.class, this::onPost)
        .onCommand(Release.class, this::onRelease)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), view(s)))
        .build();
  }

  private StatusReply<View> view(State s) {
    if (!s.isOpen()) {
      return StatusReply.error(Rejection.ACCOUNT_NOT_FOUND.message(accountId));
    }
    Opened o = s.opened();
    return StatusReply.success(new View(accountId, o.kind(), o.ledger(), s.balance(), s.head()));
  }

  private ReplyEffect<Event, State> onOpen(State s, Open c) {
    if (s.isOpen()) {
      boolean same = s.opened().kind() == c.kind() && s.opened().ledger() == c.ledger();
      return same
          ? Effect().reply(c.replyTo(), view(s))
          : Effect()
              .reply(
                  c.replyTo(),
                  StatusReply.error(
                      Rejection.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELD.message(
                          s.opened().kind() != c.kind() ? "kind" : "ledger")));
    }
    boolean user = c.kind().user();
    Opened e = new Opened(accountId, c.kind(), c.ledger(), user, false, Link.UNSEALED);
    return persist(s, e).thenReply(c.replyTo(), this::view);
  }

  private ReplyEffect<Event, State> onReserve(State s, Reserve c) {
    Leg leg = s.legs().get(c.transferId());
    if (leg != null) {
      return replyExisting(c.transferId(), leg, c.side(), c.amountMinor(), c.replyTo());
    }
    StatusReply<LegDone> refused = checkNewLeg(s, c.side(), c.amountMinor(), c.ledger(), true);
    if (refused != null) {
      return Effect().reply(c.replyTo(), refused);
    }
    return persist(s, new LegReserved(c.transferId(), c.side(), c.amountMinor(), Link.UNSEALED))
        .thenReply(c.replyTo(), st -> done(c.transferId(), st));
  }

  private ReplyEffect<Event, State> onApply(State s, Apply c) {
    Leg leg = s.legs().get(c.transferId());
    if (leg != null) {
      return replyExisting(c.transferId(), leg, c.side(), c.amountMinor(), c.replyTo());
    }
    StatusReply<LegDone> refused = checkNewLeg(s, c.side(), c.amountMinor(), c.ledger(), false);
    if (refused != null) {
      return Effect().reply(c.replyTo(), refused);
    }
    return persist(s, new LegApplied(c.transferId(), c.side(), c.amountMinor(), Link.UNSEALED))
        .thenReply(c.replyTo(), st -> done(c.transferId(), st));
  }

  private ReplyEffect<Event, State> replyExisting(
      String transferId,
      Leg leg,
      Side side,
      long amountMinor,
      ActorRef<StatusReply<LegDone>> replyTo) {
    if (leg.side() != side
        || (leg.status() != LegStatus.RELEASED
            && leg.reservedMinor() != amountMinor
            && leg.postedMinor() != amountMinor)) {
      return Effect()
          .reply(
              replyTo,
              StatusReply.error(
                  Rejection.LEG_CONFLICT.message(
                      transferId + " has " + leg + ", asked " + side + " " + amountMinor)));
    }
    return Effect().reply(replyTo, StatusReply.success(legDone(transferId, leg)));
  }

  /** Null if a new leg may be recorded, else the rejection. */
  private StatusReply<LegDone> checkNewLeg(
      State s, Side side, long amountMinor, int ledger, boolean pending) {
    Rejection r = null;
    String detail = accountId;
    if (!s.isOpen()) {
      r = Rejection.ACCOUNT_NOT_FOUND;
    } else if (amountMinor <= 0) {
      r = Rejection.INVALID;
      detail = "amountMinor must be positive: " + amountMinor;
    } else if (s.opened().ledger() != ledger) {
      r = Rejection.LEDGER_MISMATCH;
      detail = accountId + " is on ledger " + s.opened().ledger() + ", transfer on " + ledger;
    } else if (pending && s.pendingLegs() >= PENDING_LEGS_MAX) {
      r = Rejection.TOO_MANY_PENDING;
    } else {
      try {
        Balance b = withLeg(s.balance(), side, amountMinor, pending);
        r = violatedLimit(s.opened(), b);
        detail =
            accountId + " available " + s.balance().availableMinor() + ", asked " + amountMinor;
      } catch (ArithmeticException overflow) {
        r = Rejection.OVERFLOW;
      }
    }
    return r == null ? null : StatusReply.error(r.message(detail));
  }

  private ReplyEffect<Event, State> onPost(State s, Post c) {
    Leg leg = s.legs().get(c.transferId());
    if (leg == null) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error(
                  Rejection.NOT_FOUND.message("no leg of " + c.transferId() + " on " + accountId)));
    }
    switch (leg.status()) {
      case RESERVED:
        if (c.amountMinor() <= 0 || c.amountMinor() > leg.reservedMinor()) {
          return Effect()
              .reply(
                  c.replyTo(),
                  StatusReply.error(
                      Rejection.POST_AMOUNT_EXCEEDS_PENDING.message(
                          c.amountMinor() + " of " + leg.reservedMinor())));
        }
        return persist(
                s,
                new LegPosted(
                    c.transferId(),
                    leg.side(),
                    c.amountMinor(),
                    leg.reservedMinor(),
                    Link.UNSEALED))
            .thenReply(c.replyTo(), st -> done(c.transferId(), st));
      case POSTED:
        return leg.postedMinor() == c.amountMinor()
            ? Effect().reply(c.replyTo(), StatusReply.success(legDone(c.transferId(), leg)))
            : Effect()
                .reply(
                    c.replyTo(),
                    StatusReply.error(
                        Rejection.ALREADY_POSTED.message(
                            c.transferId() + " posted " + leg.postedMinor())));
      case RELEASED:
        return Effect()
            .reply(
                c.replyTo(), StatusReply.error(Rejection.ALREADY_VOIDED.message(c.transferId())));
      default:
        return Effect()
            .reply(
                c.replyTo(),
                StatusReply.error(
                    Rejection.NOT_PENDING.message(c.transferId() + " was applied at once")));
    }
  }

  private ReplyEffect<Event, State> onRelease(State s, Release c) {
    Leg leg = s.legs().get(c.transferId());
    if (leg == null) {
      if (!s.isOpen()) {
        return Effect()
            .reply(
                c.replyTo(),
                StatusReply.success(new LegDone(accountId, c.transferId(), LegStatus.RELEASED, 0)));
      }
      return persist(s, new LegReleased(c.transferId(), c.side(), 0, Link.UNSEALED))
          .thenReply(c.replyTo(), st -> done(c.transferId(), st));
    }
    switch (leg.status()) {
      case RESERVED:
        return persist(
                s, new LegReleased(c.transferId(), leg.side(), leg.reservedMinor(), Link.UNSEALED))
            .thenReply(c.replyTo(), st -> done(c.transferId(), st));
      case RELEASED:
        return Effect().reply(c.replyTo(), StatusReply.success(legDone(c.transferId(), leg)));
      default:
        return Effect()
            .reply(
                c.replyTo(),
                StatusReply.error(
                    Rejection.ALREADY_POSTED.message(c.transferId() + " " + leg.status())));
    }
  }

  private EffectBuilder<Event, State> persist(State s, Event unsealed) {
    return Effect().persist(Chain.seal(persistenceId().id(), s.head(), unsealed));
  }

  private StatusReply<LegDone> done(String transferId, State s) {
    return StatusReply.success(legDone(transferId, s.legs().get(transferId)));
  }

  private LegDone legDone(String transferId, Leg leg) {
    long amount =
        switch (leg.status()) {
          case RESERVED -> leg.reservedMinor();
          case APPLIED, POSTED -> leg.postedMinor();
          case RELEASED -> 0;
        };
    return new LegDone(accountId, transferId, leg.status(), amount);
  }

  /** Balance after a new leg; throws ArithmeticException on overflow. */
  static Balance withLeg(Balance b, Side side, long amountMinor, boolean pending) {
    if (side == Side.DEBIT) {
      return pending
          ? new Balance(
              Math.addExact(b.debitsPendingMinor(), amountMinor),
              b.debitsPostedMinor(),
              b.creditsPendingMinor(),
              b.creditsPostedMinor())
          : new Balance(
              b.debitsPendingMinor(),
              Math.addExact(b.debitsPostedMinor(), amountMinor),
              b.creditsPendingMinor(),
              b.creditsPostedMinor());
    }
    return pending
        ? new Balance(
            b.debitsPendingMinor(),
            b.debitsPostedMinor(),
            Math.addExact(b.creditsPendingMinor(), amountMinor),
            b.creditsPostedMinor())
        : new Balance(
            b.debitsPendingMinor(),
            b.debitsPostedMinor(),
            b.creditsPendingMinor(),
            Math.addExact(b.creditsPostedMinor(), amountMinor));
  }

  /**
   * The limit {@code b} breaks for this account, or null. Sums of posted and pending stay exact.
   */
  static Rejection violatedLimit(Opened o, Balance b) {
    if (o.debitsMustNotExceedCredits()
        && Math.addExact(b.debitsPendingMinor(), b.debitsPostedMinor()) > b.creditsPostedMinor()) {
      return Rejection.EXCEEDS_CREDITS;
    }
    if (o.creditsMustNotExceedDebits()
        && Math.addExact(b.creditsPendingMinor(), b.creditsPostedMinor()) > b.debitsPostedMinor()) {
      return Rejection.EXCEEDS_DEBITS;
    }
    return null;
  }

  // ---- event handler: the same rules, asserted ----

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Opened.class, (s, e) -> new State(e, s.balance(), s.legs(), 0, s.head().advance(e)))
        .onEvent(LegReserved.class, AccountEntity::applyReserved)
        .onEvent(LegApplied.class, AccountEntity::applyApplied)
        .onEvent(LegPosted.class, AccountEntity::applyPosted)
        .onEvent(LegReleased.class, AccountEntity::applyReleased)
        .build();
  }

  private static State applyReserved(State s, LegReserved e) {
    Chain.require(!s.legs().containsKey(e.transferId()), () -> "leg exists: " + e);
    Balance b = checked(s, withLeg(s.balance(), e.side(), e.amountMinor(), true));
    s.legs().put(e.transferId(), new Leg(e.side(), LegStatus.RESERVED, e.amountMinor(), 0));
    return new State(s.opened(), b, s.legs(), s.pendingLegs() + 1, s.head().advance(e));
  }

  private static State applyApplied(State s, LegApplied e) {
    Chain.require(!s.legs().containsKey(e.transferId()), () -> "leg exists: " + e);
    Balance b = checked(s, withLeg(s.balance(), e.side(), e.amountMinor(), false));
    s.legs().put(e.transferId(), new Leg(e.side(), LegStatus.APPLIED, 0, e.amountMinor()));
    forget(s.legs());
    return new State(s.opened(), b, s.legs(), s.pendingLegs(), s.head().advance(e));
  }

  private static State applyPosted(State s, LegPosted e) {
    Leg leg = s.legs().get(e.transferId());
    Chain.require(
        leg != null
            && leg.status() == LegStatus.RESERVED
            && leg.reservedMinor() == e.reservedMinor()
            && e.postedMinor() <= e.reservedMinor(),
        () -> "post of a leg not reserved: " + e + " leg " + leg);
    Balance released = release(s.balance(), e.side(), e.reservedMinor());
    Balance b = checked(s, withLeg(released, e.side(), e.postedMinor(), false));
    s.legs()
        .put(
            e.transferId(),
            new Leg(e.side(), LegStatus.POSTED, e.reservedMinor(), e.postedMinor()));
    forget(s.legs());
    return new State(s.opened(), b, s.legs(), s.pendingLegs() - 1, s.head().advance(e));
  }

  private static State applyReleased(State s, LegReleased e) {
    Leg leg = s.legs().get(e.transferId());
    boolean tombstone = leg == null;
    Chain.require(
        tombstone
            ? e.reservedMinor() == 0
            : leg.status() == LegStatus.RESERVED && leg.reservedMinor() == e.reservedMinor(),
        () -> "release of a leg not reserved: " + e + " leg " + leg);
    Balance b = tombstone ? s.balance() : release(s.balance(), e.side(), e.reservedMinor());
    s.legs().put(e.transferId(), new Leg(e.side(), LegStatus.RELEASED, e.reservedMinor(), 0));
    forget(s.legs());
    int pending = tombstone ? s.pendingLegs() : s.pendingLegs() - 1;
    return new State(s.opened(), b, s.legs(), pending, s.head().advance(e));
  }

  private static Balance release(Balance b, Side side, long amountMinor) {
    return side == Side.DEBIT
        ? new Balance(
            Math.subtractExact(b.debitsPendingMinor(), amountMinor),
            b.debitsPostedMinor(),
            b.creditsPendingMinor(),
            b.creditsPostedMinor())
        : new Balance(
            b.debitsPendingMinor(),
            b.debitsPostedMinor(),
            Math.subtractExact(b.creditsPendingMinor(), amountMinor),
            b.creditsPostedMinor());
  }

  private static Balance checked(State s, Balance b) {
    Chain.require(s.isOpen(), "leg on an account never opened");
    Chain.require(
        b.debitsPendingMinor() >= 0 && b.creditsPendingMinor() >= 0,
        () -> "negative pending: " + b);
    Rejection broken = violatedLimit(s.opened(), b);
    Chain.require(broken == null, () -> "event breaks " + broken + ": " + b);
    return b;
  }

  /** Drops the oldest resolved legs beyond {@link #LEGS_REMEMBERED_MAX}. */
  private static void forget(LinkedHashMap<String, Leg> legs) {
    Iterator<Map.Entry<String, Leg>> it = legs.entrySet().iterator();
    while (legs.size() > LEGS_REMEMBERED_MAX && it.hasNext()) {
      if (it.next().getValue().status() != LegStatus.RESERVED) {
        it.remove();
      }
    }
  }
}
