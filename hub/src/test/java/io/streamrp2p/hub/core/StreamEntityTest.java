package io.streamrp2p.hub.core;

import static io.streamrp2p.hub.core.EntityTestKits.HASH_A;
import static io.streamrp2p.hub.core.EntityTestKits.HASH_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.hub.core.StreamEntity.Active;
import io.streamrp2p.hub.core.StreamEntity.Authorize;
import io.streamrp2p.hub.core.StreamEntity.Command;
import io.streamrp2p.hub.core.StreamEntity.Create;
import io.streamrp2p.hub.core.StreamEntity.Created;
import io.streamrp2p.hub.core.StreamEntity.End;
import io.streamrp2p.hub.core.StreamEntity.Ended;
import io.streamrp2p.hub.core.StreamEntity.Event;
import io.streamrp2p.hub.core.StreamEntity.Get;
import io.streamrp2p.hub.core.StreamEntity.GoLive;
import io.streamrp2p.hub.core.StreamEntity.Ingest;
import io.streamrp2p.hub.core.StreamEntity.KeyRotated;
import io.streamrp2p.hub.core.StreamEntity.RotateKey;
import io.streamrp2p.hub.core.StreamEntity.Settings;
import io.streamrp2p.hub.core.StreamEntity.State;
import io.streamrp2p.hub.core.StreamEntity.WentLive;
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

class StreamEntityTest {
  private static final ActorTestKit kit = EntityTestKits.create("stream-entity");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestClock clock;
  private EventSourcedBehaviorTestKit<Command, Event, State> stream;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    clock = new TestClock(T0);
    stream = EventSourcedBehaviorTestKit.create(kit.system(), StreamEntity.create("s1", clock));
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> ack(
      Function<ActorRef<StatusReply<Done>>, Command> command) {
    return stream.runCommand(command::apply);
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<String>> rotate(
      Function<ActorRef<StatusReply<String>>, Command> command) {
    return stream.runCommand(command::apply);
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<StreamEntity.Summary>> get() {
    return stream.runCommand(Get::new);
  }

  private void created() {
    ack(r -> new Create("alice", HASH_A, new Settings(5), r));
    clock.advance(Duration.ofSeconds(1));
  }

  @Test
  void create_new_persistsCreatedAndAcks() {
    var result = ack(r -> new Create("alice", HASH_A, new Settings(5), r));
    assertThat(result.reply().isSuccess()).isTrue();
    assertThat(result.event()).isEqualTo(new Created("alice", HASH_A, new Settings(5), T0));
    assertThat(result.state())
        .isEqualTo(new Active("alice", HASH_A, new Settings(5), T0, T0, Optional.empty()));
  }

  @Test
  void create_existing_rejectedNothingPersisted() {
    created();
    var result = ack(r -> new Create("bob", HASH_B, Settings.DEFAULT, r));
    assertThat(result.reply().getError().getMessage()).contains("already exists");
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void create_badOwnerHashOrRate_rejectedNothingPersisted() {
    var badOwner = ack(r -> new Create("Alice!", HASH_A, Settings.DEFAULT, r));
    var badHash = ack(r -> new Create("alice", "sk_plain", Settings.DEFAULT, r));
    var badRate = ack(r -> new Create("alice", HASH_A, new Settings(-1), r));
    for (var result : java.util.List.of(badOwner, badHash, badRate)) {
      assertThat(result.reply().isError()).isTrue();
      assertThat(result.hasNoEvents()).isTrue();
    }
    assertThat(stream.getState()).isInstanceOf(StreamEntity.Empty.class);
  }

  @Test
  void anyCommand_unknownStream_rejected() {
    assertThat(ack(r -> new Authorize(HASH_A, r)).reply().isError()).isTrue();
    assertThat(rotate(r -> new RotateKey(HASH_B, r)).reply().isError()).isTrue();
    assertThat(ack(r -> new GoLive("m", "x", r)).reply().isError()).isTrue();
    assertThat(ack(r -> new End("x", r)).reply().isError()).isTrue();
    var get = get();
    assertThat(get.reply().getError().getMessage()).isEqualTo("no stream named s1");
    assertThat(get.hasNoEvents()).isTrue();
  }

  @Test
  void rotateKey_newHash_persistsKeyRotatedAndRepliesOldHash() {
    created();
    var result = rotate(r -> new RotateKey(HASH_B, r));
    assertThat(result.reply().getValue()).isEqualTo(HASH_A);
    assertThat(result.event()).isEqualTo(new KeyRotated(HASH_B, T0.plusSeconds(1)));
    assertThat(((Active) result.state()).keyHash()).isEqualTo(HASH_B);
  }

  @Test
  void rotateKey_sameOrMalformedHash_rejectedNothingPersisted() {
    created();
    var same = rotate(r -> new RotateKey(HASH_A, r));
    var malformed = rotate(r -> new RotateKey("nothex", r));
    assertThat(same.reply().isError()).isTrue();
    assertThat(same.hasNoEvents()).isTrue();
    assertThat(malformed.reply().isError()).isTrue();
    assertThat(malformed.hasNoEvents()).isTrue();
  }

  @Test
  void authorize_rightAndWrongHash_ackOrRejectNothingPersisted() {
    created();
    var right = ack(r -> new Authorize(HASH_A, r));
    var wrong = ack(r -> new Authorize(HASH_B, r));
    assertThat(right.reply().isSuccess()).isTrue();
    assertThat(right.hasNoEvents()).isTrue();
    assertThat(wrong.reply().getError().getMessage()).isEqualTo("wrong stream key");
    assertThat(wrong.hasNoEvents()).isTrue();
  }

  @Test
  void goLive_thenEnd_recordsIngestThenClearsIt() {
    created();
    var live = ack(r -> new GoLive("http://10.0.0.5:8080", "sess-1", r));
    assertThat(live.reply().isSuccess()).isTrue();
    assertThat(live.event())
        .isEqualTo(new WentLive("http://10.0.0.5:8080", "sess-1", T0.plusSeconds(1)));
    var summary = get().reply().getValue();
    assertThat(summary.live())
        .contains(new Ingest("http://10.0.0.5:8080", "sess-1", T0.plusSeconds(1)));
    var ended = ack(r -> new End("sess-1", r));
    assertThat(ended.event()).isEqualTo(new Ended("sess-1", T0.plusSeconds(1)));
    assertThat(((Active) ended.state()).live()).isEmpty();
  }

  @Test
  void goLive_sameSessionAgain_acksWithoutEvent() {
    created();
    ack(r -> new GoLive("m1", "sess-1", r));
    var again = ack(r -> new GoLive("m1", "sess-1", r));
    assertThat(again.reply().isSuccess()).isTrue();
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void goLive_newSession_takesOver() {
    created();
    ack(r -> new GoLive("m1", "sess-1", r));
    var takeover = ack(r -> new GoLive("m2", "sess-2", r));
    assertThat(takeover.event()).isEqualTo(new WentLive("m2", "sess-2", T0.plusSeconds(1)));
    var staleEnd = ack(r -> new End("sess-1", r));
    assertThat(staleEnd.reply().isSuccess()).isTrue();
    assertThat(staleEnd.hasNoEvents()).isTrue();
    assertThat(((Active) staleEnd.state()).live().map(Ingest::member)).contains("m2");
  }

  @Test
  void goLive_blankMemberOrSession_rejectedNothingPersisted() {
    created();
    var result = ack(r -> new GoLive("", "s", r));
    assertThat(result.reply().isError()).isTrue();
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void end_notLive_acksWithoutEvent() {
    created();
    var result = ack(r -> new End("sess-9", r));
    assertThat(result.reply().isSuccess()).isTrue();
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void get_created_repliesSummaryWithoutKeyHash() {
    created();
    var result = get();
    assertThat(result.reply().getValue())
        .isEqualTo(
            new StreamEntity.Summary("s1", "alice", new Settings(5), T0, T0, Optional.empty()));
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void restart_afterEvents_recoversSameState() {
    created();
    rotate(r -> new RotateKey(HASH_B, r));
    ack(r -> new GoLive("m1", "sess-1", r));
    State before = stream.getState();
    stream.restart();
    assertThat(stream.getState()).isEqualTo(before);
  }
}
