package io.streamrp2p.ledger.payout.evm;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.ledger.payout.evm.EvmPayout.State;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The V50 table behaves the same on PostgreSQL and embedded H2. */
class EvmPayoutStoreTest {
  @TempDir static Path dir;
  static Database postgres;
  static Database h2;

  static Stream<Database> databases() {
    if (postgres == null) {
      postgres = TestDatabases.freshPostgres();
      h2 = TestDatabases.freshH2(dir);
    }
    return Stream.of(postgres, h2);
  }

  @AfterAll
  static void drop() {
    if (postgres != null) {
      TestDatabases.drop(postgres);
    }
  }

  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  static EvmPayout signed(String id, String sender, long nonce) {
    return new EvmPayout(
        id,
        1337,
        sender,
        "0x" + "22".repeat(20),
        5,
        7,
        "native",
        nonce,
        String.format("0x%064x", id.hashCode() & 0xffffffffL),
        "0xf86b",
        State.SIGNED,
        null,
        T0,
        T0);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void insert_roundTripsEveryColumn(Database db) {
    EvmPayoutStore store = new EvmPayoutStore(db);
    EvmPayout p = signed("rt-" + db.kind(), "0x" + "a1".repeat(20), 3);

    assertThat(store.insert(p)).isTrue();

    assertThat(store.find(p.payoutId())).contains(p);
    assertThat(store.find("absent")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void insert_samePayoutIdOrSameNonce_refused(Database db) {
    EvmPayoutStore store = new EvmPayoutStore(db);
    String sender = "0x" + "b2".repeat(20);
    assertThat(store.insert(signed("n-a-" + db.kind(), sender, 0))).isTrue();

    assertThat(store.insert(signed("n-a-" + db.kind(), sender, 1))).isFalse();
    assertThat(store.insert(signed("n-b-" + db.kind(), sender, 0))).isFalse();
    assertThat(store.insert(signed("n-c-" + db.kind(), sender, 1))).isTrue();
    assertThat(store.maxNonce(1337, sender)).isEqualTo(OptionalLong.of(1));
    assertThat(store.maxNonce(1337, "0x" + "00".repeat(20))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void transition_onlyFromTheExpectedState(Database db) {
    EvmPayoutStore store = new EvmPayoutStore(db);
    String sender = "0x" + "c3".repeat(20);
    EvmPayout p = signed("t-" + db.kind(), sender, 0);
    store.insert(p);
    assertThat(store.signedNotSubmitted(1337, sender)).containsExactly(p);
    Instant later = T0.plus(1, ChronoUnit.MINUTES);

    assertThat(store.transition(p.payoutId(), State.SIGNED, State.SUBMITTED, null, later)).isTrue();
    assertThat(store.transition(p.payoutId(), State.SIGNED, State.FAILED, "x", later)).isFalse();
    assertThat(store.transition(p.payoutId(), State.SUBMITTED, State.CONFIRMED, null, later))
        .isTrue();

    EvmPayout now = store.find(p.payoutId()).orElseThrow();
    assertThat(now.state()).isEqualTo(State.CONFIRMED);
    assertThat(now.updatedAt()).isEqualTo(later);
    assertThat(store.signedNotSubmitted(1337, sender)).isEmpty();
  }
}
