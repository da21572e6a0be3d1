package io.streamrp2p.ledger.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.ledger.Ledger;
import io.streamrp2p.ledger.transfer.AccountLegs;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.PersistenceConfig;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.awaitility.Awaitility;

/** A one-member cluster on {@code db} running the ledger's shards, as the hub runs them. */
public final class LedgerCluster implements AutoCloseable {
  public final ActorTestKit kit;
  public final Ledger ledger;

  private LedgerCluster(ActorTestKit kit, Ledger ledger) {
    this.kit = kit;
    this.ledger = ledger;
  }

  public static Config config(Database db) {
    return ConfigFactory.parseString(
            """
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.enabled = off
        pekko.loglevel = WARNING
        """)
        .withFallback(PersistenceConfig.forDatabase(db))
        .withFallback(ConfigFactory.load());
  }

  public static LedgerCluster start(
      Database db, TransferEntity.Settings settings, UnaryOperator<AccountLegs> legs) {
    ActorTestKit kit = ActorTestKit.create("ledger", config(db));
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    Awaitility.await()
        .atMost(20, TimeUnit.SECONDS)
        .until(() -> cluster.selfMember().status() == MemberStatus.up());
    return new LedgerCluster(kit, Ledger.init(kit.system(), Clock.systemUTC(), settings, legs));
  }

  public static LedgerCluster start(Database db) {
    return start(db, TransferEntity.Settings.DEFAULT, UnaryOperator.identity());
  }

  /** Waits for {@code stage}; fails the test after 30 s. */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure message of {@code stage}, which must fail. */
  public static String failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      return c.getCause() != null && c.getMessage() == null
          ? c.getCause().getMessage()
          : c.getMessage();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Override
  public void close() {
    kit.shutdownTestKit();
  }
}
