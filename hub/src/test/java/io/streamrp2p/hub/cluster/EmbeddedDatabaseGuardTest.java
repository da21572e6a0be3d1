package io.streamrp2p.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.persistence.Database;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseGuardTest {
  private static final Address SELF = new Address("pekko", "streamrp2p", "10.0.0.5", 25520);

  @Test
  void embeddedDatabase_aloneOrItsOwnSeed_mayStart() {
    assertThat(EmbeddedDatabaseGuard.refusal(Database.Kind.H2, List.of(), false, SELF)).isEmpty();
    assertThat(
            EmbeddedDatabaseGuard.refusal(
                Database.Kind.H2, List.of("pekko://streamrp2p@10.0.0.5:25520"), false, SELF))
        .isEmpty();
  }

  @Test
  void embeddedDatabase_otherSeedsOrBootstrap_refusedSayingWhy() {
    assertThat(
            EmbeddedDatabaseGuard.refusal(
                Database.Kind.H2,
                List.of("pekko://streamrp2p@10.0.0.5:25520", "pekko://streamrp2p@10.0.0.6:25520"),
                false,
                SELF))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("seed nodes [pekko://streamrp2p@10.0.0.6:25520] are set, but ")
                    .contains("needs PostgreSQL", "STREAMRP2P_DB_URL"));
    assertThat(EmbeddedDatabaseGuard.refusal(Database.Kind.H2, List.of(), true, SELF))
        .hasValueSatisfying(why -> assertThat(why).startsWith("cluster bootstrap is on, but "));
  }

  @Test
  void postgres_mayJoinAnyCluster() {
    assertThat(
            EmbeddedDatabaseGuard.refusal(
                Database.Kind.POSTGRES, List.of("pekko://streamrp2p@10.0.0.6:25520"), true, SELF))
        .isEmpty();
  }
}
