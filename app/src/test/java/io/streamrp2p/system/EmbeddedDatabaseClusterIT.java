package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member on the embedded database neither joins nor admits another member. */
class EmbeddedDatabaseClusterIT {
  @TempDir Path dir;

  @Test
  void embeddedDatabaseWithOtherSeedNodes_refusesToStartSayingWhy() {
    assertThatThrownBy(
            () ->
                TestHub.start(
                    dir, "streamrp2p.hub.cluster.seed-nodes = \"pekko://t@127.0.0.1:25999\""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("this member cannot join a cluster")
        .hasMessageContaining("seed nodes [pekko://t@127.0.0.1:25999] are set")
        .hasMessageContaining("needs PostgreSQL");
  }

  @Test
  void embeddedDatabaseMember_downsAMemberThatJoinsIt_andStaysAlone() throws Exception {
    try (TestHub hub = TestHub.start(dir)) {
      Cluster hubCluster = Cluster.get(hub.system());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> hubCluster.selfMember().status() == MemberStatus.up());
      // Another process with the hub's own cluster settings (so Pekko's compatibility check
      // admits it), joining this member as its seed.
      ActorSystem other =
          ActorSystem.create(
              hub.system().name(),
              ConfigFactory.parseString(
                      "pekko.remote.artery.canonical.port = 0\n"
                          + "pekko.cluster.seed-nodes = [\""
                          + hubCluster.selfAddress()
                          + "\"]\n"
                          + "pekko.coordinated-shutdown.exit-jvm = off\n")
                  .withFallback(hub.system().settings().config()));
      try {
        CountDownLatch removed = new CountDownLatch(1);
        Cluster.get(other).registerOnMemberRemoved(removed::countDown);
        assertThat(removed.await(60, TimeUnit.SECONDS))
            .as("the joining member was downed and removed")
            .isTrue();
        assertThat(LogCapture.contains("joined this member: downing it", "needs PostgreSQL"))
            .isTrue();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> hubCluster.state().members().size() == 1);
        assertThat(hubCluster.selfMember().status()).isEqualTo(MemberStatus.up());
      } finally {
        other.terminate();
        other.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
