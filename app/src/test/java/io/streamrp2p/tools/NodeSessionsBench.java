package io.streamrp2p.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.protocol.node.Auth;
import io.streamrp2p.protocol.node.Challenge;
import io.streamrp2p.protocol.node.Close;
import io.streamrp2p.protocol.node.Heartbeat;
import io.streamrp2p.protocol.node.NodeMessage;
import io.streamrp2p.protocol.node.NodeMessageCodec;
import io.streamrp2p.protocol.node.NodeProtocolException;
import io.streamrp2p.protocol.node.Welcome;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Benchmark driver: N idle friend nodes on one hub member. It creates N invites with the operator
 * token, registers N nodes with fresh Ed25519 keys, opens one websocket session per node
 * (challenge, auth, welcome; docs/protocol.md 5.1) and then only sends a heartbeat every interval
 * the hub asked for, carrying no viewers and no streams. Each node's public URL is the hub itself,
 * so the hub's reachability check passes. Setup runs with a bounded number of requests in flight so
 * that it does not itself look like the load. Prints {@code sessions open: N} once every session is
 * welcomed, keeps them for the hold time, then prints a {@code RESULT} line and exits.
 *
 * <p>Usage: {@code NodeSessionsBench HUB_URL OPERATOR_TOKEN NODES [IN_FLIGHT] [HOLD_SECONDS]}; see
 * ops/bench-node-sessions.sh.
 */
public final class NodeSessionsBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Setup requests in flight by default: enough to register 1,000 nodes in seconds. */
  private static final int IN_FLIGHT_DEFAULT = 50;

  /** Nodes one run may open: each is one socket (and file descriptor) on both sides. */
  private static final int NODES_MAX = 20_000;

  /** One request or session opening; far above what a loopback hub takes when it works. */
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  /** What an idle node reports: no viewers, 20 Mbit/s of upload to lend. */
  private static final String HEARTBEAT =
      NodeMessageCodec.encode(new Heartbeat(0, 0, 20_000_000, List.of()));

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final String hub;
  private final String token;
  private final AtomicLong heartbeats = new AtomicLong();
  private final AtomicLong heartbeatsSkipped = new AtomicLong();
  private final Map<String, String> closedByHub = new ConcurrentHashMap<>();
  private volatile long heartbeatIntervalMs;

  private NodeSessionsBench(String hub, String token) {
    this.hub = hub.replaceAll("/+$", "");
    this.token = token;
  }

  private record Node(String nodeId, PrivateKey key) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: NodeSessionsBench HUB_URL OPERATOR_TOKEN NODES [IN_FLIGHT] [HOLD_SECONDS]");
      System.exit(2);
    }
    int n = Integer.parseInt(args[2]);
    int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : IN_FLIGHT_DEFAULT;
    long holdSeconds = args.length > 4 ? Long.parseLong(args[4]) : 3600;
    if (n < 1 || n > NODES_MAX || inFlight < 1 || holdSeconds < 0) {
      throw new IllegalArgumentException("NODES 1.." + NODES_MAX + ", IN_FLIGHT >= 1, HOLD >= 0");
    }
    System.exit(new NodeSessionsBench(args[0], args[1]).run(n, inFlight, holdSeconds));
  }

  private int run(int n, int inFlight, long holdSeconds) throws Exception {
    long t0 = System.nanoTime();
    List<String> codes = bounded(n, inFlight, i -> invite());
    KeyPairGenerator keys = KeyPairGenerator.getInstance("Ed25519");
    List<KeyPair> pairs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      pairs.add(keys.generateKeyPair());
    }
    List<Node> nodes = bounded(n, inFlight, i -> register(codes.get(i), pairs.get(i)));
    System.out.printf("registered: %d nodes in %.1f s%n", n, seconds(t0));
    long t1 = System.nanoTime();
    List<Session> sessions = bounded(n, inFlight, i -> new Session(nodes.get(i)).open());
    System.out.printf(
        "sessions open: %d in %.1f s, heartbeat every %d ms%n",
        sessions.size(), seconds(t1), heartbeatIntervalMs);
    System.out.flush();
    // The sessions stay open for the measurement window; progress every 10 s meanwhile.
    Runnable progress =
        () ->
            System.out.printf(
                "open %d, closed by the hub %d, heartbeats sent %d, skipped %d%n",
                n - closedByHub.size(),
                closedByHub.size(),
                heartbeats.get(),
                heartbeatsSkipped.get());
    ScheduledExecutorService window = Executors.newSingleThreadScheduledExecutor();
    window.scheduleAtFixedRate(progress, 10, 10, TimeUnit.SECONDS);
    window.schedule(window::shutdown, holdSeconds, TimeUnit.SECONDS);
    window.awaitTermination(holdSeconds + 10, TimeUnit.SECONDS);
    progress.run();
    System.out.printf(
        "RESULT nodes=%d closedByHub=%d heartbeats=%d skipped=%d reasons=%s%n",
        n, closedByHub.size(), heartbeats.get(), heartbeatsSkipped.get(), closedByHub.values());
    return closedByHub.isEmpty() ? 0 : 1;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /**
   * Runs {@code n} tasks with at most {@code inFlight} at once and returns their results in order;
   * the first failure or a task slower than {@link #STEP_TIMEOUT} fails the run.
   */
  private static <T> List<T> bounded(int n, int inFlight, IntFunction<CompletionStage<T>> task)
      throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    List<CompletableFuture<T>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (!permits.tryAcquire(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no step finished within " + STEP_TIMEOUT);
      }
      CompletableFuture<T> f =
          task.apply(i)
              .toCompletableFuture()
              .orTimeout(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      f.whenComplete((r, e) -> permits.release());
      all.add(f);
    }
    return all.stream().map(CompletableFuture::join).toList();
  }

  private CompletionStage<String> invite() {
    return post("/api/v1/invites", "{\"stream\":\"demo\",\"ttlSeconds\":3600}", true)
        .thenApply(reply -> reply.path("code").asText());
  }

  private CompletionStage<Node> register(String code, KeyPair pair) {
    String publicKey = Ed25519Keys.encodePublicKey(pair.getPublic());
    byte[] sig =
        NodeProof.sign(
            pair.getPrivate(), NodeProof.registrationNonce(code), publicKey, NodeProof.origin(hub));
    String body;
    try {
      body =
          JSON.writeValueAsString(
              Map.of(
                  "inviteCode", code,
                  "publicKey", publicKey,
                  "publicUrl", hub,
                  "proof", Base64.getUrlEncoder().withoutPadding().encodeToString(sig)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
    return post("/api/v1/nodes", body, false)
        .thenApply(reply -> new Node(reply.path("id").asText(), pair.getPrivate()));
  }

  /** POSTs JSON and returns the reply's JSON; anything but 201 fails the step. */
  private CompletionStage<JsonNode> post(String path, String body, boolean operator) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(hub + path))
            .timeout(STEP_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (operator) {
      req.header("Authorization", "Bearer " + token);
    }
    return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r -> {
              if (r.statusCode() != 201) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + r.body());
              }
              try {
                return JSON.readTree(r.body());
              } catch (java.io.IOException e) {
                throw new IllegalStateException(path + " answered no JSON: " + r.body(), e);
              }
            });
  }

  /** One node's session: answers the challenge as node.HubLink does, then heartbeats. */
  private final class Session implements WebSocket.Listener {
    private final Node node;
    private final CompletableFuture<Session> welcomed = new CompletableFuture<>();
    private final StringBuilder frame = new StringBuilder();
    private WebSocket socket;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    Session(Node node) {
      this.node = node;
    }

    CompletableFuture<Session> open() {
      URI uri = URI.create(hub.replaceFirst("^http", "ws") + "/api/v1/nodes/session");
      http.newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .buildAsync(uri, this)
          .whenComplete(
              (ws, e) -> {
                if (e != null) {
                  welcomed.completeExceptionally(e);
                }
              });
      return welcomed;
    }

    @Override
    public void onOpen(WebSocket ws) {
      synchronized (this) {
        socket = ws;
      }
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      frame.append(data);
      if (last) {
        String text = frame.toString();
        frame.setLength(0);
        onFrame(text);
      }
      ws.request(1);
      return null;
    }

    private void onFrame(String text) {
      NodeMessage m;
      try {
        m = NodeMessageCodec.decode(text);
      } catch (NodeProtocolException e) {
        closed("bad frame from the hub: " + e.getMessage());
        return;
      }
      if (m instanceof Challenge c) {
        byte[] nonce = Base64.getUrlDecoder().decode(c.nonce());
        byte[] sig = NodeProof.sign(node.key(), nonce, node.nodeId(), NodeProof.origin(hub));
        send(
            NodeMessageCodec.encode(
                new Auth(
                    node.nodeId(), Base64.getUrlEncoder().withoutPadding().encodeToString(sig))));
      } else if (m instanceof Welcome w) {
        long every = w.heartbeatIntervalMs();
        heartbeatIntervalMs = every;
        // Real nodes connect at random moments; spread the heartbeats the same way.
        long first = ThreadLocalRandom.current().nextLong(every);
        timer.scheduleAtFixedRate(this::heartbeat, first, every, TimeUnit.MILLISECONDS);
        welcomed.complete(this);
      } else if (m instanceof Close c) {
        closed(c.reason().wire() + ": " + c.message());
      }
    }

    private void heartbeat() {
      if (closedByHub.containsKey(node.nodeId())) {
        return;
      }
      if (send(HEARTBEAT)) {
        heartbeats.incrementAndGet();
      } else {
        heartbeatsSkipped.incrementAndGet();
      }
    }

    /** Sends one frame unless the previous one is still being written (the JDK allows one). */
    private synchronized boolean send(String text) {
      if (socket == null || !lastSend.isDone()) {
        return false;
      }
      lastSend = socket.sendText(text, true);
      return true;
    }

    private void closed(String why) {
      closedByHub.putIfAbsent(node.nodeId(), why);
      welcomed.completeExceptionally(new IllegalStateException(node.nodeId() + ": " + why));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed("websocket closed " + status + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed("websocket failed: " + error);
    }
  }
}
