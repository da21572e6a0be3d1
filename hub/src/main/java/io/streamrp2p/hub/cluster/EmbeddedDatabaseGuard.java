package io.streamrp2p.hub.cluster;

import io.streamrp2p.persistence.Database;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a member on the embedded database out of clusters of more than one member. Its entities'
 * journals are in its own H2 file, so an entity that moves to another member (a rebalance, a
 * member's death) would come back there without its history: quietly lost data. Such a member
 * refuses to start with seed nodes other than itself or with cluster bootstrap, and downs any
 * member that joins it anyway, saying why in both cases.
 */
public final class EmbeddedDatabaseGuard {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseGuard.class);

  /** Why, in every refusal. */
  public static final String WHY =
      "the embedded database (H2 in the data directory) is this member's alone, and an entity"
          + " that moved to another member would come back there without its history. A cluster"
          + " of more than one member needs PostgreSQL: set streamrp2p.db.url"
          + " (STREAMRP2P_DB_URL) to the jdbc:postgresql:// URL every member shares"
          + " (docs/operations.md, \"Cluster\")";

  private EmbeddedDatabaseGuard() {}

  /**
   * Why a member on {@code kind} may not join with these settings, or empty if it may.
   *
   * @param seedNodes the seed nodes it would join (streamrp2p's and Pekko's own)
   * @param bootstrap whether it would join through cluster bootstrap
   * @param self its own address, a seed that forms a cluster alone
   */
  static Optional<String> refusal(
      Database.Kind kind, List<String> seedNodes, boolean bootstrap, Address self) {
    if (kind != Database.Kind.H2) {
      return Optional.empty();
    }
    if (bootstrap) {
      return Optional.of("cluster bootstrap is on, but " + WHY);
    }
    List<String> others = seedNodes.stream().filter(s -> !s.equals(self.toString())).toList();
    if (!others.isEmpty()) {
      return Optional.of("seed nodes " + others + " are set, but " + WHY);
    }
    return Optional.empty();
  }

  /** Downs every other member that joins {@code system}'s cluster, logging why. */
  static void downOthers(ActorSystem system) {
    system.actorOf(Props.create(Refuser.class, Refuser::new), "embedded-database-guard");
  }

  private static final class Refuser extends AbstractActor {
    private final Cluster cluster = Cluster.get(getContext().getSystem());
    private final Set<Address> downed = new HashSet<>();

    @Override
    public void preStart() {
      cluster.subscribe(
          getSelf(),
          ClusterEvent.initialStateAsEvents(),
          ClusterEvent.MemberJoined.class,
          ClusterEvent.MemberWeaklyUp.class,
          ClusterEvent.MemberUp.class,
          ClusterEvent.MemberRemoved.class);
    }

    @Override
    public void postStop() {
      cluster.unsubscribe(getSelf());
    }

    @Override
    public Receive createReceive() {
      // A member that joins is seen joining, then weakly up or up: it is downed, and logged, once.
      return receiveBuilder()
          .match(ClusterEvent.MemberRemoved.class, e -> downed.remove(e.member().address()))
          .match(ClusterEvent.MemberEvent.class, e -> refuse(e.member()))
          .build();
    }

    private void refuse(Member m) {
      if (!m.address().equals(cluster.selfAddress()) && downed.add(m.address())) {
        log.error("member {} joined this member: downing it: {}", m.address(), WHY);
        cluster.down(m.address());
      }
    }
  }
}
