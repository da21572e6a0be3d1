package io.streamrp2p.hub.core;

import com.typesafe.config.Config;
import io.streamrp2p.hub.TestHubs;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.PersistenceConfig;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;

/**
 * Persisted entity events per second on PostgreSQL with one hub member, and the time to recover
 * entities after a restart. Not part of the test suite (the name matches no surefire pattern); run
 * by ops/bench-entities.sh, which documents the properties.
 *
 * <p>Throughput: {@code bench.entities} Stream entities are driven in closed loops, {@code
 * bench.in-flight} asks per entity (an entity handles its commands in order, so more than one only
 * keeps its stash non-empty); every command persists one event. Only acknowledged events count, and
 * only those acknowledged inside the measured window, which starts after {@code
 * bench.warmup-seconds} of the same load (JIT, connection pool, statement caches, batch sizes at
 * their steady value). Afterwards the journal must hold exactly the events acknowledged.
 *
 * <p>Recovery: {@code bench.recovery-entities} streams exist (the driven ones among them); a new
 * actor system on the same database asks each for its state, all at once, and the time until every
 * one has answered is reported. A driven entity must answer with its last acknowledged session.
 */
class EntityEventsBench {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);

  private final int entities = Integer.getInteger("bench.entities", 2000);
  private final int inFlight = Integer.getInteger("bench.in-flight", 1);
  private final int warmup = Integer.getInteger("bench.warmup-seconds", 10);
  private final int seconds = Integer.getInteger("bench.seconds", 20);
  private final int recoveryEntities =
      Math.max(entities, Integer.getInteger("bench.recovery-entities", 10_000));

  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** Per driven entity, the session of its last acknowledged GoLive (with one ask in flight). */
  private AtomicReferenceArray<String> lastSession;

  @Test
  void persistedEventsPerSecond() throws Exception {
    require(entities >= 1 && inFlight >= 1 && seconds >= 1 && warmup >= 0, "bench sizes");
    Database db = TestDatabases.freshPostgres();
    String params = System.getProperty("bench.url-params", "");
    Config hubConfig = TestHubs.config(Files.createTempDirectory("bench"));
    // The pool a production hub gets (streamrp2p.db.pool-size), not the test databases' one.
    Database target =
        new Database(
            db.kind(),
            params.isEmpty() ? db.url() : db.url() + "?" + params,
            db.user(),
            db.password(),
            hubConfig.getInt("streamrp2p.db.pool-size"));
    Config config = PersistenceConfig.forDatabase(target).withFallback(hubConfig);
    lastSession = new AtomicReferenceArray<>(entities);
    try {
      Throughput t = throughput(config);
      long journal = count(db, "SELECT count(*) FROM event_journal");
      require(
          journal == recoveryEntities + acked.get(),
          "journal holds " + journal + " events, acknowledged " + (recoveryEntities + acked.get()));
      Recovery r = recover(config);
      double[] load = loadAverage();
      System.out.printf(
          "entities=%d in-flight=%d warmup=%ds seconds=%.1f events=%d "
              + "events/s=%.0f p50=%.1fms p99=%.1fms failed=%d | recovery entities=%d "
              + "start=%.1fs answers=%.1fs | load=%.1f,%.1f cores=%d%n",
          entities,
          inFlight,
          warmup,
          t.seconds,
          t.events,
          t.events / t.seconds,
          t.p50Ms,
          t.p99Ms,
          failed.get(),
          recoveryEntities,
          r.startSeconds,
          r.answerSeconds,
          load[0],
          load[1],
          Runtime.getRuntime().availableProcessors());
    } finally {
      TestDatabases.drop(db);
    }
  }

  private record Throughput(long events, double seconds, double p50Ms, double p99Ms) {}

  private record Recovery(double startSeconds, double answerSeconds) {}

  private Throughput throughput(Config config) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", config);
    try {
      Cluster.get(system).manager().tell(Join.create(Cluster.get(system).selfMember().address()));
      HubEntities.init(system, Clock.systemUTC());
      createStreams(system);
      EntityRef<StreamEntity.Command>[] refs = refs(system, entities);
      long start = System.nanoTime();
      long windowStart = start + TimeUnit.SECONDS.toNanos(warmup);
      long deadline = windowStart + TimeUnit.SECONDS.toNanos(seconds);
      Window window = new Window(windowStart, deadline);
      CompletableFuture<?>[] loops = new CompletableFuture<?>[entities * inFlight];
      for (int i = 0; i < loops.length; i++) {
        loops[i] = loop(refs[i % entities], i % entities, i / entities, window, 0);
      }
      CompletableFuture.allOf(loops).get(warmup + seconds + 120L, TimeUnit.SECONDS);
      require(failed.get() == 0, failed.get() + " asks failed");
      return window.result();
    } finally {
      stop(system);
    }
  }

  /** Creates every stream, the ones the recovery measurement reads back included. */
  private void createStreams(ActorSystem<?> system) throws Exception {
    EntityRef<StreamEntity.Command>[] refs = refs(system, recoveryEntities);
    CompletableFuture<?>[] created = new CompletableFuture<?>[recoveryEntities];
    for (int i = 0; i < recoveryEntities; i++) {
      String key = Secrets.hash("k" + i);
      created[i] =
          refs[i]
              .<Done>askWithStatus(
                  r -> new StreamEntity.Create("bench", key, StreamEntity.Settings.DEFAULT, r),
                  ASK_TIMEOUT)
              .toCompletableFuture();
    }
    CompletableFuture.allOf(created).get(120, TimeUnit.SECONDS);
  }

  /** Acknowledgements and their latencies inside the measured window. */
  private static final class Window {
    final long start;
    final long end;
    final AtomicLong events = new AtomicLong();

    /** Latencies in microseconds, sampled to bound memory (every event up to 2^22 events). */
    final long[] latencies = new long[1 << 22];

    Window(long start, long end) {
      this.start = start;
      this.end = end;
    }

    void acked(long sentNanos, long nowNanos) {
      if (nowNanos >= start && nowNanos < end) {
        long n = events.getAndIncrement();
        if (n < latencies.length) {
          latencies[(int) n] = (nowNanos - sentNanos) / 1000;
        }
      }
    }

    Throughput result() {
      int n = (int) Math.min(events.get(), latencies.length);
      long[] sorted = Arrays.copyOf(latencies, n);
      Arrays.sort(sorted);
      double p50 = n == 0 ? 0 : sorted[n / 2] / 1000.0;
      double p99 = n == 0 ? 0 : sorted[(int) (n * 0.99)] / 1000.0;
      return new Throughput(events.get(), (end - start) / 1e9, p50, p99);
    }
  }

  private CompletableFuture<Done> loop(
      EntityRef<StreamEntity.Command> ref, int entity, int lane, Window w, long n) {
    long sent = System.nanoTime();
    if (sent >= w.end) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    // A new session each time: every GoLive persists one WentLive event.
    String session = lane + "-" + n;
    return ref.<Done>askWithStatus(r -> new StreamEntity.GoLive("m", session, r), ASK_TIMEOUT)
        .toCompletableFuture()
        .handle(
            (d, e) -> {
              if (e != null) {
                failed.incrementAndGet();
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              acked.incrementAndGet();
              w.acked(sent, System.nanoTime());
              if (inFlight == 1) {
                lastSession.set(entity, session);
              }
              return loop(ref, entity, lane, w, n + 1);
            })
        .thenCompose(f -> f);
  }

  /** A new actor system on the same database asks every stream for its state. */
  private Recovery recover(Config config) throws Exception {
    long t0 = System.nanoTime();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", config);
    try {
      Cluster.get(system).manager().tell(Join.create(Cluster.get(system).selfMember().address()));
      HubEntities.init(system, Clock.systemUTC());
      long t1 = System.nanoTime();
      EntityRef<StreamEntity.Command>[] refs = refs(system, recoveryEntities);
      @SuppressWarnings("unchecked")
      CompletableFuture<StreamEntity.Summary>[] answers = new CompletableFuture[recoveryEntities];
      for (int i = 0; i < recoveryEntities; i++) {
        answers[i] =
            refs[i]
                .<StreamEntity.Summary>askWithStatus(StreamEntity.Get::new, ASK_TIMEOUT)
                .toCompletableFuture();
      }
      CompletableFuture.allOf(answers).get(300, TimeUnit.SECONDS);
      long t2 = System.nanoTime();
      for (int i = 0; i < entities; i++) {
        String expected = lastSession.get(i);
        if (expected != null) {
          String got = answers[i].get().live().map(StreamEntity.Ingest::session).orElse(null);
          require(expected.equals(got), "b" + i + " recovered " + got + ", acked " + expected);
        }
      }
      return new Recovery((t1 - t0) / 1e9, (t2 - t1) / 1e9);
    } finally {
      stop(system);
    }
  }

  /**
   * The streams' refs straight from sharding, not through {@link HubEntities}: the bench asks with
   * its own timeout, longer than the hub's, as thousands of entities answer at once.
   */
  @SuppressWarnings("unchecked")
  private static EntityRef<StreamEntity.Command>[] refs(ActorSystem<?> system, int n) {
    ClusterSharding sharding = ClusterSharding.get(system);
    EntityRef<StreamEntity.Command>[] refs = new EntityRef[n];
    for (int i = 0; i < n; i++) {
      refs[i] = sharding.entityRefFor(StreamEntity.ENTITY_KEY, "b" + i);
    }
    return refs;
  }

  private static void stop(ActorSystem<Void> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static long count(Database db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static double[] loadAverage() throws Exception {
    Path p = Path.of("/proc/loadavg");
    if (!Files.exists(p)) {
      return new double[] {-1, -1};
    }
    String[] f = Files.readString(p).trim().split(" ");
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
