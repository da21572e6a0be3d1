package io.streamrp2p.hub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.hub.core.KeyIndexEntity.Claim;
import io.streamrp2p.hub.core.KeyIndexEntity.Claimed;
import io.streamrp2p.hub.core.KeyIndexEntity.ClaimedBy;
import io.streamrp2p.hub.core.KeyIndexEntity.Command;
import io.streamrp2p.hub.core.KeyIndexEntity.Event;
import io.streamrp2p.hub.core.KeyIndexEntity.Lookup;
import io.streamrp2p.hub.core.KeyIndexEntity.Release;
import io.streamrp2p.hub.core.KeyIndexEntity.Released;
import io.streamrp2p.hub.core.KeyIndexEntity.State;
import io.streamrp2p.hub.core.KeyIndexEntity.Unclaimed;
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

class KeyIndexEntityTest {
  private static final ActorTestKit kit = EntityTestKits.create("key-index-entity");

  private EventSourcedBehaviorTestKit<Command, Event, State> index;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    index =
        EventSourcedBehaviorTestKit.create(
            kit.system(), KeyIndexEntity.create(EntityTestKits.HASH_A));
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> ack(
      Function<ActorRef<StatusReply<Done>>, Command> command) {
    return index.runCommand(command::apply);
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<String>> lookup() {
    return index.runCommand(Lookup::new);
  }

  @Test
  void claim_unclaimed_persistsClaimed() {
    var result = ack(r -> new Claim("s1", r));
    assertThat(result.reply().isSuccess()).isTrue();
    assertThat(result.event()).isEqualTo(new Claimed("s1"));
    assertThat(result.state()).isEqualTo(new ClaimedBy("s1"));
  }

  @Test
  void claim_badStreamName_rejectedNothingPersisted() {
    var result = ack(r -> new Claim("Bad Name", r));
    assertThat(result.reply().isError()).isTrue();
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void claim_sameStreamAgain_acksWithoutEvent() {
    ack(r -> new Claim("s1", r));
    var again = ack(r -> new Claim("s1", r));
    assertThat(again.reply().isSuccess()).isTrue();
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void claim_otherStream_rejectedNothingPersisted() {
    ack(r -> new Claim("s1", r));
    var other = ack(r -> new Claim("s2", r));
    assertThat(other.reply().getError().getMessage()).contains("in use");
    assertThat(other.hasNoEvents()).isTrue();
  }

  @Test
  void lookup_claimedAndUnclaimed_streamOrRejection() {
    var none = lookup();
    assertThat(none.reply().getError().getMessage()).isEqualTo("unknown stream key");
    assertThat(none.hasNoEvents()).isTrue();
    ack(r -> new Claim("s1", r));
    var found = lookup();
    assertThat(found.reply().getValue()).isEqualTo("s1");
    assertThat(found.hasNoEvents()).isTrue();
  }

  @Test
  void release_owner_persistsReleased() {
    ack(r -> new Claim("s1", r));
    var result = ack(r -> new Release("s1", r));
    assertThat(result.event()).isEqualTo(new Released("s1"));
    assertThat(result.state()).isEqualTo(new Unclaimed());
  }

  @Test
  void release_otherStreamOrUnclaimed_acksWithoutEvent() {
    var unclaimed = ack(r -> new Release("s1", r));
    assertThat(unclaimed.reply().isSuccess()).isTrue();
    assertThat(unclaimed.hasNoEvents()).isTrue();
    ack(r -> new Claim("s1", r));
    var other = ack(r -> new Release("s2", r));
    assertThat(other.reply().isSuccess()).isTrue();
    assertThat(other.hasNoEvents()).isTrue();
    assertThat(other.state()).isEqualTo(new ClaimedBy("s1"));
  }
}
