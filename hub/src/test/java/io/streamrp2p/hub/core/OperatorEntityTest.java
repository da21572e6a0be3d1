package io.streamrp2p.hub.core;

import static io.streamrp2p.hub.core.EntityTestKits.HASH_A;
import static io.streamrp2p.hub.core.EntityTestKits.HASH_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.hub.core.OperatorEntity.Authenticate;
import io.streamrp2p.hub.core.OperatorEntity.Command;
import io.streamrp2p.hub.core.OperatorEntity.Event;
import io.streamrp2p.hub.core.OperatorEntity.Initialize;
import io.streamrp2p.hub.core.OperatorEntity.Initialized;
import io.streamrp2p.hub.core.OperatorEntity.Ready;
import io.streamrp2p.hub.core.OperatorEntity.State;
import io.streamrp2p.media.testing.TestClock;
import java.time.Instant;
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

class OperatorEntityTest {
  private static final ActorTestKit kit = EntityTestKits.create("operator-entity");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private EventSourcedBehaviorTestKit<Command, Event, State> operator;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    operator =
        EventSourcedBehaviorTestKit.create(
            kit.system(), OperatorEntity.create(OperatorEntity.ID, new TestClock(T0)));
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> ack(
      Function<ActorRef<StatusReply<Done>>, Command> command) {
    return operator.runCommand(command::apply);
  }

  @Test
  void initialize_first_persistsOnlyTheHash() {
    var result = ack(r -> new Initialize(HASH_A, r));
    assertThat(result.reply().isSuccess()).isTrue();
    assertThat(result.event()).isEqualTo(new Initialized(HASH_A, T0));
    assertThat(result.state()).isEqualTo(new Ready(HASH_A, T0));
  }

  @Test
  void initialize_again_rejectedNothingPersisted() {
    ack(r -> new Initialize(HASH_A, r));
    var again = ack(r -> new Initialize(HASH_B, r));
    assertThat(again.reply().getError().getMessage()).isEqualTo("already initialized");
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void initialize_notAHash_rejectedNothingPersisted() {
    var result = ack(r -> new Initialize("op_plaintext", r));
    assertThat(result.reply().isError()).isTrue();
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void authenticate_rightWrongOrUninitialized_ackOrReject() {
    assertThat(ack(r -> new Authenticate(HASH_A, r)).reply().isError()).isTrue();
    ack(r -> new Initialize(HASH_A, r));
    var right = ack(r -> new Authenticate(HASH_A, r));
    var wrong = ack(r -> new Authenticate(HASH_B, r));
    assertThat(right.reply().isSuccess()).isTrue();
    assertThat(right.hasNoEvents()).isTrue();
    assertThat(wrong.reply().getError().getMessage()).isEqualTo("invalid token");
    assertThat(wrong.hasNoEvents()).isTrue();
  }
}
