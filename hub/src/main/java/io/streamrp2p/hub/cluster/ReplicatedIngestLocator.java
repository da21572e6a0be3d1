package io.streamrp2p.hub.cluster;

import io.streamrp2p.hub.live.IngestLocator;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.DistributedData;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.pattern.Patterns;

/**
 * Where each stream's ingest is, in a replicated map (Pekko Distributed Data): stream name to
 * "session, member URL, member address". It holds only live state, nothing to keep across a
 * full restart, so it needs no journal. An entry whose member has left the cluster or is
 * unreachable is ignored, so a member killed with its streams live never sends relays to a dead
 * address. The Stream entity may take over this role; the interface is the same.
 */
public final class ReplicatedIngestLocator implements IngestLocator {
  private static final Key<LWWMap<String, String>> KEY = LWWMapKey.create("streamrp2p-ingest");
  private static final String SEP = "\n";

  /** Writes wait this long for a majority, then stay local and spread by gossip. */
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);

  private final ActorRef replicator;
  private final SelfUniqueAddress self;
  private final Cluster cluster;

  public ReplicatedIngestLocator(ActorSystem system) {
    DistributedData dd = DistributedData.get(system);
    this.replicator = dd.replicator();
    this.self = dd.selfUniqueAddress();
    this.cluster = Cluster.get(system);
  }

  @Override
  public CompletionStage<Void> wentLive(String stream, String member, String session) {
    String value = session + SEP + member + SEP + self.uniqueAddress().address();
    return update(m -> m.put(self, stream, value));
  }

  @Override
  public CompletionStage<Void> ended(String stream, String session) {
    return update(m -> {
      Optional<String> current = optional(m, stream);
      boolean same = current.isPresent() && current.get().split(SEP, 3)[0].equals(session);
      return same ? m.remove(self, stream) : m; // a newer session elsewhere stays
    });
  }

  @Override
  public CompletionStage<Optional<String>> ingestOf(String stream) {
    Replicator.Get<LWWMap<String, String>> get = new Replicator.Get<>(KEY, Replicator.readLocal());
    return Patterns.ask(replicator, get, WRITE_TIMEOUT).thenApply(reply -> {
      if (!(reply instanceof Replicator.GetSuccess<?> ok)) {
        return Optional.<String>empty(); // NotFound: nothing was ever live
      }
      @SuppressWarnings("unchecked")
      LWWMap<String, String> map = ((Replicator.GetSuccess<LWWMap<String, String>>) ok).get(KEY);
      return optional(map, stream)
          .map(v -> v.split(SEP, 3))
          .filter(parts -> reachableMembers().contains(parts[2]))
          .map(parts -> parts[1]);
    });
  }

  private CompletionStage<Void> update(
      java.util.function.Function<LWWMap<String, String>, LWWMap<String, String>> modify) {
    Replicator.Update<LWWMap<String, String>> update = new Replicator.Update<>(
        KEY, LWWMap.empty(), new Replicator.WriteMajority(WRITE_TIMEOUT), modify);
    // An UpdateTimeout still applied the change locally; gossip carries it to the others.
    return Patterns.ask(replicator, update, WRITE_TIMEOUT.plusSeconds(1)).thenApply(r -> null);
  }

  private Set<String> reachableMembers() {
    ClusterEvent.CurrentClusterState state = cluster.state();
    Set<Member> unreachable = state.getUnreachable();
    return java.util.stream.StreamSupport.stream(state.getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp()
            || m.status() == MemberStatus.leaving())
        .filter(m -> !unreachable.contains(m))
        .map(m -> m.address().toString())
        .collect(Collectors.toSet());
  }

  private static Optional<String> optional(LWWMap<String, String> map, String stream) {
    scala.Option<String> value = map.get(stream);
    return value.isDefined() ? Optional.of(value.get()) : Optional.empty();
  }
}
