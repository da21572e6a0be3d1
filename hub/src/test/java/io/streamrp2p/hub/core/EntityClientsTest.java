package io.streamrp2p.hub.core;

import static io.streamrp2p.hub.core.EntityTestKits.HASH_A;
import static io.streamrp2p.hub.core.EntityTestKits.HASH_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Each client method sends its one command, with the arguments in place, and turns the reply into
 * the stage's value: a rejection fails an ask and empties an optional ask. The entities are probes
 * here; their behaviour has its own tests.
 */
class EntityClientsTest {
  private static final ActorTestKit kit = EntityTestKits.create("entity-clients");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void streamClient_eachMethod_sendsItsCommandAndUnwrapsTheReply() throws Exception {
    TestProbe<StreamEntity.Command> probe = kit.createTestProbe();
    var client =
        new StreamEntity.Client(TestEntityRef.of(StreamEntity.ENTITY_KEY, "s1", probe.ref()));

    var created = client.create("alice", HASH_A, new StreamEntity.Settings(7));
    var create = probe.expectMessageClass(StreamEntity.Create.class);
    assertThat(create)
        .isEqualTo(
            new StreamEntity.Create(
                "alice", HASH_A, new StreamEntity.Settings(7), create.replyTo()));
    create.replyTo().tell(StatusReply.ack());
    assertThat(result(created)).isEqualTo(Done.getInstance());

    var rotated = client.rotateKey(HASH_B);
    var rotate = probe.expectMessageClass(StreamEntity.RotateKey.class);
    assertThat(rotate.keyHash()).isEqualTo(HASH_B);
    rotate.replyTo().tell(StatusReply.success(HASH_A));
    assertThat(result(rotated)).isEqualTo(HASH_A);

    var authorized = client.authorize(HASH_B);
    var authorize = probe.expectMessageClass(StreamEntity.Authorize.class);
    assertThat(authorize.keyHash()).isEqualTo(HASH_B);
    authorize.replyTo().tell(StatusReply.error("wrong stream key"));
    assertThat(result(authorized)).isEmpty();

    var live = client.goLive("m1", "sess1");
    var goLive = probe.expectMessageClass(StreamEntity.GoLive.class);
    assertThat(goLive).isEqualTo(new StreamEntity.GoLive("m1", "sess1", goLive.replyTo()));
    goLive.replyTo().tell(StatusReply.error("member and session must be set"));
    assertRejected(live, "member and session must be set");

    var ended = client.end("sess1");
    var end = probe.expectMessageClass(StreamEntity.End.class);
    assertThat(end.session()).isEqualTo("sess1");
    end.replyTo().tell(StatusReply.ack());
    assertThat(result(ended)).isEqualTo(Done.getInstance());

    var found = client.find();
    var summary =
        new StreamEntity.Summary(
            "s1", "alice", StreamEntity.Settings.DEFAULT, T0, T0, Optional.empty());
    probe.expectMessageClass(StreamEntity.Get.class).replyTo().tell(StatusReply.success(summary));
    assertThat(result(found)).contains(summary);
    probe.expectNoMessage();
  }

  @Test
  void keyIndexClient_eachMethod_sendsItsCommandAndUnwrapsTheReply() throws Exception {
    TestProbe<KeyIndexEntity.Command> probe = kit.createTestProbe();
    var client =
        new KeyIndexEntity.Client(TestEntityRef.of(KeyIndexEntity.ENTITY_KEY, HASH_A, probe.ref()));

    var claimed = client.claim("s1");
    var claim = probe.expectMessageClass(KeyIndexEntity.Claim.class);
    assertThat(claim.stream()).isEqualTo("s1");
    claim.replyTo().tell(StatusReply.error("the key is in use by another stream"));
    assertRejected(claimed, "the key is in use by another stream");

    var released = client.release("s1");
    var release = probe.expectMessageClass(KeyIndexEntity.Release.class);
    assertThat(release.stream()).isEqualTo("s1");
    release.replyTo().tell(StatusReply.ack());
    assertThat(result(released)).isEqualTo(Done.getInstance());

    var looked = client.lookup();
    probe.expectMessageClass(KeyIndexEntity.Lookup.class).replyTo().tell(StatusReply.success("s1"));
    assertThat(result(looked)).contains("s1");

    var unknown = client.lookup();
    probe
        .expectMessageClass(KeyIndexEntity.Lookup.class)
        .replyTo()
        .tell(StatusReply.error("unknown key"));
    assertThat(result(unknown)).isEmpty();
    probe.expectNoMessage();
  }

  @Test
  void creatorClient_eachMethod_sendsItsCommandAndUnwrapsTheReply() throws Exception {
    TestProbe<CreatorEntity.Command> probe = kit.createTestProbe();
    var client =
        new CreatorEntity.Client(TestEntityRef.of(CreatorEntity.ENTITY_KEY, "alice", probe.ref()));

    var registered = client.register("t1", HASH_A);
    var register = probe.expectMessageClass(CreatorEntity.Register.class);
    assertThat(register).isEqualTo(new CreatorEntity.Register("t1", HASH_A, register.replyTo()));
    register.replyTo().tell(StatusReply.error("creator alice already exists"));
    assertRejected(registered, "creator alice already exists");

    var tried = client.tryRegister("t2", HASH_B);
    var tryRegister = probe.expectMessageClass(CreatorEntity.Register.class);
    assertThat(tryRegister)
        .isEqualTo(new CreatorEntity.Register("t2", HASH_B, tryRegister.replyTo()));
    tryRegister.replyTo().tell(StatusReply.error("creator alice already exists"));
    assertThat(result(tried)).isEmpty();

    var authenticated = client.authenticate(HASH_A);
    var authenticate = probe.expectMessageClass(CreatorEntity.Authenticate.class);
    assertThat(authenticate.tokenHash()).isEqualTo(HASH_A);
    authenticate.replyTo().tell(StatusReply.ack());
    assertThat(result(authenticated)).contains(Done.getInstance());

    var streamAdded = client.addStream("s1");
    var addStream = probe.expectMessageClass(CreatorEntity.AddStream.class);
    assertThat(addStream.stream()).isEqualTo("s1");
    addStream.replyTo().tell(StatusReply.ack());
    assertThat(result(streamAdded)).isEqualTo(Done.getInstance());

    var nodeAdded = client.addNode("n_1");
    var addNode = probe.expectMessageClass(CreatorEntity.AddNode.class);
    assertThat(addNode.nodeId()).isEqualTo("n_1");
    addNode.replyTo().tell(StatusReply.ack());
    assertThat(result(nodeAdded)).isEqualTo(Done.getInstance());

    var profile = new CreatorEntity.Profile("alice", T0, List.of("s1"), List.of("n_1"));
    var got = client.get();
    probe.expectMessageClass(CreatorEntity.Get.class).replyTo().tell(StatusReply.success(profile));
    assertThat(result(got)).isEqualTo(profile);
    var missing = client.get();
    probe
        .expectMessageClass(CreatorEntity.Get.class)
        .replyTo()
        .tell(StatusReply.error("no creator named alice"));
    assertRejected(missing, "no creator named alice");
    var found = client.find();
    probe
        .expectMessageClass(CreatorEntity.Get.class)
        .replyTo()
        .tell(StatusReply.error("no creator named alice"));
    assertThat(result(found)).isEmpty();
    probe.expectNoMessage();
  }

  @Test
  void inviteClient_eachMethod_sendsItsCommandAndUnwrapsTheReply() throws Exception {
    TestProbe<InviteEntity.Command> probe = kit.createTestProbe();
    var client =
        new InviteEntity.Client(TestEntityRef.of(InviteEntity.ENTITY_KEY, HASH_A, probe.ref()));
    Instant expires = T0.plus(1, ChronoUnit.DAYS);

    var created = client.create("alice", Optional.of("s1"), expires);
    var create = probe.expectMessageClass(InviteEntity.Create.class);
    assertThat(create)
        .isEqualTo(new InviteEntity.Create("alice", Optional.of("s1"), expires, create.replyTo()));
    create.replyTo().tell(StatusReply.ack());
    assertThat(result(created)).isEqualTo(Done.getInstance());

    var invitation = new InviteEntity.Invitation("alice", Optional.of("s1"));
    var redeemed = client.redeem("n_1");
    var redeem = probe.expectMessageClass(InviteEntity.Redeem.class);
    assertThat(redeem.nodeId()).isEqualTo("n_1");
    redeem.replyTo().tell(StatusReply.success(invitation));
    assertThat(result(redeemed)).isEqualTo(invitation);

    var expired = client.redeem("n_2");
    probe
        .expectMessageClass(InviteEntity.Redeem.class)
        .replyTo()
        .tell(StatusReply.error("invite expired"));
    assertRejected(expired, "invite expired");
    probe.expectNoMessage();
  }

  @Test
  void friendNodeClient_eachMethod_sendsItsCommandAndUnwrapsTheReply() throws Exception {
    TestProbe<FriendNodeEntity.Command> probe = kit.createTestProbe();
    var client =
        new FriendNodeEntity.Client(
            TestEntityRef.of(FriendNodeEntity.ENTITY_KEY, "n_1", probe.ref()));

    var registered = client.register("alice", HASH_A, "key", "https://n1.example");
    var register = probe.expectMessageClass(FriendNodeEntity.Register.class);
    assertThat(register)
        .isEqualTo(
            new FriendNodeEntity.Register(
                "alice", HASH_A, "key", "https://n1.example", register.replyTo()));
    register.replyTo().tell(StatusReply.ack());
    assertThat(result(registered)).isEqualTo(Done.getInstance());

    var found = client.find();
    probe
        .expectMessageClass(FriendNodeEntity.Get.class)
        .replyTo()
        .tell(StatusReply.error("no node n_1"));
    assertThat(result(found)).isEmpty();
    probe.expectNoMessage();
  }

  @Test
  void operatorClient_eachMethod_sendsItsCommandAndUnwrapsTheReply() throws Exception {
    TestProbe<OperatorEntity.Command> probe = kit.createTestProbe();
    var client =
        new OperatorEntity.Client(
            TestEntityRef.of(OperatorEntity.ENTITY_KEY, OperatorEntity.ID, probe.ref()));

    var initialized = client.initialize(HASH_A);
    var initialize = probe.expectMessageClass(OperatorEntity.Initialize.class);
    assertThat(initialize.tokenHash()).isEqualTo(HASH_A);
    initialize.replyTo().tell(StatusReply.error("already initialized"));
    assertThat(result(initialized)).isEmpty();

    var authenticated = client.authenticate(HASH_A);
    var authenticate = probe.expectMessageClass(OperatorEntity.Authenticate.class);
    assertThat(authenticate.tokenHash()).isEqualTo(HASH_A);
    authenticate.replyTo().tell(StatusReply.ack());
    assertThat(result(authenticated)).contains(Done.getInstance());
    probe.expectNoMessage();
  }

  private static <T> T result(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** The stage failed with the entity's rejection, message and all. */
  private static void assertRejected(CompletionStage<?> stage, String message) {
    assertThatThrownBy(() -> result(stage))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(StatusReply.ErrorMessage.class)
        .hasMessage(message);
  }
}
