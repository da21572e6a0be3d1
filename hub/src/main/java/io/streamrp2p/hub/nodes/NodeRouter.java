package io.streamrp2p.hub.nodes;

import io.streamrp2p.media.live.ViewerGate;
import io.streamrp2p.protocol.ticket.TicketSigner;
import io.streamrp2p.protocol.ticket.TicketVerdict;
import io.streamrp2p.protocol.ticket.TicketVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * The hub's viewer gate: keeps up to {@code nodes.hub-viewers-max} viewers of a stream itself and
 * sends the rest to a healthy friend node relaying it, with a signed ticket. A node's own pull of a
 * stream carries a pull ticket this hub issued and is always served here. Answers from memory
 * ({@link NodeSessions}); runs on the front door's event loops.
 */
public final class NodeRouter implements ViewerGate {
  /** A pull ticket's viewer session starts with this, so a viewer's ticket never pulls. */
  static final String PULL_SESSION_PREFIX = "pull-";

  private static final SecureRandom random = new SecureRandom();

  private final NodeSessions sessions = new NodeSessions();
  private final TicketSigner signer;
  private final TicketVerifier verifier;
  private final NodeSettings settings;
  private final Clock clock;

  public NodeRouter(TicketKeys keys, NodeSettings settings, Clock clock) {
    this.signer = keys.signer();
    this.verifier = keys.verifier();
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Decision decide(Request r) {
    String ticket = r.param("t");
    if (ticket != null) {
      return pull(r, ticket);
    }
    if (r.door() != Door.HTTP_FLV && r.door() != Door.HLS_PLAYLIST) {
      return Serve.PLAIN; // segments of a playlist served here; RTMP cannot be redirected
    }
    if (r.viewersHere() < settings.hubViewersMax()) {
      return Serve.PLAIN;
    }
    return sessions.choose(r.stream()).<Decision>map(node -> redirect(r, node)).orElse(Serve.PLAIN);
  }

  private Decision redirect(Request r, NodeSessions.Live node) {
    String wire =
        signer
            .issue(r.stream(), node.nodeId, viewerSession(), clock.millis(), settings.ticketTtl())
            .wire();
    String path =
        r.door() == Door.HLS_PLAYLIST
            ? "/live/" + r.stream() + "/index.m3u8"
            : "/live/" + r.stream() + ".flv";
    return new Redirect(node.publicUrl + path + "?t=" + wire);
  }

  /** A node pulling a stream it was assigned: its ticket names it and the stream. */
  private Decision pull(Request r, String ticket) {
    String node = r.param("node");
    if (node == null) {
      return new Refuse(403, "a pull ticket comes with node=<node id>");
    }
    TicketVerdict v = verifier.verify(ticket, node, r.stream(), clock.millis());
    if (v instanceof TicketVerdict.Refusal refusal) {
      return new Refuse(403, "pull refused: " + refusal);
    }
    TicketVerdict.Accepted a = (TicketVerdict.Accepted) v;
    if (!a.ticket().viewerSession().startsWith(PULL_SESSION_PREFIX)) {
      return new Refuse(403, "pull refused: a viewer ticket does not pull from the hub");
    }
    return Serve.PLAIN;
  }

  /** The node sessions of this member, which the router chooses among. */
  public NodeSessions sessions() {
    return sessions;
  }

  /** A pull ticket for {@code nodeId}'s assignment of {@code stream}. */
  String pullTicket(String stream, String nodeId, String sessionId) {
    return signer
        .issue(
            stream, nodeId, PULL_SESSION_PREFIX + sessionId, clock.millis(), settings.ticketTtl())
        .wire();
  }

  private static String viewerSession() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return "v-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
