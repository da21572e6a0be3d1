package io.streamrp2p.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.hub.core.HubBootstrap;
import io.streamrp2p.hub.core.StreamEntity;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hub's entities survive a restart of the whole actor system, on PostgreSQL and on the embedded
 * default; secrets are shown on the first start only.
 */
class HubPersistenceTest {
  @TempDir Path dir;

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("postgres"), Arguments.of("h2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void restart_afterFirstStart_keepsStreamsKeysAndOperator(String kind) throws Exception {
    Database db = kind.equals("postgres") ? TestDatabases.freshPostgres() : null;
    try {
      var config = TestHubs.config(dir.resolve("data"));
      Hub first = TestHubs.start("persist", config, db);
      HubBootstrap.Result setup = first.bootstrap();
      String demoKey = setup.streamKeys().get("demo").orElseThrow();
      assertThat(setup.operatorToken()).isPresent();
      assertThat(first.directory().streamForKey(demoKey).toCompletableFuture().get())
          .contains("demo");
      first
          .directory()
          .wentLive("demo", "http://127.0.0.1:1", "sess-1")
          .toCompletableFuture()
          .get();
      TestHubs.stop(first);

      Hub second = TestHubs.start("persist", config, db);
      try {
        assertThat(second.bootstrap().operatorToken()).isEmpty();
        assertThat(second.bootstrap().streamKeys()).containsEntry("demo", Optional.empty());
        assertThat(second.directory().streamForKey(demoKey).toCompletableFuture().get())
            .contains("demo");
        assertThat(second.directory().streamForKey("sk_wrong").toCompletableFuture().get())
            .isEmpty();
        assertThat(second.directory().ingestOf("demo").toCompletableFuture().get())
            .contains("http://127.0.0.1:1");
      } finally {
        TestHubs.stop(second);
      }
    } finally {
      if (db != null) {
        TestDatabases.drop(db);
      }
    }
  }

  @Test
  void start_configuredStreams_createdThenKeyUpdatedIdempotently() throws Exception {
    Path data = dir.resolve("configured");
    Hub first =
        TestHubs.start(
            "configured",
            TestHubs.config(data, "streamrp2p.hub.streams { s1 = k1, s2 = k2 }"),
            null);
    assertThat(first.bootstrap().streamKeys()).containsOnlyKeys("s1", "s2");
    assertThat(first.directory().streamForKey("k1").toCompletableFuture().get()).contains("s1");
    assertThat(first.directory().exists("s2").toCompletableFuture().get()).isTrue();
    assertThat(first.directory().exists("demo").toCompletableFuture().get()).isFalse();
    TestHubs.stop(first);

    Hub second =
        TestHubs.start(
            "configured",
            TestHubs.config(data, "streamrp2p.hub.streams { s1 = k1-new, s2 = k2 }"),
            null);
    try {
      var dir2 = second.directory();
      assertThat(dir2.streamForKey("k1").toCompletableFuture().get()).isEmpty();
      assertThat(dir2.streamForKey("k1-new").toCompletableFuture().get()).contains("s1");
      assertThat(dir2.streamForKey("k2").toCompletableFuture().get()).contains("s2");
      StreamEntity.Summary s1 =
          second.entities().stream("s1").find().toCompletableFuture().get().orElseThrow();
      assertThat(s1.owner()).isEqualTo(HubBootstrap.OPERATOR_CREATOR);
      Done d =
          second
              .entities()
              .rotateKey("s2", io.streamrp2p.hub.core.Secrets.hash("k2b"))
              .toCompletableFuture()
              .get();
      assertThat(d).isEqualTo(Done.getInstance());
      assertThat(dir2.streamForKey("k2").toCompletableFuture().get()).isEmpty();
      assertThat(dir2.streamForKey("k2b").toCompletableFuture().get()).contains("s2");
    } finally {
      TestHubs.stop(second);
    }
  }
}
