package io.streamrp2p.ledger.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.streamrp2p.ledger.account.AccountEntity.Balance;
import io.streamrp2p.ledger.account.AccountEntity.Command;
import io.streamrp2p.ledger.account.AccountEntity.Event;
import io.streamrp2p.ledger.account.AccountEntity.LegDone;
import io.streamrp2p.ledger.account.AccountEntity.LegStatus;
import io.streamrp2p.ledger.account.AccountEntity.State;
import io.streamrp2p.ledger.chain.Chain;
import io.streamrp2p.ledger.chain.LedgerEvent;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountEntityTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  EventSourcedBehaviorTestKit<Command, Event, State> kit;

  private static CommandResultWithReply<Command, Event, State, StatusReply<LegDone>> leg(
      EventSourcedBehaviorTestKit<Command, Event, State> k,
      Function<ActorRef<StatusReply<LegDone>>, Command> c) {
    return k.runCommand(c::apply);
  }

  private static CommandResultWithReply<Command, Event, State, StatusReply<AccountEntity.View>>
      view(
          EventSourcedBehaviorTestKit<Command, Event, State> k,
          Function<ActorRef<StatusReply<AccountEntity.View>>, Command> c) {
    return k.runCommand(c::apply);
  }

  @BeforeEach
  void setUp() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), AccountEntity.create("friend-1"));
    kit.clear();
    view(kit, r -> new AccountEntity.Open(AccountKind.FRIEND_PAYOUT, 1, r));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<LegDone>> credit(
      String transferId, long amountMinor) {
    return leg(kit, r -> new AccountEntity.Apply(transferId, Side.CREDIT, amountMinor, 1, r));
  }

  @Test
  void open_again_sameKindAcceptedNothingPersisted() {
    var result = view(kit, r -> new AccountEntity.Open(AccountKind.FRIEND_PAYOUT, 1, r));
    assertThat(result.reply().isSuccess()).isTrue();
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void open_otherLedger_rejectedNamingField() {
    var result = view(kit, r -> new AccountEntity.Open(AccountKind.FRIEND_PAYOUT, 2, r));
    assertThat(result.reply().getError().getMessage())
        .startsWith("ACCOUNT_EXISTS_WITH_DIFFERENT_FIELD: ledger");
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void reserveDebit_beyondCredits_rejectedExceedsCredits() {
    credit("t1", 100);
    var result = leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 101, 1, r));
    assertThat(result.reply().getError().getMessage()).startsWith("EXCEEDS_CREDITS");
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void reserveDebit_withinCredits_heldAsPendingAndChained() {
    credit("t1", 100);
    var result = leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 60, 1, r));
    assertThat(result.reply().getValue())
        .isEqualTo(new LegDone("friend-1", "t2", LegStatus.RESERVED, 60));
    AccountEntity.LegReserved e = result.eventOfType(AccountEntity.LegReserved.class);
    assertThat(e.link().seq()).isEqualTo(3);
    assertThat(e.link().hash()).isEqualTo(Chain.expectedHash("Account|friend-1", e));
    assertThat(result.state().balance()).isEqualTo(new Balance(60, 0, 0, 100));
    assertThat(result.state().balance().availableMinor()).isEqualTo(40);
  }

  @Test
  void reserve_redelivered_sameReplyNothingPersisted() {
    credit("t1", 100);
    leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 60, 1, r));
    var again = leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 60, 1, r));
    assertThat(again.reply().getValue().status()).isEqualTo(LegStatus.RESERVED);
    assertThat(again.hasNoEvents()).isTrue();
    var other = leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 61, 1, r));
    assertThat(other.reply().getError().getMessage()).startsWith("LEG_CONFLICT");
  }

  @Test
  void post_partial_postsPartReleasesRest() {
    credit("t1", 100);
    leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 60, 1, r));
    var result = leg(kit, r -> new AccountEntity.Post("t2", 45, r));
    assertThat(result.reply().getValue())
        .isEqualTo(new LegDone("friend-1", "t2", LegStatus.POSTED, 45));
    assertThat(result.state().balance()).isEqualTo(new Balance(0, 45, 0, 100));
    var again = leg(kit, r -> new AccountEntity.Post("t2", 45, r));
    assertThat(again.hasNoEvents()).isTrue();
    var other = leg(kit, r -> new AccountEntity.Post("t2", 50, r));
    assertThat(other.reply().getError().getMessage()).startsWith("ALREADY_POSTED");
    var release = leg(kit, r -> new AccountEntity.Release("t2", Side.DEBIT, r));
    assertThat(release.reply().getError().getMessage()).startsWith("ALREADY_POSTED");
  }

  @Test
  void post_moreThanReserved_rejected() {
    credit("t1", 100);
    leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 60, 1, r));
    var result = leg(kit, r -> new AccountEntity.Post("t2", 61, r));
    assertThat(result.reply().getError().getMessage()).startsWith("POST_AMOUNT_EXCEEDS_PENDING");
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void release_reserved_freesFundsOnceThenTombstoneBlocksLateReserve() {
    credit("t1", 100);
    leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 60, 1, r));
    var released = leg(kit, r -> new AccountEntity.Release("t2", Side.DEBIT, r));
    assertThat(released.state().balance()).isEqualTo(new Balance(0, 0, 0, 100));
    assertThat(leg(kit, r -> new AccountEntity.Release("t2", Side.DEBIT, r)).hasNoEvents())
        .isTrue();
    var tomb = leg(kit, r -> new AccountEntity.Release("t9", Side.DEBIT, r));
    assertThat(tomb.eventOfType(AccountEntity.LegReleased.class).reservedMinor()).isZero();
    var late = leg(kit, r -> new AccountEntity.Reserve("t9", Side.DEBIT, 10, 1, r));
    assertThat(late.reply().getValue().status()).isEqualTo(LegStatus.RELEASED);
    assertThat(late.hasNoEvents()).isTrue();
    assertThat(late.state().balance().debitsPendingMinor()).isZero();
  }

  @Test
  void apply_otherLedger_rejectedLedgerMismatch() {
    var result = leg(kit, r -> new AccountEntity.Apply("t1", Side.CREDIT, 5, 2, r));
    assertThat(result.reply().getError().getMessage()).startsWith("LEDGER_MISMATCH");
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void apply_overflow_rejectedOverflow() {
    credit("t1", Long.MAX_VALUE);
    var result = credit("t2", 1);
    assertThat(result.reply().getError().getMessage()).startsWith("OVERFLOW");
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void apply_nonPositive_rejectedInvalid() {
    assertThat(credit("t1", 0).reply().getError().getMessage()).startsWith("INVALID");
  }

  @Test
  void reserve_unopenedAccount_rejectedNotFound() {
    var other =
        EventSourcedBehaviorTestKit.<Command, Event, State>create(
            testKit.system(), AccountEntity.create("nobody"));
    var result = leg(other, r -> new AccountEntity.Reserve("t", Side.DEBIT, 1, 1, r));
    assertThat(result.reply().getError().getMessage()).startsWith("ACCOUNT_NOT_FOUND");
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void systemAccount_debit_mayGoBelowZero() {
    var sys =
        EventSourcedBehaviorTestKit.<Command, Event, State>create(
            testKit.system(), AccountEntity.create("deposits"));
    view(sys, r -> new AccountEntity.Open(AccountKind.SYSTEM_DEPOSITS, 1, r));
    var result = leg(sys, r -> new AccountEntity.Apply("d1", Side.DEBIT, 500, 1, r));
    assertThat(result.state().balance().availableMinor()).isEqualTo(-500);
  }

  @Test
  void restart_recoversBalanceAndChainHead() {
    credit("t1", 100);
    leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 30, 1, r));
    State before = kit.getState();
    kit.restart();
    assertThat(kit.getState().balance()).isEqualTo(before.balance());
    assertThat(kit.getState().head()).isEqualTo(before.head());
  }

  @Test
  void events_chain_eachFollowsItsPredecessor() {
    credit("t1", 100);
    var e = leg(kit, r -> new AccountEntity.Reserve("t2", Side.DEBIT, 30, 1, r)).event();
    LedgerEvent le = e;
    assertThat(le.link().prevHash()).isNotEqualTo(Chain.GENESIS);
    assertThat(le.link().hash()).isEqualTo(Chain.expectedHash("Account|friend-1", le));
  }
}
