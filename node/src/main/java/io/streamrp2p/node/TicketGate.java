package io.streamrp2p.node;

import io.streamrp2p.media.live.ViewerGate;
import io.streamrp2p.protocol.node.TicketKey;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.TicketVerdict;
import io.streamrp2p.protocol.ticket.TicketVerifier;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's viewer gate: a viewer is served only with a ticket the hub signed for this node and
 * this stream, still valid; anything else gets 403 and the reason. Every served response names the
 * friend whose node serves it. The hub's keys come with each session's welcome.
 */
public final class TicketGate implements ViewerGate {
  /** The response header that names whose node serves a viewer. */
  public static final String SERVED_BY = "X-StreamrP2P-Node";

  private final String nodeId;
  private final Clock clock;
  private final List<Map.Entry<String, String>> headers;
  private volatile TicketVerifier verifier;

  public TicketGate(String nodeId, String owner, Clock clock) {
    this.nodeId = nodeId;
    this.clock = clock;
    this.headers = List.of(Map.entry(SERVED_BY, owner + "/" + nodeId));
  }

  /** The hub's current ticket keys, from a welcome. */
  public void trust(List<TicketKey> keys) {
    Map<String, PublicKey> m = new HashMap<>();
    for (TicketKey k : keys) {
      m.put(k.keyId(), Ed25519Keys.decodePublicKey(k.publicKey()));
    }
    verifier = new TicketVerifier(m);
  }

  @Override
  public Decision decide(Request r) {
    TicketVerifier v = verifier;
    if (v == null) {
      return new Refuse(403, "this node has not reached its hub yet; ask the hub again");
    }
    TicketVerdict verdict = v.verify(r.param("t"), nodeId, r.stream(), clock.millis());
    if (verdict instanceof TicketVerdict.Accepted a) {
      return new Serve(headers, a.ticket().ticketId());
    }
    return new Refuse(403, "ticket refused: " + verdict);
  }
}
