package io.streamrp2p.hub.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * The hub's sharded entities, and the operations that touch more than one of them (creating a
 * stream registers its key in the index and in its owner's account; rotating a key moves the index
 * entry).
 */
public final class HubEntities {
  /**
   * How long an entity may take to answer: it covers recovery from the journal and a cold start of
   * the cluster, and is short enough for an HTTP client to still be waiting.
   */
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(15);

  private final ClusterSharding sharding;

  private HubEntities(ClusterSharding sharding) {
    this.sharding = sharding;
  }

  /** Starts sharding for every entity type on this member. */
  public static HubEntities init(ActorSystem<?> system, Clock clock) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(StreamEntity.ENTITY_KEY, ctx -> StreamEntity.create(ctx.getEntityId(), clock)));
    sharding.init(
        Entity.of(KeyIndexEntity.ENTITY_KEY, ctx -> KeyIndexEntity.create(ctx.getEntityId())));
    sharding.init(
        Entity.of(CreatorEntity.ENTITY_KEY, ctx -> CreatorEntity.create(ctx.getEntityId(), clock)));
    sharding.init(
        Entity.of(InviteEntity.ENTITY_KEY, ctx -> InviteEntity.create(ctx.getEntityId(), clock)));
    sharding.init(
        Entity.of(
            FriendNodeEntity.ENTITY_KEY, ctx -> FriendNodeEntity.create(ctx.getEntityId(), clock)));
    sharding.init(
        Entity.of(
            OperatorEntity.ENTITY_KEY, ctx -> OperatorEntity.create(ctx.getEntityId(), clock)));
    return new HubEntities(sharding);
  }

  public StreamEntity.Client stream(String name) {
    return new StreamEntity.Client(sharding.entityRefFor(StreamEntity.ENTITY_KEY, name));
  }

  public KeyIndexEntity.Client keyIndex(String keyHash) {
    return new KeyIndexEntity.Client(sharding.entityRefFor(KeyIndexEntity.ENTITY_KEY, keyHash));
  }

  public CreatorEntity.Client creator(String name) {
    return new CreatorEntity.Client(sharding.entityRefFor(CreatorEntity.ENTITY_KEY, name));
  }

  public InviteEntity.Client invite(String codeHash) {
    return new InviteEntity.Client(sharding.entityRefFor(InviteEntity.ENTITY_KEY, codeHash));
  }

  public FriendNodeEntity.Client node(String id) {
    return new FriendNodeEntity.Client(sharding.entityRefFor(FriendNodeEntity.ENTITY_KEY, id));
  }

  public OperatorEntity.Client operator() {
    return new OperatorEntity.Client(
        sharding.entityRefFor(OperatorEntity.ENTITY_KEY, OperatorEntity.ID));
  }

  /**
   * Asks and unwraps the status: a rejection fails the stage with its message. Every entity's
   * {@code Client} asks through here and {@link #askOptional}, so they share one timeout.
   */
  static <M, T> CompletionStage<T> ask(
      EntityRef<M> ref, Function<ActorRef<StatusReply<T>>, M> command) {
    return ref.askWithStatus(command::apply, ASK_TIMEOUT);
  }

  /** Like {@link #ask}, with a rejection as an empty answer. */
  static <M, T> CompletionStage<Optional<T>> askOptional(
      EntityRef<M> ref, Function<ActorRef<StatusReply<T>>, M> command) {
    return ref.ask((ActorRef<StatusReply<T>> r) -> command.apply(r), ASK_TIMEOUT)
        .thenApply(
            reply -> reply.isSuccess() ? Optional.of(reply.getValue()) : Optional.<T>empty());
  }

  /**
   * Creates a stream owned by {@code owner}: the stream first (it is the authority and refuses a
   * taken name), then its key in the index, then the owner's list.
   */
  public CompletionStage<Done> createStream(
      String owner, String name, String keyHash, StreamEntity.Settings settings) {
    return stream(name)
        .create(owner, keyHash, settings)
        .thenCompose(d -> keyIndex(keyHash).claim(name))
        .thenCompose(d -> creator(owner).addStream(name));
  }

  /**
   * Gives a stream a new key: the new index entry first (so the key works as soon as the stream
   * accepts it), then the stream, then the old entry goes.
   */
  public CompletionStage<Done> rotateKey(String name, String newKeyHash) {
    return keyIndex(newKeyHash)
        .claim(name)
        .thenCompose(d -> stream(name).rotateKey(newKeyHash))
        .thenCompose(old -> keyIndex(old).release(name));
  }
}
