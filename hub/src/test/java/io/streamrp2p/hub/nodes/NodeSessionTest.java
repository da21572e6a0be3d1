package io.streamrp2p.hub.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.hub.Hub;
import io.streamrp2p.hub.TestHubs;
import io.streamrp2p.protocol.node.Auth;
import io.streamrp2p.protocol.node.Challenge;
import io.streamrp2p.protocol.node.Close;
import io.streamrp2p.protocol.node.ErrorMessage;
import io.streamrp2p.protocol.node.Heartbeat;
import io.streamrp2p.protocol.node.NodeMessage;
import io.streamrp2p.protocol.node.NodeMessageCodec;
import io.streamrp2p.protocol.node.ReasonCode;
import io.streamrp2p.protocol.node.Welcome;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node session endpoint ({@code GET /api/v1/nodes/session}, docs/protocol.md 5) against one
 * in-process hub on the embedded database, with the JDK's websocket client as the node. Every test
 * registers its own node through its own invite, so none depends on another's sessions.
 */
class NodeSessionTest {
  /**
   * Bound on every wait: the hub answers within milliseconds and its timers fire within 2 s; the
   * rest is room for a machine busy with other builds.
   */
  private static final Duration WAIT = Duration.ofSeconds(8);

  /** Heartbeats well inside the 2 s timeout, so a session meant to stay open does. */
  private static final Duration HEARTBEAT_EVERY = Duration.ofMillis(300);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor();

  @TempDir static Path dir;
  private static Hub hub;
  private static String operator;
  private static String base;
  private final List<Connection> connections = new ArrayList<>();

  @BeforeAll
  static void start() {
    hub =
        TestHubs.start(
            "node-session",
            TestHubs.config(
                dir,
                "streamrp2p.hub.nodes.auth-timeout = 1s",
                "streamrp2p.hub.nodes.heartbeat-interval = 1s",
                "streamrp2p.hub.nodes.heartbeat-timeout = 2s"),
            null);
    operator = hub.bootstrap().operatorToken().orElseThrow();
    base = "http://127.0.0.1:" + hub.httpAddress().getPort();
  }

  @AfterAll
  static void stop() {
    heartbeats.shutdownNow();
    TestHubs.stop(hub);
  }

  @AfterEach
  void hangUp() {
    connections.forEach(Connection::abort);
  }

  @Test
  void session_noAuth_closedWithAuthTimeout() throws Exception {
    Connection c = connect();
    Challenge challenge = c.next(Challenge.class);
    assertThat(challenge.authTimeoutMs()).isEqualTo(1000);
    c.assertClosedWith(ReasonCode.AUTH_TIMEOUT);
  }

  @Test
  void firstMessage_heartbeatBeforeAuth_closedWithNotAuthenticated() throws Exception {
    Connection c = connect();
    c.next(Challenge.class);
    c.send(heartbeat(0));
    c.assertClosedWith(ReasonCode.NOT_AUTHENTICATED);
  }

  @Test
  void firstMessage_unknownType_closedWithNotAuthenticated() throws Exception {
    Connection c = connect();
    c.next(Challenge.class);
    c.send("{\"type\":\"frobnicate\",\"v\":1}");
    c.assertClosedWith(ReasonCode.NOT_AUTHENTICATED);
  }

  @Test
  void frame_emptyText_closedWithMalformed() throws Exception {
    Connection c = connect();
    c.next(Challenge.class);
    c.send("");
    c.assertClosedWith(ReasonCode.MALFORMED);
  }

  @Test
  void frame_notJson_closedWithMalformed() throws Exception {
    Connection c = connect();
    c.next(Challenge.class);
    c.send("this is not json");
    c.assertClosedWith(ReasonCode.MALFORMED);
  }

  @Test
  void frame_overFrameBytesMax_closedWithTooLarge() throws Exception {
    Connection c = connect();
    c.next(Challenge.class);
    // Well-formed JSON: only its size is wrong.
    c.send(
        "{\"type\":\"heartbeat\",\"v\":1,\"pad\":\""
            + "a".repeat(NodeMessageCodec.FRAME_BYTES_MAX)
            + "\"}");
    c.assertClosedWith(ReasonCode.TOO_LARGE);
  }

  @Test
  void frame_binary_closedWithMalformed() throws Exception {
    Connection c = connect();
    c.next(Challenge.class);
    c.sendBinary(heartbeat(0).getBytes(StandardCharsets.UTF_8));
    c.assertClosedWith(ReasonCode.MALFORMED);
  }

  @Test
  void auth_signedByOtherKey_closedWithAuthFailed() throws Exception {
    Node node = register();
    Connection c = connect();
    Challenge challenge = c.next(Challenge.class);
    c.send(auth(node.id(), ed25519().getPrivate(), challenge));
    c.assertClosedWith(ReasonCode.AUTH_FAILED);
    assertThat(hub.nodes().sessions().find(node.id())).isEmpty();
  }

  @Test
  void auth_unknownNodeId_closedWithAuthFailed() throws Exception {
    Node node = register();
    Connection c = connect();
    Challenge challenge = c.next(Challenge.class);
    // The registered node's own key, for an id nobody registered.
    String unknown = "n_0000000000000000";
    c.send(auth(unknown, node.keys().getPrivate(), challenge));
    c.assertClosedWith(ReasonCode.AUTH_FAILED);
    assertThat(hub.nodes().sessions().find(unknown)).isEmpty();
  }

  @Test
  void auth_correct_welcomeWithSessionAndOneTicketKey() throws Exception {
    Node node = register();
    Connection c = connect();
    Welcome welcome = c.authenticate(node);
    assertThat(welcome.sessionId()).isNotBlank();
    assertThat(welcome.heartbeatIntervalMs()).isEqualTo(1000);
    assertThat(welcome.heartbeatTimeoutMs()).isEqualTo(2000);
    assertThat(welcome.assignments()).isEmpty();
    assertThat(welcome.ticketKeys()).hasSize(1);
    assertThat(welcome.ticketKeys().get(0).publicKey())
        .isEqualTo(hub.nodes().ticketKeys().publicKeyText());
    assertThat(hub.nodes().sessions().find(node.id()).map(l -> l.sessionId))
        .contains(welcome.sessionId());
  }

  @Test
  void unknownType_afterWelcome_errorAndSessionStaysOpen() throws Exception {
    Node node = register();
    Connection c = connect();
    c.authenticate(node);
    c.send("{\"type\":\"frobnicate\",\"v\":1}");
    ErrorMessage error = c.next(ErrorMessage.class);
    assertThat(error.code()).isEqualTo(ReasonCode.UNKNOWN_TYPE);
    assertThat(error.message()).contains("frobnicate");
    c.send(heartbeat(3));
    await()
        .atMost(WAIT)
        .until(
            () -> hub.nodes().sessions().find(node.id()).map(l -> l.lastHeartbeat().viewers()),
            v -> v.equals(Optional.of(3)));
    assertThat(c.closed).isNotDone();
  }

  @Test
  void session_silentAfterWelcome_closedWithHeartbeatTimeoutAndRemoved() throws Exception {
    Node node = register();
    Connection c = connect();
    c.authenticate(node);
    assertThat(hub.nodes().sessions().find(node.id())).isPresent();
    c.assertClosedWith(ReasonCode.HEARTBEAT_TIMEOUT);
    await().atMost(WAIT).until(() -> hub.nodes().sessions().find(node.id()).isEmpty());
  }

  @Test
  void badFrame_onAnotherConnection_heartbeatingSessionUnaffected() throws Exception {
    Node steady = register();
    Connection a = connect();
    String session = a.authenticate(steady).sessionId();
    a.heartbeatEvery(HEARTBEAT_EVERY, 5);
    Node faulty = register();
    Connection b = connect();
    b.authenticate(faulty);
    Connection stranger = connect();
    stranger.next(Challenge.class);

    b.send("{\"type\":");
    stranger.send("\u0000garbage");
    b.assertClosedWith(ReasonCode.MALFORMED);
    stranger.assertClosedWith(ReasonCode.MALFORMED);

    await().atMost(WAIT).until(() -> hub.nodes().sessions().find(faulty.id()).isEmpty());
    assertThat(hub.nodes().sessions().find(steady.id()).map(l -> l.sessionId)).contains(session);
    a.send("{\"type\":\"frobnicate\",\"v\":1}");
    assertThat(a.next(ErrorMessage.class).code()).isEqualTo(ReasonCode.UNKNOWN_TYPE);
    await()
        .atMost(WAIT)
        .until(
            () -> hub.nodes().sessions().find(steady.id()).map(l -> l.lastHeartbeat().viewers()),
            v -> v.equals(Optional.of(5)));
    assertThat(a.closed).isNotDone();
  }

  @Test
  void secondSession_sameNode_firstClosedWithDuplicateSession() throws Exception {
    Node node = register();
    Connection first = connect();
    first.authenticate(node);
    first.heartbeatEvery(HEARTBEAT_EVERY, 0);
    Connection second = connect();
    Welcome welcome = second.authenticate(node);
    first.assertClosedWith(ReasonCode.DUPLICATE_SESSION);
    second.heartbeatEvery(HEARTBEAT_EVERY, 0);
    assertThat(hub.nodes().sessions().find(node.id()).map(l -> l.sessionId))
        .contains(welcome.sessionId());
    assertThat(listed(node.id()).path("connected").asBoolean()).isTrue();
    assertThat(second.closed).isNotDone();
  }

  @Test
  void suspend_openSession_closedWithAuthFailed_refusedUntilReinstated() throws Exception {
    Node node = register();
    Connection c = connect();
    c.authenticate(node);
    c.heartbeatEvery(HEARTBEAT_EVERY, 0);
    JsonNode r =
        call(
            "POST",
            "/api/v1/nodes/" + node.id() + "/suspend",
            operator,
            "{\"reason\":\"served a blank screen\"}");
    assertThat(r.path("suspended").asBoolean()).as(r.toString()).isTrue();
    c.assertClosedWith(ReasonCode.AUTH_FAILED);
    assertThat(hub.nodes().sessions().find(node.id())).isEmpty();
    assertThat(listed(node.id()).path("suspended").asBoolean()).isTrue();
    connect().authenticateRefused(node);
    call("POST", "/api/v1/nodes/" + node.id() + "/reinstate", operator, null);
    Welcome back = connect().authenticate(node);
    assertThat(back.sessionId()).isNotBlank();
  }

  @Test
  void friendNode_sessionOpenThenClosed_listedConnectedThenNot() throws Exception {
    Node node = register();
    assertThat(listed(node.id()).path("connected").asBoolean()).isFalse();
    Connection c = connect();
    c.authenticate(node);
    // The entity records the session before the hub sends welcome.
    assertThat(listed(node.id()).path("connected").asBoolean()).isTrue();
    c.send(NodeMessageCodec.encode(new Close(ReasonCode.GOING_AWAY, "restarting")));
    assertThat(c.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isEqualTo(WebSocket.NORMAL_CLOSURE);
    await().atMost(WAIT).until(() -> !listed(node.id()).path("connected").asBoolean(true));
    assertThat(hub.nodes().sessions().find(node.id())).isEmpty();
  }

  @Test
  void session_publicUrlOnAClosedPort_errorUnreachableNamingTheUrl_andNeverReachable()
      throws Exception {
    String closed = "http://127.0.0.1:" + closedPort();
    Node node = register(closed);
    Connection c = connect();
    c.authenticate(node);
    c.heartbeatEvery(HEARTBEAT_EVERY, 0);
    ErrorMessage error = c.next(ErrorMessage.class);
    assertThat(error.code()).isEqualTo(ReasonCode.UNREACHABLE);
    assertThat(error.message()).contains(closed + "/health");
    // The check is over once the node is told: nothing may flip the node to reachable later.
    c.send("{\"type\":\"frobnicate\",\"v\":1}");
    assertThat(c.next(ErrorMessage.class).code()).isEqualTo(ReasonCode.UNKNOWN_TYPE);
    assertThat(hub.nodes().sessions().find(node.id()).orElseThrow().reachable()).isFalse();
    assertThat(c.closed).isNotDone();
  }

  @Test
  void session_publicUrlAnswersHealth_becomesReachableWithoutError() throws Exception {
    Node node = register(base);
    Connection c = connect();
    c.authenticate(node);
    c.heartbeatEvery(HEARTBEAT_EVERY, 0);
    await()
        .atMost(WAIT)
        .until(
            () -> hub.nodes().sessions().find(node.id()).map(NodeSessions.Live::reachable),
            r -> r.equals(Optional.of(true)));
    assertThat(c.frames).as("frames after welcome").isEmpty();
    assertThat(c.closed).isNotDone();
  }

  // -- the node's side

  record Node(String id, KeyPair keys) {}

  /** A fresh node at the hub's own URL, which answers /health as a node's public URL would. */
  private static Node register() throws Exception {
    return register(base);
  }

  /** A fresh node at {@code publicUrl}, registered through a fresh invite of the demo stream. */
  private static Node register(String publicUrl) throws Exception {
    JsonNode invite =
        call("POST", "/api/v1/invites", operator, "{\"stream\":\"demo\",\"ttlSeconds\":600}");
    String code = invite.path("code").asText();
    assertThat(code).as(invite.toString()).isNotEmpty();
    KeyPair keys = ed25519();
    String key = Ed25519Keys.encodePublicKey(keys.getPublic());
    String proof =
        base64url(
            NodeProof.sign(
                keys.getPrivate(), NodeProof.registrationNonce(code), key, NodeProof.origin(base)));
    JsonNode node =
        call(
            "POST",
            "/api/v1/nodes",
            null,
            JSON.writeValueAsString(
                Map.of(
                    "inviteCode", code, "publicKey", key, "publicUrl", publicUrl, "proof", proof)));
    assertThat(node.path("id").asText()).as(node.toString()).startsWith("n_");
    return new Node(node.path("id").asText(), keys);
  }

  /** The node as {@code GET /api/v1/nodes} lists it to the operator. */
  private static JsonNode listed(String nodeId) throws Exception {
    for (JsonNode n : call("GET", "/api/v1/nodes", operator, null).path("nodes")) {
      if (n.path("id").asText().equals(nodeId)) {
        return n;
      }
    }
    throw new AssertionError("node " + nodeId + " is not listed");
  }

  private static JsonNode call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(WAIT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
  }

  /** A loopback port nothing listens on: bound by the system, then let go. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String auth(String nodeId, PrivateKey key, Challenge challenge) {
    byte[] nonce = Base64.getUrlDecoder().decode(challenge.nonce());
    byte[] signature = NodeProof.sign(key, nonce, nodeId, NodeProof.origin(base));
    return NodeMessageCodec.encode(new Auth(nodeId, base64url(signature)));
  }

  private static String heartbeat(int viewers) {
    return NodeMessageCodec.encode(new Heartbeat(viewers, 0, 10_000_000, List.of()));
  }

  private static String base64url(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is in every Java 17", e);
    }
  }

  private Connection connect() throws Exception {
    Connection c = new Connection();
    c.ws =
        http.newWebSocketBuilder()
            .connectTimeout(WAIT)
            .buildAsync(URI.create(base.replace("http://", "ws://") + "/api/v1/nodes/session"), c)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    connections.add(c);
    return c;
  }

  /** One node websocket: the text frames it received, whole and in order, and how it closed. */
  private static final class Connection implements WebSocket.Listener {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

    /** The websocket close code the hub sent; failed if the connection broke without one. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    private volatile ScheduledFuture<?> beat;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      // The client may hand one message over in parts.
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      frames.add("binary frame from the hub");
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      stopHeartbeats();
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      stopHeartbeats();
      closed.completeExceptionally(error);
    }

    /** The next frame, decoded, which must be a {@code type}. */
    <T extends NodeMessage> T next(Class<T> type) throws Exception {
      String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(frame).as("a frame within " + WAIT).isNotNull();
      NodeMessage m = NodeMessageCodec.decode(frame);
      assertThat(m).isInstanceOf(type);
      return type.cast(m);
    }

    /** The hub's last frame is a close with {@code reason}, then it closes the websocket. */
    void assertClosedWith(ReasonCode reason) throws Exception {
      assertThat(next(Close.class).reason()).isEqualTo(reason);
      assertThat(closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo(WebSocket.NORMAL_CLOSURE);
      assertThat(frames).as("frames after close").isEmpty();
    }

    /** Answers the challenge as {@code node} and returns the welcome. */
    Welcome authenticate(Node node) throws Exception {
      Challenge challenge = next(Challenge.class);
      send(auth(node.id(), node.keys().getPrivate(), challenge));
      return next(Welcome.class);
    }

    /** A correct auth the hub refuses (a suspended node). */
    void authenticateRefused(Node node) throws Exception {
      Challenge challenge = next(Challenge.class);
      send(auth(node.id(), node.keys().getPrivate(), challenge));
      assertClosedWith(ReasonCode.AUTH_FAILED);
    }

    /** One send at a time: the client refuses a send while another is under way. */
    synchronized void send(String text) throws Exception {
      ws.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void sendBinary(byte[] bytes) throws Exception {
      ws.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a heartbeat reporting {@code viewers} every {@code every} until the session ends. */
    void heartbeatEvery(Duration every, int viewers) {
      String frame = heartbeat(viewers);
      beat =
          heartbeats.scheduleAtFixedRate(
              () -> {
                try {
                  send(frame);
                } catch (Exception e) {
                  stopHeartbeats(); // the hub closed the session; the test checks why
                }
              },
              0,
              every.toMillis(),
              TimeUnit.MILLISECONDS);
    }

    void stopHeartbeats() {
      if (beat != null) {
        beat.cancel(false);
      }
    }

    void abort() {
      stopHeartbeats();
      ws.abort();
    }
  }
}
