package io.streamrp2p.hub.nodes;

import io.streamrp2p.hub.core.FriendNodeEntity;
import io.streamrp2p.hub.core.HubEntities;
import io.streamrp2p.hub.core.Secrets;
import io.streamrp2p.protocol.node.Assign;
import io.streamrp2p.protocol.node.Assignment;
import io.streamrp2p.protocol.node.Auth;
import io.streamrp2p.protocol.node.Challenge;
import io.streamrp2p.protocol.node.Close;
import io.streamrp2p.protocol.node.ErrorMessage;
import io.streamrp2p.protocol.node.Heartbeat;
import io.streamrp2p.protocol.node.NodeMessage;
import io.streamrp2p.protocol.node.NodeMessageCodec;
import io.streamrp2p.protocol.node.NodeProtocolException;
import io.streamrp2p.protocol.node.ReasonCode;
import io.streamrp2p.protocol.node.TicketKey;
import io.streamrp2p.protocol.node.Unassign;
import io.streamrp2p.protocol.node.UnassignReason;
import io.streamrp2p.protocol.node.Usage;
import io.streamrp2p.protocol.node.Welcome;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's websocket session, from the challenge to the close. It authenticates the node against
 * its registered key, opens the session on the FriendNode entity, keeps its heartbeats in {@link
 * NodeSessions}, and closes it with a reason code on any violation: a bad frame, a message out of
 * turn, silence past the heartbeat timeout ({@link NodeHub}'s one silence check calls {@link
 * #tick}). Nothing it does affects another session. Frames arrive one at a time (the websocket
 * stage runs them in order); state changes are synchronized because the check and entity replies
 * arrive on other threads.
 */
final class NodeSession {
  private static final Logger log = LoggerFactory.getLogger(NodeSession.class);
  private static final SecureRandom random = new SecureRandom();

  private enum Phase {
    CHALLENGED,
    AUTHENTICATING,
    OPEN,
    CLOSED
  }

  private final NodeHub hub;
  private final String origin;
  private final String remote;
  private final Consumer<String> out;
  private final Runnable hangUp;
  private final byte[] nonce = new byte[32];
  private Phase phase = Phase.CHALLENGED;
  private NodeSessions.Live live;
  private long lastFrameMillis;

  /**
   * @param origin the origin the node reached this member at (what it signed)
   * @param out sends one text frame to the node
   * @param hangUp closes the websocket after the frames sent so far
   */
  NodeSession(NodeHub hub, String origin, String remote, Consumer<String> out, Runnable hangUp) {
    this.hub = hub;
    this.origin = origin;
    this.remote = remote;
    this.out = out;
    this.hangUp = hangUp;
  }

  synchronized void start() {
    random.nextBytes(nonce);
    lastFrameMillis = hub.clock().millis();
    Duration auth = hub.settings().authTimeout();
    send(
        new Challenge(
            Base64.getUrlEncoder().withoutPadding().encodeToString(nonce),
            hub.clock().millis(),
            auth.toMillis()));
    hub.watch(this);
  }

  /** Closes the session if the node has been silent too long for its phase. */
  synchronized void tick() {
    long silent = hub.clock().millis() - lastFrameMillis;
    if (phase == Phase.CHALLENGED || phase == Phase.AUTHENTICATING) {
      if (silent > hub.settings().authTimeout().toMillis()) {
        close(ReasonCode.AUTH_TIMEOUT, "no auth within " + hub.settings().authTimeout());
      }
    } else if (phase == Phase.OPEN && silent > hub.settings().heartbeatTimeout().toMillis()) {
      close(
          ReasonCode.HEARTBEAT_TIMEOUT, "no heartbeat within " + hub.settings().heartbeatTimeout());
    }
  }

  /** One text frame from the node. */
  synchronized void onFrame(String frame) {
    if (phase == Phase.CLOSED) {
      return;
    }
    NodeMessage m;
    try {
      m = NodeMessageCodec.decode(frame);
    } catch (NodeProtocolException e) {
      ReasonCode reason = e.reason();
      if (reason == ReasonCode.UNKNOWN_TYPE) {
        if (phase == Phase.OPEN) {
          lastFrameMillis = hub.clock().millis();
          send(new ErrorMessage(ReasonCode.UNKNOWN_TYPE, e.getMessage()));
          return;
        }
        // An unknown type is never fatal in itself (docs/protocol.md 5.4); before welcome it is
        // refused as any message other than auth is (5.1).
        reason =
            phase == Phase.CHALLENGED
                ? ReasonCode.NOT_AUTHENTICATED
                : ReasonCode.UNEXPECTED_MESSAGE;
      }
      close(reason, e.getMessage());
      return;
    }
    if (phase == Phase.OPEN) {
      lastFrameMillis = hub.clock().millis();
    }
    if (m instanceof Close c) {
      log.info("node {}: closed its session: {} {}", who(), c.reason().wire(), c.message());
      end();
      return;
    }
    switch (phase) {
      case CHALLENGED -> {
        if (!(m instanceof Auth a)) {
          close(ReasonCode.NOT_AUTHENTICATED, "the first message must be auth");
        } else if (!hub.accepts(origin)) {
          close(
              ReasonCode.AUTH_FAILED,
              "this hub is not reached at " + origin + "; connect to one of its public URLs");
        } else {
          phase = Phase.AUTHENTICATING;
          authenticate(a);
        }
      }
      case AUTHENTICATING -> close(ReasonCode.UNEXPECTED_MESSAGE, "a message before welcome");
      case OPEN -> onMessage(m);
      default -> {}
    }
  }

  /** A frame the websocket layer refused (binary, too large): the session ends. */
  synchronized void onBadFrame(ReasonCode reason, String message) {
    close(reason, message);
  }

  /** The websocket closed or failed. */
  synchronized void onDisconnected() {
    if (phase != Phase.CLOSED) {
      log.info("node {}: disconnected", who());
      end();
    }
  }

  private void onMessage(NodeMessage m) {
    if (m instanceof Heartbeat h) {
      boolean first = live.capacityBps() == 0;
      live.heartbeat(h);
      if (first && live.capacityBps() > 0) {
        hub.assignSoon(); // its first report: it can take streams now
      }
    } else if (m instanceof Usage u) {
      log.debug("node {}: usage of epoch {} ({} tickets)", who(), u.epochId(), u.tickets().size());
    } else if (m instanceof ErrorMessage e) {
      log.info("node {}: reports {}: {}", who(), e.code().wire(), e.message());
    } else {
      close(ReasonCode.UNEXPECTED_MESSAGE, "a node does not send " + m.getClass().getSimpleName());
    }
  }

  private void authenticate(Auth a) {
    HubEntities entities = hub.entities();
    entities
        .node(a.nodeId())
        .find()
        .thenCompose(found -> verified(a, found))
        .whenComplete(
            (scope, failure) -> {
              if (failure != null) {
                authFailed("the node cannot be checked now: " + failure.getMessage());
              } else if (scope.isEmpty()) {
                authFailed("unknown or suspended node, or a signature that does not verify");
              } else {
                opened(a.nodeId(), scope.get());
              }
            });
  }

  /** The node's profile and invite scope if it exists, is not suspended and signed correctly. */
  private CompletionStage<Optional<Admitted>> verified(
      Auth a, Optional<FriendNodeEntity.Summary> found) {
    if (found.isEmpty() || found.get().suspended()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    FriendNodeEntity.Profile p = found.get().profile();
    boolean signed;
    try {
      PublicKey key = NodeKeys.publicKey(p.publicKey());
      signed =
          NodeProof.verify(
              key, nonce, a.nodeId(), origin, Base64.getUrlDecoder().decode(a.signature()));
    } catch (RuntimeException e) {
      signed = false;
    }
    if (!signed) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return hub.entities()
        .invite(p.inviteHash())
        .redeemed()
        .thenApply(
            inv ->
                Optional.of(new Admitted(p.owner(), inv.flatMap(i -> i.stream()), p.publicUrl())));
  }

  private record Admitted(String owner, Optional<String> scope, String publicUrl) {}

  private synchronized void authFailed(String why) {
    close(ReasonCode.AUTH_FAILED, why);
  }

  private synchronized void opened(String nodeId, Admitted admitted) {
    if (phase != Phase.AUTHENTICATING) {
      return; // timed out or closed meanwhile
    }
    String sessionId = Secrets.id("s_");
    live =
        new NodeSessions.Live(
            nodeId,
            sessionId,
            admitted.owner(),
            admitted.scope(),
            admitted.publicUrl(),
            origin,
            this);
    hub.entities().node(nodeId).openSession(sessionId).whenComplete((d, e) -> sessionRecorded(e));
  }

  private synchronized void sessionRecorded(Throwable failure) {
    if (phase != Phase.AUTHENTICATING) {
      return;
    }
    if (failure != null) {
      close(ReasonCode.INTERNAL, "the session cannot be recorded now: " + failure.getMessage());
      return;
    }
    phase = Phase.OPEN;
    lastFrameMillis = hub.clock().millis();
    // The old session closes on its own thread: never two session locks at once.
    hub.sessions()
        .add(live)
        .ifPresent(old -> hub.system().dispatcher().execute(old.connection::replaced));
    NodeSettings s = hub.settings();
    send(
        new Welcome(
            live.sessionId,
            s.heartbeatInterval().toMillis(),
            s.heartbeatTimeout().toMillis(),
            List.of(),
            List.of(new TicketKey(hub.ticketKeys().keyId(), hub.ticketKeys().publicKeyText()))));
    log.info("node {}: session {} open from {}", who(), live.sessionId, remote);
    hub.checkReachable(live);
  }

  /** The node was suspended: the session ends; the suspension refuses its next auth. */
  synchronized void suspended() {
    close(ReasonCode.AUTH_FAILED, "the node was suspended");
  }

  /** A newer session of the same node took over. */
  synchronized void replaced() {
    close(ReasonCode.DUPLICATE_SESSION, "a newer session of this node replaced this one");
  }

  /** Tells the node to relay {@code a}. */
  synchronized void assign(Assignment a) {
    if (phase == Phase.OPEN) {
      send(new Assign(a));
    }
  }

  synchronized void unassign(String stream, UnassignReason reason) {
    if (phase == Phase.OPEN) {
      send(new Unassign(stream, reason));
    }
  }

  /** Tells the node something it should act on, keeping the session. */
  synchronized void warn(ReasonCode code, String message) {
    if (phase == Phase.OPEN) {
      send(new ErrorMessage(code, message));
    }
  }

  private void close(ReasonCode reason, String message) {
    if (phase == Phase.CLOSED) {
      return;
    }
    log.info("node {}: session closed: {}: {}", who(), reason.wire(), message);
    send(new Close(reason, truncate(message)));
    end();
  }

  /** The session is over: out of the routing table and the entity first, then the socket. */
  private void end() {
    phase = Phase.CLOSED;
    hub.unwatch(this);
    if (live != null && hub.sessions().remove(live)) {
      hub.sessionEnded(live);
    }
    hangUp.run();
  }

  private void send(NodeMessage m) {
    out.accept(NodeMessageCodec.encode(m));
  }

  private String who() {
    return live != null ? live.nodeId : remote;
  }

  private static String truncate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500);
  }

  Clock clock() {
    return hub.clock();
  }
}
