package io.streamrp2p.hub.core;

import static io.streamrp2p.hub.core.EntityTestKits.HASH_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.hub.core.FriendNodeEntity.Active;
import io.streamrp2p.hub.core.FriendNodeEntity.Assign;
import io.streamrp2p.hub.core.FriendNodeEntity.Assigned;
import io.streamrp2p.hub.core.FriendNodeEntity.CloseSession;
import io.streamrp2p.hub.core.FriendNodeEntity.Command;
import io.streamrp2p.hub.core.FriendNodeEntity.Event;
import io.streamrp2p.hub.core.FriendNodeEntity.Get;
import io.streamrp2p.hub.core.FriendNodeEntity.OpenSession;
import io.streamrp2p.hub.core.FriendNodeEntity.Profile;
import io.streamrp2p.hub.core.FriendNodeEntity.Register;
import io.streamrp2p.hub.core.FriendNodeEntity.Registered;
import io.streamrp2p.hub.core.FriendNodeEntity.Reinstate;
import io.streamrp2p.hub.core.FriendNodeEntity.Reinstated;
import io.streamrp2p.hub.core.FriendNodeEntity.SessionClosed;
import io.streamrp2p.hub.core.FriendNodeEntity.SessionOpened;
import io.streamrp2p.hub.core.FriendNodeEntity.State;
import io.streamrp2p.hub.core.FriendNodeEntity.Summary;
import io.streamrp2p.hub.core.FriendNodeEntity.Suspend;
import io.streamrp2p.hub.core.FriendNodeEntity.Suspended;
import io.streamrp2p.hub.core.FriendNodeEntity.SuspendedNode;
import io.streamrp2p.hub.core.FriendNodeEntity.Unassign;
import io.streamrp2p.hub.core.FriendNodeEntity.Unassigned;
import io.streamrp2p.media.testing.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FriendNodeEntityTest {
  private static final ActorTestKit kit = EntityTestKits.create("friend-node-entity");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  private static final String URL = "https://relay.example.org:8443";
  private static final Profile PROFILE = new Profile("alice", HASH_A, KEY, URL, T0);

  private EventSourcedBehaviorTestKit<Command, Event, State> node;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    node =
        EventSourcedBehaviorTestKit.create(
            kit.system(), FriendNodeEntity.create("n_1", new TestClock(T0)));
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> ack(
      Function<ActorRef<StatusReply<Done>>, Command> command) {
    return node.runCommand(command::apply);
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Summary>> get() {
    return node.runCommand(Get::new);
  }

  private void registered() {
    ack(r -> new Register("alice", HASH_A, KEY, URL, r));
  }

  private static void rejected(CommandResultWithReply<Command, Event, State, ?> result) {
    assertThat(((StatusReply<?>) result.reply()).isError()).isTrue();
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void register_new_persistsRegistered() {
    var result = ack(r -> new Register("alice", HASH_A, KEY, URL, r));
    assertThat(result.reply().isSuccess()).isTrue();
    assertThat(result.event()).isEqualTo(new Registered("alice", HASH_A, KEY, URL, T0));
    assertThat(result.state()).isEqualTo(new Active(PROFILE, Optional.empty(), List.of()));
  }

  @Test
  void register_againOrMalformed_rejectedNothingPersisted() {
    rejected(ack(r -> new Register("Alice!", HASH_A, KEY, URL, r)));
    rejected(ack(r -> new Register("alice", "nothash", KEY, URL, r)));
    rejected(ack(r -> new Register("alice", HASH_A, "", URL, r)));
    registered();
    rejected(ack(r -> new Register("alice", HASH_A, KEY, URL, r)));
  }

  @Test
  void anyCommand_unregistered_rejectedNothingPersisted() {
    rejected(ack(r -> new OpenSession("x", r)));
    rejected(ack(r -> new CloseSession("x", r)));
    rejected(ack(r -> new Assign("s1", r)));
    rejected(ack(r -> new Unassign("s1", r)));
    rejected(ack(r -> new Suspend("why", r)));
    rejected(ack(Reinstate::new));
    rejected(get());
  }

  @Test
  void openSession_thenClose_persistsBoth() {
    registered();
    var open = ack(r -> new OpenSession("ws-1", r));
    assertThat(open.event()).isEqualTo(new SessionOpened("ws-1", T0));
    assertThat(ack(r -> new OpenSession("ws-1", r)).hasNoEvents()).isTrue();
    var close = ack(r -> new CloseSession("ws-1", r));
    assertThat(close.event()).isEqualTo(new SessionClosed("ws-1", T0));
    assertThat(((Active) close.state()).session()).isEmpty();
  }

  @Test
  void openSession_whileAnotherOpen_closesOldFirst() {
    registered();
    ack(r -> new OpenSession("ws-1", r));
    var reopen = ack(r -> new OpenSession("ws-2", r));
    assertThat(reopen.events())
        .containsExactly(new SessionClosed("ws-1", T0), new SessionOpened("ws-2", T0));
    assertThat(ack(r -> new CloseSession("ws-1", r)).hasNoEvents()).isTrue();
    rejected(ack(r -> new OpenSession(" ", r)));
  }

  @Test
  void assignAndUnassign_persistOnceEach() {
    registered();
    assertThat(ack(r -> new Assign("s1", r)).event()).isEqualTo(new Assigned("s1", T0));
    assertThat(ack(r -> new Assign("s1", r)).hasNoEvents()).isTrue();
    assertThat(get().reply().getValue().assignments()).containsExactly("s1");
    assertThat(ack(r -> new Unassign("s1", r)).event()).isEqualTo(new Unassigned("s1", T0));
    assertThat(ack(r -> new Unassign("s1", r)).hasNoEvents()).isTrue();
  }

  @Test
  void assign_badNameOrOverLimit_rejectedNothingPersisted() {
    registered();
    rejected(ack(r -> new Assign("Bad Name", r)));
    for (int i = 0; i < FriendNodeEntity.ASSIGNMENTS_MAX; i++) {
      String s = "s" + i;
      ack(r -> new Assign(s, r));
    }
    rejected(ack(r -> new Assign("one-more", r)));
  }

  @Test
  void suspend_active_dropsSessionAndAssignmentsUntilReinstated() {
    registered();
    ack(r -> new OpenSession("ws-1", r));
    ack(r -> new Assign("s1", r));
    var suspend = ack(r -> new Suspend("failed probes", r));
    assertThat(suspend.event()).isEqualTo(new Suspended("failed probes", T0));
    assertThat(suspend.state()).isEqualTo(new SuspendedNode(PROFILE, "failed probes", T0));
    rejected(ack(r -> new OpenSession("ws-2", r)));
    rejected(ack(r -> new Assign("s1", r)));
    rejected(ack(r -> new Suspend("again", r)));
    assertThat(get().reply().getValue().suspended()).isTrue();
    var reinstate = ack(Reinstate::new);
    assertThat(reinstate.event()).isEqualTo(new Reinstated(T0));
    assertThat(reinstate.state()).isEqualTo(new Active(PROFILE, Optional.empty(), List.of()));
  }

  @Test
  void suspend_blankOrHugeReason_rejectedNothingPersisted() {
    registered();
    rejected(ack(r -> new Suspend("", r)));
    rejected(ack(r -> new Suspend("x".repeat(FriendNodeEntity.REASON_CHARS_MAX + 1), r)));
  }

  @Test
  void reinstate_active_rejectedNothingPersisted() {
    registered();
    rejected(ack(Reinstate::new));
  }

  @Test
  void get_active_repliesSummary() {
    registered();
    var result = get();
    assertThat(result.reply().getValue())
        .isEqualTo(new Summary("n_1", PROFILE, false, Optional.empty(), List.of()));
    assertThat(result.hasNoEvents()).isTrue();
  }
}
