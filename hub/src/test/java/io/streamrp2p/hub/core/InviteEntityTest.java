package io.streamrp2p.hub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.hub.core.InviteEntity.Command;
import io.streamrp2p.hub.core.InviteEntity.Create;
import io.streamrp2p.hub.core.InviteEntity.Created;
import io.streamrp2p.hub.core.InviteEntity.Event;
import io.streamrp2p.hub.core.InviteEntity.Invitation;
import io.streamrp2p.hub.core.InviteEntity.Open;
import io.streamrp2p.hub.core.InviteEntity.Redeem;
import io.streamrp2p.hub.core.InviteEntity.Redeemed;
import io.streamrp2p.hub.core.InviteEntity.State;
import io.streamrp2p.hub.core.InviteEntity.Used;
import io.streamrp2p.media.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
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

class InviteEntityTest {
  private static final ActorTestKit kit = EntityTestKits.create("invite-entity");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant EXPIRES = T0.plus(Duration.ofHours(1));

  private TestClock clock;
  private EventSourcedBehaviorTestKit<Command, Event, State> invite;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    clock = new TestClock(T0);
    invite =
        EventSourcedBehaviorTestKit.create(
            kit.system(), InviteEntity.create(EntityTestKits.HASH_A, clock));
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> create(
      Optional<String> stream, Instant expires) {
    Function<ActorRef<StatusReply<Done>>, Command> c = r -> new Create("alice", stream, expires, r);
    return invite.runCommand(c::apply);
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Invitation>> redeem(
      String node) {
    Function<ActorRef<StatusReply<Invitation>>, Command> c = r -> new Redeem(node, r);
    return invite.runCommand(c::apply);
  }

  @Test
  void create_valid_persistsCreated() {
    var result = create(Optional.of("s1"), EXPIRES);
    assertThat(result.reply().isSuccess()).isTrue();
    assertThat(result.event()).isEqualTo(new Created("alice", Optional.of("s1"), EXPIRES, T0));
    assertThat(result.state()).isEqualTo(new Open("alice", Optional.of("s1"), EXPIRES));
  }

  @Test
  void create_pastOrTooFarExpiryOrBadStream_rejectedNothingPersisted() {
    var past = create(Optional.empty(), T0);
    var far = create(Optional.empty(), T0.plus(InviteEntity.TTL_MAX).plusSeconds(1));
    var badStream = create(Optional.of("No Such"), EXPIRES);
    for (var result : java.util.List.of(past, far, badStream)) {
      assertThat(result.reply().isError()).isTrue();
      assertThat(result.hasNoEvents()).isTrue();
    }
  }

  @Test
  void create_existing_rejectedNothingPersisted() {
    create(Optional.empty(), EXPIRES);
    var again = create(Optional.empty(), EXPIRES);
    assertThat(again.reply().getError().getMessage()).isEqualTo("invite already exists");
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void redeem_open_persistsRedeemedAndRepliesInviter() {
    create(Optional.of("s1"), EXPIRES);
    clock.advance(Duration.ofMinutes(5));
    var result = redeem("n_1");
    assertThat(result.reply().getValue()).isEqualTo(new Invitation("alice", Optional.of("s1")));
    assertThat(result.event()).isEqualTo(new Redeemed("n_1", T0.plus(Duration.ofMinutes(5))));
    assertThat(result.state()).isInstanceOf(Used.class);
  }

  @Test
  void redeem_twice_secondRejectedNothingPersisted() {
    create(Optional.empty(), EXPIRES);
    redeem("n_1");
    var second = redeem("n_2");
    assertThat(second.reply().getError().getMessage()).isEqualTo("invite already used");
    assertThat(second.hasNoEvents()).isTrue();
  }

  @Test
  void redeem_expired_rejectedNothingPersisted() {
    create(Optional.empty(), EXPIRES);
    clock.advance(Duration.ofHours(1));
    var result = redeem("n_1");
    assertThat(result.reply().getError().getMessage()).isEqualTo("invite expired");
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void redeem_unknownOrBlankNode_rejectedNothingPersisted() {
    var unknown = redeem("n_1");
    assertThat(unknown.reply().getError().getMessage()).isEqualTo("unknown invite");
    assertThat(unknown.hasNoEvents()).isTrue();
    create(Optional.empty(), EXPIRES);
    var blank = redeem("");
    assertThat(blank.reply().isError()).isTrue();
    assertThat(blank.hasNoEvents()).isTrue();
  }
}
