package io.streamrp2p.node;

import io.streamrp2p.media.hls.HlsService;
import io.streamrp2p.media.http.HttpApi;
import io.streamrp2p.media.http.front.HttpFront;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.rtmp.RtmpServer;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.stream.javadsl.Tcp;

/**
 * A running friend node: the media server's doors (HTTP-FLV, HLS, RTMP play) over the streams the
 * hub assigned, admitting only viewers with the hub's ticket, and its session to the hub.
 */
public final class FriendNode implements AutoCloseable {
  private final NodeIdentity identity;
  private final AssignedStreams assigned;
  private final LiveStreams streams;
  private final HubLink link;
  private final Tcp.ServerBinding rtmp;
  private final HttpFront http;

  private FriendNode(
      NodeIdentity identity,
      AssignedStreams assigned,
      LiveStreams streams,
      HubLink link,
      Tcp.ServerBinding rtmp,
      HttpFront http) {
    this.identity = identity;
    this.assigned = assigned;
    this.streams = streams;
    this.link = link;
    this.rtmp = rtmp;
    this.http = http;
  }

  /** Opens the doors, then connects to the hub. */
  public static FriendNode start(ActorSystem system, NodeIdentity id, NodeConfig config) {
    Clock clock = Clock.systemUTC();
    AssignedStreams assigned = new AssignedStreams(system, id.owner() + "/" + id.nodeId());
    TicketGate gate = new TicketGate(id.nodeId(), id.owner(), clock);
    LiveStreams streams = new LiveStreams(assigned, gate, config.live(), clock, system);
    assigned.serve(streams);
    HlsService hls = new HlsService(config.hls(), streams, system);
    HttpApi api = new HttpApi(streams, hls.route(), Directives.reject(), clock);
    Tcp.ServerBinding rtmp =
        RtmpServer.bind(system, config.rtmp(), streams, clock).toCompletableFuture().join();
    HttpFront http;
    try {
      http =
          HttpFront.bind(
              system, api.route(), streams, HttpFront.Settings.of(config.http(), Set.of()));
    } catch (RuntimeException e) {
      rtmp.unbind();
      throw e;
    }
    HubLink link = new HubLink(system, id, privateKey(id), config, assigned, streams, gate);
    link.connect();
    return new FriendNode(id, assigned, streams, link, rtmp, http);
  }

  private static PrivateKey privateKey(NodeIdentity id) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(id.privateKey())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("node.json holds no Ed25519 private key", e);
    }
  }

  public NodeIdentity identity() {
    return identity;
  }

  public InetSocketAddress httpAddress() {
    return http.localAddress();
  }

  public InetSocketAddress rtmpAddress() {
    return rtmp.localAddress();
  }

  /** The streams the hub assigned to this node now. */
  public Set<String> assigned() {
    return assigned.assigned();
  }

  /** Whether the session to the hub is open. */
  public boolean connected() {
    return link.sessionId() != null;
  }

  public LiveStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    link.close();
    rtmp.unbind();
    http.unbind();
    assigned.unassignAll("the node is shutting down");
    http.terminate(Duration.ofSeconds(2));
  }
}
