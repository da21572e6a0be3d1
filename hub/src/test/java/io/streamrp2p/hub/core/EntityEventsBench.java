package io.streamrp2p.hub.core;

import com.typesafe.config.Config;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import io.streamrp2p.hub.TestHubs;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.PersistenceConfig;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * Persisted entity events per second on PostgreSQL with one hub member: many Stream entities,
 * each with one command in flight at a time (an entity handles its commands in order), every
 * command persisting one event. Not part of the test suite (the name matches no surefire
 * pattern); run by ops/bench-entities.sh. Sizes: -Dbench.entities, -Dbench.seconds.
 */
class EntityEventsBench {
  @Test
  void persistedEventsPerSecond() throws Exception {
    int entities = Integer.getInteger("bench.entities", 2000);
    int seconds = Integer.getInteger("bench.seconds", 20);
    Database db = TestDatabases.freshPostgres();
    String params = System.getProperty("bench.url-params", "");
    Database target = params.isEmpty() ? db
        : new Database(db.kind(), db.url() + "?" + params, db.user(), db.password(), db.poolSize());
    Config config = PersistenceConfig.forDatabase(target)
        .withFallback(TestHubs.config(Files.createTempDirectory("bench")));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", config);
    try {
      Cluster.get(system).manager().tell(Join.create(Cluster.get(system).selfMember().address()));
      HubEntities hub = HubEntities.init(system, Clock.systemUTC());
      CompletableFuture<?>[] created = new CompletableFuture<?>[entities];
      for (int i = 0; i < entities; i++) {
        String key = Secrets.hash("k" + i);
        created[i] = hub.stream("b" + i).<Done>askWithStatus(r -> new StreamEntity.Create(
            "bench", key, StreamEntity.Settings.DEFAULT, r), Duration.ofSeconds(60))
            .toCompletableFuture();
      }
      CompletableFuture.allOf(created).get(120, TimeUnit.SECONDS);
      run(hub, entities, 5); // warm-up: JIT, connection pool, statement caches
      long events = run(hub, entities, seconds);
      System.out.printf("entities=%d seconds=%d events=%d events/s=%.0f%n",
          entities, seconds, events, events / (double) seconds);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      TestDatabases.drop(db);
    }
  }

  /** Drives every entity in a loop for {@code seconds}; returns the events persisted. */
  private static long run(HubEntities hub, int entities, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong done = new AtomicLong();
    CompletableFuture<?>[] loops = new CompletableFuture<?>[entities];
    for (int i = 0; i < entities; i++) {
      loops[i] = loop(hub, "b" + i, deadline, done, 0);
    }
    CompletableFuture.allOf(loops).get(seconds + 60L, TimeUnit.SECONDS);
    return done.get();
  }

  private static CompletableFuture<Done> loop(
      HubEntities hub, String name, long deadline, AtomicLong done, long n) {
    if (System.nanoTime() >= deadline) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    // A new session each time: every GoLive persists one WentLive event.
    return hub.stream(name).<Done>askWithStatus(
            r -> new StreamEntity.GoLive("m", name + "-" + n + "-" + System.nanoTime(), r),
            Duration.ofSeconds(30))
        .toCompletableFuture()
        .thenCompose(d -> {
          done.incrementAndGet();
          return loop(hub, name, deadline, done, n + 1);
        });
  }
}
