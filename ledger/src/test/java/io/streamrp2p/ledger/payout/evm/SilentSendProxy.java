package io.streamrp2p.ledger.payout.evm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy on loopback in front of a test chain that passes every call through, but never
 * answers {@code eth_sendRawTransaction}: the node gets (and mines) the transaction, the caller
 * gets no answer, as when a connection drops or a node stalls after accepting it.
 */
final class SilentSendProxy implements AutoCloseable {
  /** Bounds the held answers, should a test never close the proxy. */
  private static final long HOLD_SECONDS_MAX = 120;

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger silenced = new AtomicInteger();
  private final URI target;

  SilentSendProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Sends whose answers were withheld so far. */
  int silenced() {
    return silenced.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpResponse<byte[]> answer;
      try {
        answer =
            client.send(
                HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (new String(body, StandardCharsets.UTF_8).contains("\"eth_sendRawTransaction\"")) {
        silenced.incrementAndGet();
        try {
          released.await(HOLD_SECONDS_MAX, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return; // the connection closes with no response
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
      exchange.getResponseBody().write(answer.body());
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
