package io.streamrp2p.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Events written through the JDBC journal survive a restart, on PostgreSQL and embedded H2. */
class JournalTest {
  @TempDir static Path dir;

  sealed interface Command extends CborSerializable {}

  record Add(long amount, ActorRef<Long> replyTo) implements Command {}

  record Get(ActorRef<Long> replyTo) implements Command {}

  record Added(long amount) implements CborSerializable {}

  record Total(long value) implements CborSerializable {}

  static Behavior<Command> counter(String id) {
    return new EventSourcedBehavior<Command, Added, Total>(PersistenceId.ofUniqueId(id)) {
      @Override
      public Total emptyState() {
        return new Total(0);
      }

      @Override
      public CommandHandler<Command, Added, Total> commandHandler() {
        return newCommandHandlerBuilder()
            .forAnyState()
            .onCommand(
                Add.class,
                (s, c) ->
                    Effect().persist(new Added(c.amount())).thenReply(c.replyTo(), t -> t.value()))
            .onCommand(Get.class, (s, c) -> Effect().none().thenReply(c.replyTo(), Total::value))
            .build();
      }

      @Override
      public EventHandler<Total, Added> eventHandler() {
        return newEventHandlerBuilder()
            .forAnyState()
            .onEvent(Added.class, (s, e) -> new Total(Math.addExact(s.value(), e.amount())))
            .build();
      }
    };
  }

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("postgres"), Arguments.of("h2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void persist_restart_recoversEventsAsCborNotJava(String kind) throws Exception {
    Database db =
        kind.equals("postgres")
            ? TestDatabases.freshPostgres()
            : TestDatabases.freshH2(dir.resolve("h2-" + System.nanoTime()));
    try {
      Config config = PersistenceConfig.forDatabase(db).withFallback(ConfigFactory.load());
      ActorTestKit first = ActorTestKit.create("journal", config);
      TestProbe<Long> probe = first.createTestProbe();
      ActorRef<Command> c = first.spawn(counter("counter-1"));
      for (long a : List.of(5L, 7L, 30L)) {
        c.tell(new Add(a, probe.ref()));
      }
      assertThat(probe.receiveSeveralMessages(3, Duration.ofSeconds(20)))
          .containsExactly(5L, 12L, 42L);
      first.shutdownTestKit();

      ActorTestKit second = ActorTestKit.create("journal", config);
      TestProbe<Long> p2 = second.createTestProbe();
      second.spawn(counter("counter-1")).tell(new Get(p2.ref()));
      assertThat(p2.receiveMessage(Duration.ofSeconds(20))).isEqualTo(42L);
      int cbor =
          SerializationExtension.get(second.system().classicSystem())
              .serializerFor(Added.class)
              .identifier();
      second.shutdownTestKit();

      assertThat(
              SerializationExtension.get(second.system().classicSystem())
                  .serializerFor(Added.class)
                  .getClass()
                  .getSimpleName())
          .isEqualTo("JacksonCborSerializer");
      assertThat(serializerIds(db)).containsOnly(cbor);
    } finally {
      TestDatabases.drop(db);
    }
  }

  private static List<Integer> serializerIds(Database db) throws Exception {
    String table = db.kind() == Database.Kind.H2 ? "\"event_journal\"" : "event_journal";
    String col = db.kind() == Database.Kind.H2 ? "\"event_ser_id\"" : "event_ser_id";
    try (Connection conn = DriverManager.getConnection(db.url(), db.user(), db.password());
        ResultSet rs = conn.createStatement().executeQuery("SELECT " + col + " FROM " + table)) {
      List<Integer> ids = new java.util.ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
      assertThat(ids).hasSize(3);
      return ids;
    }
  }
}
