package io.streamrp2p.hub.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.hub.TestHubs;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.PersistenceConfig;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Time for a cluster to bring back {@code bench.recovery-entities} Stream entities after one of its
 * three members dies without leaving (its actor system stops without coordinated shutdown: no
 * leave, no hand-off, as with kill -9). The surviving member's failure detector marks it
 * unreachable, the split brain resolver downs it after {@code stable-after}, its shards move to the
 * survivor, and every entity is recovered from the journal when asked. Reported: the time until the
 * dead member was removed, and from then until every entity answered (asks sent to the dead member
 * before it was downed are lost with it, as they would be with any crash). Not part of the test
 * suite (the name matches no surefire pattern); run by ops/bench-entities.sh.
 */
class MemberKillRecoveryBench {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(180);

  private final int entities = Integer.getInteger("bench.recovery-entities", 10_000);

  @Test
  void recoveryAfterMemberKill() throws Exception {
    Database db = TestDatabases.freshPostgres();
    try {
      Config base =
          PersistenceConfig.forDatabase(db)
              .withFallback(TestHubs.config(Files.createTempDirectory("kill-bench")));
      ActorSystem<Void> a = ActorSystem.create(Behaviors.empty(), "hub", base);
      Address seed = Cluster.get(a).selfMember().address();
      Cluster.get(a).manager().tell(Join.create(seed));
      // Three members, so the two survivors are the majority the split brain resolver keeps.
      ActorSystem<Void> b = ActorSystem.create(Behaviors.empty(), "hub", base);
      Cluster.get(b).manager().tell(Join.create(seed));
      // The member that dies: stopping its actor system runs no coordinated shutdown.
      ActorSystem<Void> c =
          ActorSystem.create(
              Behaviors.empty(),
              "hub",
              ConfigFactory.parseString(
                      "pekko.coordinated-shutdown.run-by-actor-system-terminate = off")
                  .withFallback(base));
      Cluster.get(c).manager().tell(Join.create(seed));
      await(() -> upMembers(a) == 3 && upMembers(b) == 3 && upMembers(c) == 3, 60);
      HubEntities.init(a, Clock.systemUTC());
      HubEntities.init(b, Clock.systemUTC());
      HubEntities.init(c, Clock.systemUTC());
      // Asked through sharding, not HubEntities: the bench waits longer than the hub's ask
      // timeout, as every entity recovers at once.
      ClusterSharding onA = ClusterSharding.get(a);
      create(onA);

      long t0 = System.nanoTime();
      c.terminate();
      await(() -> memberCount(a) == 2, 180);
      long removed = System.nanoTime();
      // Asks sent to the dead member before it was downed are lost with it (clients retry);
      // from now on its shards are allocated on the survivor, which recovers them on demand.
      CompletableFuture<?>[] answers = new CompletableFuture<?>[entities];
      for (int i = 0; i < entities; i++) {
        answers[i] =
            onA.entityRefFor(StreamEntity.ENTITY_KEY, "r" + i)
                .<StreamEntity.Summary>askWithStatus(StreamEntity.Get::new, ASK_TIMEOUT)
                .toCompletableFuture();
      }
      CompletableFuture.allOf(answers).get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long answered = System.nanoTime();
      System.out.printf(
          "member kill: entities=%d stable-after=%s removed=%.1fs all-answered=%.1fs"
              + " recovery-after-removal=%.1fs%n",
          entities,
          a.settings().config().getString("pekko.cluster.split-brain-resolver.stable-after"),
          (removed - t0) / 1e9,
          (answered - t0) / 1e9,
          (answered - removed) / 1e9);
      for (ActorSystem<Void> s : java.util.List.of(a, b)) {
        s.terminate();
        s.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    } finally {
      TestDatabases.drop(db);
    }
  }

  private void create(ClusterSharding sharding) throws Exception {
    CompletableFuture<?>[] created = new CompletableFuture<?>[entities];
    for (int i = 0; i < entities; i++) {
      String key = Secrets.hash("rk" + i);
      created[i] =
          sharding
              .entityRefFor(StreamEntity.ENTITY_KEY, "r" + i)
              .<Done>askWithStatus(
                  r -> new StreamEntity.Create("bench", key, StreamEntity.Settings.DEFAULT, r),
                  ASK_TIMEOUT)
              .toCompletableFuture();
    }
    CompletableFuture.allOf(created).get(300, TimeUnit.SECONDS);
  }

  private static long upMembers(ActorSystem<?> s) {
    return StreamSupport.stream(Cluster.get(s).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .count();
  }

  private static long memberCount(ActorSystem<?> s) {
    return StreamSupport.stream(Cluster.get(s).state().getMembers().spliterator(), false).count();
  }

  private static void await(java.util.function.BooleanSupplier condition, int seconds) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(seconds))
        .pollInterval(Duration.ofMillis(50))
        .until(condition::getAsBoolean);
  }
}
