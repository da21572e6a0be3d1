package io.streamrp2p.ledger.entity;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.ShardCommand;

/**
 * Passivation decided by the entity, for ledger entities that keep working on their own timers (a
 * pending transfer that must expire, a payout polling its gateway). Sharding's idle passivation
 * counts only messages delivered through the shard, so it would stop such an entity in the middle
 * of its wait and its timer with it; these entity types run with no automatic passivation and ask
 * their shard to stop them when idle and not waiting for anything.
 *
 * @param <C> the entity's command type; {@code idle} is sent to it after {@code idleAfter} without
 *     a message, and again every {@code idleAfter} while it stays
 */
public final class IdlePassivation<C> {
  private final ActorContext<C> ctx;
  private final ActorRef<ShardCommand> shard;

  private IdlePassivation(ActorContext<C> ctx, ActorRef<ShardCommand> shard) {
    this.ctx = ctx;
    this.shard = shard;
  }

  /** {@code shard} null: the entity runs outside sharding (unit tests) and is never stopped. */
  public static <C> IdlePassivation<C> start(
      ActorContext<C> ctx, ActorRef<ShardCommand> shard, Duration idleAfter, C idle) {
    ctx.setReceiveTimeout(idleAfter, idle);
    return new IdlePassivation<>(ctx, shard);
  }

  /** Call on the idle message: asks the shard to stop the entity unless it is {@code busy}. */
  public void onIdle(boolean busy) {
    if (!busy && shard != null) {
      shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
    }
  }
}
