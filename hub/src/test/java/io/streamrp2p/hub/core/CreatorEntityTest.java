package io.streamrp2p.hub.core;

import static io.streamrp2p.hub.core.EntityTestKits.HASH_A;
import static io.streamrp2p.hub.core.EntityTestKits.HASH_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.hub.core.CreatorEntity.Account;
import io.streamrp2p.hub.core.CreatorEntity.AddNode;
import io.streamrp2p.hub.core.CreatorEntity.AddStream;
import io.streamrp2p.hub.core.CreatorEntity.Authenticate;
import io.streamrp2p.hub.core.CreatorEntity.Command;
import io.streamrp2p.hub.core.CreatorEntity.Event;
import io.streamrp2p.hub.core.CreatorEntity.Get;
import io.streamrp2p.hub.core.CreatorEntity.IssueToken;
import io.streamrp2p.hub.core.CreatorEntity.NodeAdded;
import io.streamrp2p.hub.core.CreatorEntity.Profile;
import io.streamrp2p.hub.core.CreatorEntity.Register;
import io.streamrp2p.hub.core.CreatorEntity.Registered;
import io.streamrp2p.hub.core.CreatorEntity.RevokeToken;
import io.streamrp2p.hub.core.CreatorEntity.State;
import io.streamrp2p.hub.core.CreatorEntity.StreamAdded;
import io.streamrp2p.hub.core.CreatorEntity.TokenIssued;
import io.streamrp2p.hub.core.CreatorEntity.TokenRevoked;
import io.streamrp2p.media.testing.TestClock;
import java.time.Instant;
import java.util.List;
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

class CreatorEntityTest {
  private static final ActorTestKit kit = EntityTestKits.create("creator-entity");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private EventSourcedBehaviorTestKit<Command, Event, State> creator;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    creator =
        EventSourcedBehaviorTestKit.create(
            kit.system(), CreatorEntity.create("alice", new TestClock(T0)));
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> ack(
      Function<ActorRef<StatusReply<Done>>, Command> command) {
    return creator.runCommand(command::apply);
  }

  private void registered() {
    ack(r -> new Register("t1", HASH_A, r));
  }

  @Test
  void register_new_persistsTokenHash() {
    var result = ack(r -> new Register("t1", HASH_A, r));
    assertThat(result.reply().isSuccess()).isTrue();
    assertThat(result.event()).isEqualTo(new Registered("t1", HASH_A, T0));
  }

  @Test
  void register_existingOrBadHash_rejectedNothingPersisted() {
    var bad = ack(r -> new Register("t1", "ct.alice.secret", r));
    assertThat(bad.reply().isError()).isTrue();
    assertThat(bad.hasNoEvents()).isTrue();
    registered();
    var again = ack(r -> new Register("t2", HASH_B, r));
    assertThat(again.reply().getError().getMessage()).contains("already exists");
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void anyCommand_unregistered_rejectedNothingPersisted() {
    var results =
        List.of(
            ack(r -> new IssueToken("t2", HASH_B, r)),
            ack(r -> new RevokeToken("t1", r)),
            ack(r -> new Authenticate(HASH_A, r)),
            ack(r -> new AddStream("s1", r)),
            ack(r -> new AddNode("n1", r)));
    for (var result : results) {
      assertThat(result.reply().getError().getMessage()).isEqualTo("no creator named alice");
      assertThat(result.hasNoEvents()).isTrue();
    }
    CommandResultWithReply<Command, Event, State, StatusReply<Profile>> get =
        creator.runCommand(Get::new);
    assertThat(get.reply().isError()).isTrue();
  }

  @Test
  void authenticate_liveRevokedAndWrongTokens() {
    registered();
    assertThat(ack(r -> new Authenticate(HASH_A, r)).reply().isSuccess()).isTrue();
    var wrong = ack(r -> new Authenticate(HASH_B, r));
    assertThat(wrong.reply().getError().getMessage()).isEqualTo("invalid token");
    assertThat(wrong.hasNoEvents()).isTrue();
    ack(r -> new IssueToken("t2", HASH_B, r));
    assertThat(ack(r -> new Authenticate(HASH_B, r)).reply().isSuccess()).isTrue();
    ack(r -> new RevokeToken("t1", r));
    assertThat(ack(r -> new Authenticate(HASH_A, r)).reply().isError()).isTrue();
  }

  @Test
  void issueToken_new_persistsTokenIssued() {
    registered();
    var result = ack(r -> new IssueToken("t2", HASH_B, r));
    assertThat(result.event()).isEqualTo(new TokenIssued("t2", HASH_B, T0));
    assertThat(((Account) result.state()).tokens()).containsOnlyKeys("t1", "t2");
  }

  @Test
  void issueToken_duplicateIdOrOverLimit_rejectedNothingPersisted() {
    registered();
    var dup = ack(r -> new IssueToken("t1", HASH_B, r));
    assertThat(dup.reply().isError()).isTrue();
    assertThat(dup.hasNoEvents()).isTrue();
    for (int i = 2; i <= CreatorEntity.TOKENS_MAX; i++) {
      String id = "t" + i;
      assertThat(ack(r -> new IssueToken(id, Secrets.hash(id), r)).reply().isSuccess()).isTrue();
    }
    var over = ack(r -> new IssueToken("t99", Secrets.hash("t99"), r));
    assertThat(over.reply().getError().getMessage()).contains("at most");
    assertThat(over.hasNoEvents()).isTrue();
  }

  @Test
  void revokeToken_knownAndUnknown() {
    registered();
    var unknown = ack(r -> new RevokeToken("t9", r));
    assertThat(unknown.reply().isError()).isTrue();
    assertThat(unknown.hasNoEvents()).isTrue();
    var known = ack(r -> new RevokeToken("t1", r));
    assertThat(known.event()).isEqualTo(new TokenRevoked("t1", T0));
  }

  @Test
  void addStreamAndNode_newThenRepeated_persistOnce() {
    registered();
    assertThat(ack(r -> new AddStream("s1", r)).event()).isEqualTo(new StreamAdded("s1"));
    assertThat(ack(r -> new AddStream("s1", r)).hasNoEvents()).isTrue();
    assertThat(ack(r -> new AddNode("n1", r)).event()).isEqualTo(new NodeAdded("n1"));
    assertThat(ack(r -> new AddNode("n1", r)).hasNoEvents()).isTrue();
    CommandResultWithReply<Command, Event, State, StatusReply<Profile>> get =
        creator.runCommand(Get::new);
    assertThat(get.reply().getValue())
        .isEqualTo(new Profile("alice", T0, List.of("s1"), List.of("n1")));
  }

  @Test
  void addStream_overLimit_rejectedNothingPersisted() {
    registered();
    for (int i = 0; i < CreatorEntity.STREAMS_MAX; i++) {
      String s = "s" + i;
      ack(r -> new AddStream(s, r));
    }
    var over = ack(r -> new AddStream("one-more", r));
    assertThat(over.reply().isError()).isTrue();
    assertThat(over.hasNoEvents()).isTrue();
  }
}
