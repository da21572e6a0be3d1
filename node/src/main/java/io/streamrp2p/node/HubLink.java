package io.streamrp2p.node;

import io.streamrp2p.media.http.WebSocketText;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.protocol.node.Assign;
import io.streamrp2p.protocol.node.Auth;
import io.streamrp2p.protocol.node.Challenge;
import io.streamrp2p.protocol.node.Close;
import io.streamrp2p.protocol.node.ErrorMessage;
import io.streamrp2p.protocol.node.Heartbeat;
import io.streamrp2p.protocol.node.NodeMessage;
import io.streamrp2p.protocol.node.NodeMessageCodec;
import io.streamrp2p.protocol.node.NodeProtocolException;
import io.streamrp2p.protocol.node.ReasonCode;
import io.streamrp2p.protocol.node.StreamHealth;
import io.streamrp2p.protocol.node.StreamState;
import io.streamrp2p.protocol.node.Unassign;
import io.streamrp2p.protocol.node.Welcome;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one websocket session to the hub: answers the challenge with its key, keeps the hub's
 * ticket keys, follows assignments, and reports its load every heartbeat interval. When the
 * connection drops it reconnects with exponential backoff and jitter, trying the listed hub members
 * in turn; its viewers keep playing meanwhile, and its assignments are dropped only when the hub
 * stays away longer than {@code session.hub-grace}.
 */
final class HubLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HubLink.class);

  /** How often a newly assigned stream is checked until it serves; 75 checks are 15 s. */
  static final Duration SERVING_CHECK = Duration.ofMillis(200);

  static final int SERVING_CHECKS_MAX = 75;

  /** Frames queued for the hub; a session sends a heartbeat every few seconds and little else. */
  static final int OUT_FRAMES_MAX = 64;

  private final ActorSystem system;
  private final Materializer materializer;
  private final NodeIdentity id;
  private final PrivateKey key;
  private final NodeConfig config;
  private final AssignedStreams assigned;
  private final LiveStreams streams;
  private final TicketGate gate;
  private int attempt;
  private Duration backoff;
  private BoundedSourceQueue<Message> out;
  private String hubUrl;
  private Cancellable heartbeats;
  private Cancellable reconnect;
  private Cancellable dropAssignments;
  private volatile boolean closed;
  private volatile String sessionId;

  HubLink(
      ActorSystem system,
      NodeIdentity id,
      PrivateKey key,
      NodeConfig config,
      AssignedStreams assigned,
      LiveStreams streams,
      TicketGate gate) {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.id = id;
    this.key = key;
    this.config = config;
    this.assigned = assigned;
    this.streams = streams;
    this.gate = gate;
    this.backoff = config.backoffMin();
  }

  /** The open session's id, or null while the hub is away. */
  String sessionId() {
    return sessionId;
  }

  synchronized void connect() {
    if (closed) {
      return;
    }
    hubUrl = id.hubs().get(attempt++ % id.hubs().size());
    String ws = hubUrl.replaceFirst("^http", "ws") + "/api/v1/nodes/session";
    Pair<BoundedSourceQueue<Message>, Source<Message, org.apache.pekko.NotUsed>> q =
        Source.<Message>queue(OUT_FRAMES_MAX).preMaterialize(materializer);
    BoundedSourceQueue<Message> queue = q.first();
    out = queue;
    Sink<Message, CompletionStage<Done>> in =
        Flow.<Message>create()
            .mapAsync(1, this::text)
            .toMat(Sink.foreach(t -> onFrame(queue, t)), Keep.right());
    Pair<
            CompletionStage<org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse>,
            CompletionStage<Done>>
        run =
            Http.get(system)
                .singleWebSocketRequest(
                    WebSocketRequest.create(ws),
                    Flow.fromSinkAndSourceCoupledMat(in, q.second(), Keep.left()),
                    materializer);
    String url = hubUrl;
    run.first()
        .whenComplete(
            (upgrade, e) -> {
              if (e != null) {
                log.warn("hub {}: cannot connect: {}", url, e.getMessage());
              } else if (!upgrade.isValid()) {
                log.warn("hub {}: refused the session: {}", url, upgrade.invalidationReason());
              }
            });
    run.second().whenComplete((d, e) -> disconnected(queue, url));
  }

  /** A frame's text; a binary one is skipped (""), an oversized one ends the connection. */
  private CompletionStage<String> text(Message m) {
    return WebSocketText.read(m, NodeMessageCodec.FRAME_BYTES_MAX, materializer)
        .exceptionally(
            e -> {
              WebSocketText.RefusedException r = WebSocketText.refusal(e);
              if (r == null || r.tooLarge()) {
                throw new CompletionException(e);
              }
              return "";
            });
  }

  private synchronized void onFrame(BoundedSourceQueue<Message> queue, String frame) {
    if (queue != out || frame.isEmpty()) {
      return;
    }
    NodeMessage m;
    try {
      m = NodeMessageCodec.decode(frame);
    } catch (NodeProtocolException e) {
      log.warn("hub {}: sent a bad frame: {}", hubUrl, e.getMessage());
      if (e.reason() == ReasonCode.UNKNOWN_TYPE) {
        send(new ErrorMessage(ReasonCode.UNKNOWN_TYPE, e.getMessage()));
      } else {
        send(new Close(e.reason(), e.getMessage()));
        queue.complete();
      }
      return;
    }
    if (m instanceof Challenge c) {
      byte[] nonce = Base64.getUrlDecoder().decode(c.nonce());
      byte[] sig = NodeProof.sign(key, nonce, id.nodeId(), NodeProof.origin(hubUrl));
      send(new Auth(id.nodeId(), Base64.getUrlEncoder().withoutPadding().encodeToString(sig)));
    } else if (m instanceof Welcome w) {
      welcomed(w);
    } else if (m instanceof Assign a) {
      assigned.assign(a.assignment().stream(), a.assignment().pullUrls().get(0));
      reportWhenServing(a.assignment().stream(), SERVING_CHECKS_MAX);
    } else if (m instanceof Unassign u) {
      assigned.unassign(u.stream(), "the hub unassigned it: " + u.reason().wire());
    } else if (m instanceof ErrorMessage e) {
      log.warn("hub {}: {}: {}", hubUrl, e.code().wire(), e.message());
    } else if (m instanceof Close c) {
      log.warn("hub {}: closed the session: {}: {}", hubUrl, c.reason().wire(), c.message());
    }
  }

  private void welcomed(Welcome w) {
    gate.trust(w.ticketKeys());
    sessionId = w.sessionId();
    backoff = config.backoffMin();
    if (dropAssignments != null) {
      dropAssignments.cancel();
      dropAssignments = null;
    }
    for (var a : w.assignments()) {
      assigned.assign(a.stream(), a.pullUrls().get(0));
    }
    Duration every = Duration.ofMillis(w.heartbeatIntervalMs());
    heartbeats =
        system
            .scheduler()
            .scheduleWithFixedDelay(Duration.ZERO, every, this::heartbeat, system.dispatcher());
    log.info("hub {}: session {} open as node {}", hubUrl, sessionId, id.nodeId());
  }

  /**
   * Sends a heartbeat as soon as {@code stream} serves, instead of at the next interval: the hub
   * sends viewers only to a node that reported the stream serving, so this is what a newly assigned
   * node's first viewer waits for. Checks every {@link #SERVING_CHECK} a bounded number of times.
   */
  private void reportWhenServing(String stream, int checksLeft) {
    if (checksLeft <= 0 || closed) {
      return;
    }
    boolean serving =
        streams.find(stream).filter(s -> s.state() == LiveStream.State.LIVE).isPresent();
    if (serving) {
      heartbeat();
      return;
    }
    system
        .scheduler()
        .scheduleOnce(
            SERVING_CHECK, () -> reportWhenServing(stream, checksLeft - 1), system.dispatcher());
  }

  private synchronized void heartbeat() {
    if (out == null || sessionId == null) {
      return;
    }
    send(load());
  }

  /** What the node carries now: viewers, upload in use and left, and each stream's state. */
  Heartbeat load() {
    List<StreamHealth> health = new ArrayList<>();
    int viewers = 0;
    long egress = 0;
    for (String s : assigned.assigned()) {
      LiveStream live = streams.find(s).orElse(null);
      int v = live == null ? 0 : live.viewers();
      boolean serving = live != null && live.state() == LiveStream.State.LIVE;
      health.add(new StreamHealth(s, v, serving ? StreamState.SERVING : StreamState.PULLING));
      viewers += v;
      egress += live == null ? 0 : v * live.bitrateBps();
    }
    long capacity = id.capacityMbps() * 1_000_000L;
    return new Heartbeat(viewers, egress, Math.max(0, capacity - egress), health);
  }

  private void send(NodeMessage m) {
    BoundedSourceQueue<Message> q = out;
    if (q != null) {
      q.offer(TextMessage.create(NodeMessageCodec.encode(m)));
    }
  }

  private synchronized void disconnected(BoundedSourceQueue<Message> queue, String url) {
    if (queue != out) {
      return;
    }
    out = null;
    sessionId = null;
    if (heartbeats != null) {
      heartbeats.cancel();
    }
    if (closed) {
      return;
    }
    if (dropAssignments == null && !assigned.assigned().isEmpty()) {
      dropAssignments =
          system
              .scheduler()
              .scheduleOnce(
                  config.hubGrace(),
                  () -> assigned.unassignAll("the hub is away for longer than the grace"),
                  system.dispatcher());
    }
    long ms = backoff.toMillis() + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
    log.info("hub {}: session ended; reconnecting in {} ms", url, ms);
    backoff =
        backoff.multipliedBy(2).compareTo(config.backoffMax()) > 0
            ? config.backoffMax()
            : backoff.multipliedBy(2);
    reconnect =
        system.scheduler().scheduleOnce(Duration.ofMillis(ms), this::connect, system.dispatcher());
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (reconnect != null) {
      reconnect.cancel();
    }
    if (heartbeats != null) {
      heartbeats.cancel();
    }
    if (out != null) {
      send(new Close(ReasonCode.GOING_AWAY, "the node is shutting down"));
      out.complete();
    }
  }
}
