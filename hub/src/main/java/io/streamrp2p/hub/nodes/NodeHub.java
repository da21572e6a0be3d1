package io.streamrp2p.hub.nodes;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.hub.core.HubEntities;
import io.streamrp2p.media.http.WebSocketText;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.ViewerGate;
import io.streamrp2p.protocol.node.Assignment;
import io.streamrp2p.protocol.node.NodeLimits;
import io.streamrp2p.protocol.node.NodeMessageCodec;
import io.streamrp2p.protocol.node.ReasonCode;
import io.streamrp2p.protocol.node.UnassignReason;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Friend nodes on this member: their websocket sessions ({@code GET /api/v1/nodes/session}), the
 * assignment of live streams to nodes with headroom, the viewer router, and the check that a node's
 * public URL answers before viewers are sent there.
 */
public final class NodeHub extends AllDirectives implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Frames queued for one node before its session is closed as too slow to read them. */
  static final int OUT_FRAMES_MAX = 256;

  private final ActorSystem system;
  private final HubEntities entities;
  private final LiveStreams streams;
  private final NodeSettings settings;
  private final TicketKeys ticketKeys;
  private final Clock clock;
  private final Materializer materializer;
  private final NodeSessions sessions;
  private final NodeRouter router;
  private final Map<String, String> owners = new ConcurrentHashMap<>();
  private final Cancellable assigner;

  /** Sessions on this member from their challenge to their end: what the silence check visits. */
  private final Set<NodeSession> watched = ConcurrentHashMap.newKeySet();

  /**
   * One timer checks every session for silence. A timer per session cost the member about a
   * thousand scheduler tasks a second at 1,000 nodes (docs/benchmarks.md, "Friend node sessions on
   * the hub"); one pass over the sessions is a lock and a clock read each.
   */
  private final Cancellable silenceCheck;

  private volatile Set<String> origins = Set.of();

  /**
   * @param router the gate {@code streams} was made with; its sessions are this member's nodes
   */
  public NodeHub(
      ActorSystem system,
      HubEntities entities,
      LiveStreams streams,
      NodeRouter router,
      NodeSettings settings,
      TicketKeys ticketKeys,
      Clock clock) {
    this.system = system;
    this.entities = entities;
    this.streams = streams;
    this.settings = settings;
    this.ticketKeys = ticketKeys;
    this.clock = clock;
    this.materializer = Materializer.matFromSystem(system);
    this.router = router;
    this.sessions = router.sessions();
    Duration every = settings.assignInterval();
    this.assigner =
        system.scheduler().scheduleWithFixedDelay(every, every, this::assign, system.dispatcher());
    // Half the auth timeout, at most 1 s: a timeout is noticed at most that late.
    Duration check = Duration.ofMillis(Math.min(1000, settings.authTimeout().toMillis() / 2));
    this.silenceCheck =
        system
            .scheduler()
            .scheduleWithFixedDelay(check, check, this::checkSilence, system.dispatcher());
  }

  public NodeSessions sessions() {
    return sessions;
  }

  /**
   * The HTTP listener is bound at {@code http}: nodes authenticate for the configured origins, or
   * for this member's public host and loopback on that port.
   */
  public void bound(String publicHost, InetSocketAddress http) {
    if (!settings.origins().isEmpty()) {
      Set<String> o = new HashSet<>();
      settings.origins().forEach(u -> o.add(NodeProof.origin(u)));
      origins = Set.copyOf(o);
      return;
    }
    int port = http.getPort();
    origins =
        Set.copyOf(
            List.of(
                NodeProof.origin("http://" + publicHost + ":" + port),
                NodeProof.origin("http://127.0.0.1:" + port),
                NodeProof.origin("http://localhost:" + port)));
  }

  /** A node was suspended: its session here ends, and it gets no viewers and no streams. */
  public void suspended(String nodeId) {
    sessions.find(nodeId).ifPresent(live -> live.connection.suspended());
  }

  /** Whether a node that reached this member at {@code origin} may authenticate here. */
  boolean accepts(String origin) {
    return origins.contains(origin);
  }

  /**
   * {@code GET /api/v1/nodes/session}, a node's websocket; {@code GET /api/v1/streams/{name}/play},
   * where a player should go, for players that do not follow redirects.
   */
  public Route route() {
    return concat(session(), play());
  }

  private Route play() {
    return path(
        segment("api").slash("v1").slash("streams").slash(segment()).slash("play"),
        name ->
            get(
                () ->
                    parameterOptional(
                        "protocol",
                        protocol ->
                            extractRequest(
                                req ->
                                    extractClientIP(
                                        ip ->
                                            play(
                                                name,
                                                protocol.orElse("flv"),
                                                req,
                                                ip.getAddress()
                                                    .map(a -> a.getHostAddress())
                                                    .orElse("")))))));
  }

  /**
   * Where the gate would send a viewer of {@code name} now: this member's URL, or a node's with a
   * ticket. The same decision a viewer asking the play URL gets.
   */
  private Route play(String name, String protocol, HttpRequest req, String remote) {
    boolean hls = protocol.equals("hls");
    if (!hls && !protocol.equals("flv")) {
      return complete(
          StatusCodes.BAD_REQUEST,
          json(
              Map.of(
                  "error",
                  "invalid_request",
                  "field",
                  "protocol",
                  "reason",
                  "must be flv or hls")));
    }
    Optional<LiveStream> live = streams.find(name);
    if (live.isEmpty()) {
      return complete(
          StatusCodes.NOT_FOUND,
          json(Map.of("error", "not_found", "field", "name", "reason", "no live stream " + name)));
    }
    String path = hls ? "/live/" + name + "/index.m3u8" : "/live/" + name + ".flv";
    ViewerGate.Decision d =
        router.decide(
            new ViewerGate.Request(
                name,
                hls ? ViewerGate.Door.HLS_PLAYLIST : ViewerGate.Door.HTTP_FLV,
                "",
                remote,
                live.get().viewers()));
    String url = d instanceof ViewerGate.Redirect r ? r.location() : origin(req) + path;
    return complete(
        StatusCodes.OK,
        json(
            Map.of(
                "stream", name,
                "protocol", protocol,
                "url", url,
                "servedBy", d instanceof ViewerGate.Redirect ? "node" : "hub")));
  }

  private static HttpEntity.Strict json(Map<String, String> body) {
    try {
      return HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private Route session() {
    return path(
        segment("api").slash("v1").slash("nodes").slash("session"),
        () ->
            get(
                () ->
                    extractRequest(
                        req ->
                            extractClientIP(
                                ip ->
                                    handleWebSocketMessages(
                                        session(origin(req), ip.toString()))))));
  }

  /**
   * The origin the node reached: the request's effective URI, which pekko-http gives a websocket
   * upgrade with the {@code ws} or {@code wss} scheme; the node signs the http(s) URL it dialled.
   */
  static String origin(HttpRequest req) {
    String uri = req.getUri().toString().replaceFirst("^ws(s?)://", "http$1://");
    try {
      return NodeProof.origin(uri);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The flow of one websocket: frames in, in order, to the session; its frames out, bounded. */
  private Flow<Message, Message, NotUsed> session(String origin, String remote) {
    Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> out =
        Source.<Message>queue(OUT_FRAMES_MAX).preMaterialize(materializer);
    BoundedSourceQueue<Message> queue = out.first();
    NodeSession s =
        new NodeSession(this, origin, remote, frame -> offer(queue, frame), () -> hangUp(queue));
    Sink<Message, NotUsed> in =
        Flow.<Message>create()
            .mapAsync(1, m -> text(m, s))
            .filter(Optional::isPresent)
            .map(Optional::get)
            .watchTermination(
                (mat, done) -> {
                  done.whenComplete((d, e) -> s.onDisconnected());
                  return mat;
                })
            .to(Sink.foreach(s::onFrame));
    s.start();
    return Flow.fromSinkAndSourceCoupled(in, out.second());
  }

  /**
   * Queues a frame for the node. A full queue (the node reads too slowly) fails the connection; a
   * queue whose connection is gone already takes nothing, which is no error: the session is ending.
   */
  private static void offer(BoundedSourceQueue<Message> queue, String frame) {
    QueueOfferResult r = queue.offer(TextMessage.create(frame));
    if (r == QueueOfferResult.dropped()) {
      queue.fail(new IllegalStateException("node reads too slowly"));
    }
  }

  /** Ends the outgoing side after the frames queued; nothing to do if it ended already. */
  private static void hangUp(BoundedSourceQueue<Message> queue) {
    try {
      queue.complete();
    } catch (IllegalStateException e) {
      log.debug("node connection ended before the hub hung up: {}", e.getMessage());
    }
  }

  /**
   * A frame's text, or empty for a frame the session refused (binary, too large). An empty text
   * frame is text like any other, so the codec refuses it as {@code malformed}.
   */
  private CompletionStage<Optional<String>> text(Message m, NodeSession s) {
    return WebSocketText.read(m, NodeMessageCodec.FRAME_BYTES_MAX, materializer)
        .thenApply(Optional::of)
        .exceptionally(
            e -> {
              WebSocketText.RefusedException r = WebSocketText.refusal(e);
              if (r == null) {
                throw new CompletionException(e);
              }
              s.onBadFrame(
                  r.tooLarge() ? ReasonCode.TOO_LARGE : ReasonCode.MALFORMED, r.getMessage());
              return Optional.empty();
            });
  }

  /** Runs an assignment round now, on the dispatcher (a node just became able to relay). */
  void assignSoon() {
    system.dispatcher().execute(this::assign);
  }

  void watch(NodeSession s) {
    watched.add(s);
  }

  void unwatch(NodeSession s) {
    watched.remove(s);
  }

  /** Each session closes itself if silent too long; a fault in one does not stop the others'. */
  private void checkSilence() {
    for (NodeSession s : watched) {
      try {
        s.tick();
      } catch (RuntimeException e) {
        log.warn("checking a node session for silence failed: {}", e.toString());
      }
    }
  }

  /**
   * Matches live streams to nodes: assigns where a node may relay and has room, unassigns ended.
   * Rounds run one at a time (the periodic one and those a node's arrival asks for).
   */
  private synchronized void assign() {
    try {
      for (NodeSessions.Live n : sessions.all()) {
        for (String stream : n.assigned()) {
          if (streams.find(stream).isEmpty()) {
            unassign(n, stream, UnassignReason.STREAM_ENDED);
          }
        }
      }
      for (LiveStream s : streams.all()) {
        if (s.state() == LiveStream.State.LIVE) {
          assignStream(s);
        }
      }
    } catch (RuntimeException e) {
      log.warn("assigning streams to nodes failed: {}", e.toString());
    }
  }

  private void assignStream(LiveStream s) {
    String owner = owners.get(s.name());
    if (owner == null) {
      entities.stream(s.name())
          .find()
          .thenAccept(f -> f.ifPresent(summary -> owners.put(s.name(), summary.owner())));
      return; // next round
    }
    long bitrate = s.bitrateBps();
    for (NodeSessions.Live n : sessions.all()) {
      boolean fresh = !n.assigned.contains(s.name());
      if (fresh
          && (!n.mayRelay(s.name(), owner)
              || n.assigned.size() >= NodeLimits.ASSIGNMENTS_MAX
              || n.capacityBps() == 0
              || n.last.capacityLeftBps() < bitrate)) {
        continue;
      }
      Long issued = n.pullTicketIssuedAt.get(s.name());
      boolean renew =
          issued != null && clock.millis() - issued > settings.ticketTtl().toMillis() / 2;
      if (fresh || renew) {
        send(n, s.name(), bitrate, fresh);
      }
    }
  }

  private void send(NodeSessions.Live n, String stream, long bitrate, boolean fresh) {
    n.assigned.add(stream);
    n.pullTicketIssuedAt.put(stream, clock.millis());
    String url =
        n.origin
            + "/live/"
            + stream
            + ".flv?node="
            + n.nodeId
            + "&t="
            + router.pullTicket(stream, n.nodeId, n.sessionId);
    n.connection.assign(new Assignment(stream, List.of(url), bitrate));
    if (fresh) {
      log.info("stream {}: assigned to node {}", stream, n.nodeId);
      entities
          .node(n.nodeId)
          .assign(stream)
          .exceptionally(
              e -> {
                log.warn(
                    "node {}: cannot record assignment of {}: {}",
                    n.nodeId,
                    stream,
                    e.getMessage());
                return null;
              });
    }
  }

  private void unassign(NodeSessions.Live n, String stream, UnassignReason reason) {
    if (!n.assigned.remove(stream)) {
      return;
    }
    n.pullTicketIssuedAt.remove(stream);
    n.connection.unassign(stream, reason);
    log.info("stream {}: unassigned from node {}: {}", stream, n.nodeId, reason.wire());
    recordUnassigned(n.nodeId, stream);
  }

  private void recordUnassigned(String nodeId, String stream) {
    entities
        .node(nodeId)
        .unassign(stream)
        .exceptionally(
            e -> {
              log.warn(
                  "node {}: cannot record unassignment of {}: {}", nodeId, stream, e.getMessage());
              return null;
            });
  }

  /** A session ended: its node gets no viewers and relays nothing until it is back. */
  void sessionEnded(NodeSessions.Live n) {
    for (String stream : n.assigned()) {
      n.assigned.remove(stream);
      recordUnassigned(n.nodeId, stream);
    }
    entities
        .node(n.nodeId)
        .closeSession(n.sessionId)
        .exceptionally(
            e -> {
              log.warn("node {}: cannot record the session's end: {}", n.nodeId, e.getMessage());
              return null;
            });
  }

  /**
   * Asks the node's public URL for {@code /health} as a viewer would; only a node that answers is
   * sent viewers. A node nobody can reach (behind NAT, a closed port) is told why.
   */
  void checkReachable(NodeSessions.Live n) {
    String url = n.publicUrl + "/health";
    Http.get(system)
        .singleRequest(HttpRequest.GET(url))
        .toCompletableFuture()
        .orTimeout(settings.reachTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (response, failure) -> {
              int status = response == null ? 0 : response.status().intValue();
              if (response != null) {
                response.discardEntityBytes(materializer);
              }
              if (status == 200) {
                n.reachable = true;
                log.info("node {}: reachable at {}", n.nodeId, n.publicUrl);
                assignSoon(); // a new node starts relaying now, not at the next round
                return;
              }
              String why =
                  failure != null
                      ? Optional.ofNullable(failure.getMessage()).orElse(failure.toString())
                      : "answered " + status;
              log.warn("node {}: not reachable at {}: {}", n.nodeId, url, why);
              n.connection.warn(
                  ReasonCode.UNREACHABLE,
                  truncate(
                      "the hub cannot reach "
                          + url
                          + " ("
                          + why
                          + "); no viewers are sent to this node until it can: open the port or"
                          + " set --public-url to an address viewers reach"));
            });
  }

  private static String truncate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 497) + "...";
  }

  ActorSystem system() {
    return system;
  }

  HubEntities entities() {
    return entities;
  }

  NodeSettings settings() {
    return settings;
  }

  TicketKeys ticketKeys() {
    return ticketKeys;
  }

  Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    assigner.cancel();
    silenceCheck.cancel();
  }
}
