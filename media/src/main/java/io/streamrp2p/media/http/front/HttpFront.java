package io.streamrp2p.media.http.front;

import io.streamrp2p.media.LogText;
import io.streamrp2p.media.http.HttpSettings;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.ViewerGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's HTTP listener. It reads the head of each connection's first request: a play request for
 * an HTTP-FLV stream that is live on this member is served by {@link FlvViewers} on the
 * connection's event loop, writing sockets directly; every other connection (HLS, the API, the
 * dashboard, relays, unknown streams) is handed, with the bytes already read, to pekko-http's
 * server layer and the hub's routes, and behaves exactly as if pekko-http had accepted it.
 */
public final class HttpFront implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpFront.class);

  /** Largest first-request head read before the connection is handed to pekko-http anyway. */
  static final int HEAD_BYTES_MAX = 16 * 1024;

  /** A connection's head buffer to begin with: most request heads fit. */
  static final int HEAD_BYTES_FIRST = 2 * 1024;

  /**
   * Listener settings. A play request carrying any of {@code routedHeaders} always goes to the
   * routes (the cluster's relay pulls look like plays but are answered by their own route).
   */
  public record Settings(
      String host,
      int port,
      int eventLoops,
      Duration headTimeout,
      Duration viewerWriteTimeout,
      Set<String> routedHeaders) {
    public Settings {
      if (eventLoops < 1) {
        throw new IllegalArgumentException("event loops must be at least 1: " + eventLoops);
      }
      routedHeaders =
          routedHeaders.stream()
              .map(h -> h.toLowerCase(Locale.ROOT))
              .collect(Collectors.toUnmodifiableSet());
    }

    /** The listener {@code http} configures, handing requests with {@code routedHeaders} on. */
    public static Settings of(HttpSettings http, Set<String> routedHeaders) {
      return new Settings(
          http.host(),
          http.port(),
          http.eventLoopsOrCores(),
          http.headTimeout(),
          http.viewerWriteTimeout(),
          routedHeaders);
    }
  }

  private final ActorSystem system;
  private final Materializer materializer;
  private final LiveStreams streams;
  private final Flow<HttpRequest, HttpResponse, NotUsed> handler;
  private final ServerSettings serverSettings;
  private final LoggingAdapter httpLog;
  private final Settings settings;
  private final EventLoop[] loops;
  private final FlvViewers[] viewers;
  private final ServerSocketChannel server;
  private final SelectionKey acceptKey;
  private final InetSocketAddress localAddress;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger flvViewers = new AtomicInteger();

  /** Notified when the last HTTP-FLV viewer closed ({@link #terminate} waits for it). */
  private final Object noFlvViewers = new Object();

  private final int connectionsMax;
  private int nextLoop;
  private volatile boolean acceptPaused;

  private HttpFront(ActorSystem system, Route route, LiveStreams streams, Settings settings)
      throws IOException {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.streams = streams;
    this.handler = route.flow(system);
    this.serverSettings = ServerSettings.create(system);
    this.httpLog = Logging.getLogger(system, HttpFront.class);
    this.settings = settings;
    this.connectionsMax = serverSettings.getMaxConnections();
    String serverHeader = system.settings().config().getString("pekko.http.server.server-header");
    loops = new EventLoop[settings.eventLoops()];
    viewers = new FlvViewers[loops.length];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new EventLoop("http-front-" + i);
      viewers[i] =
          new FlvViewers(
              loops[i],
              serverHeader,
              settings.viewerWriteTimeout().toMillis(),
              () -> {
                if (flvViewers.decrementAndGet() == 0) {
                  synchronized (noFlvViewers) {
                    noFlvViewers.notifyAll();
                  }
                }
                closed();
              });
    }
    server = ServerSocketChannel.open();
    try {
      server.bind(
          new InetSocketAddress(settings.host(), settings.port()), serverSettings.getBacklog());
      server.configureBlocking(false);
      acceptKey = server.register(loops[0].selector(), SelectionKey.OP_ACCEPT, new Acceptor());
    } catch (IOException e) {
      server.close();
      throw e;
    }
    localAddress = (InetSocketAddress) server.getLocalAddress();
    for (EventLoop l : loops) {
      l.start();
    }
  }

  /** Binds the listener; the connections' HTTP is answered by {@code route}. */
  public static HttpFront bind(
      ActorSystem system, Route route, LiveStreams streams, Settings settings) {
    try {
      return new HttpFront(system, route, streams, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen for HTTP on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** Open connections, of every kind. */
  public int connections() {
    return connections.get();
  }

  /** Stops accepting connections; those open stay. */
  public void unbind() {
    loops[0].execute(() -> EventLoop.cancelAndClose(acceptKey));
  }

  /** HTTP-FLV viewers served by the event loops. */
  public int flvViewers() {
    return flvViewers.get();
  }

  /**
   * Waits up to {@code grace} for the HTTP-FLV viewers to end (viewers of ended streams get their
   * last chunk), then closes every connection and stops the event loops.
   */
  public void terminate(Duration grace) {
    unbind();
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (noFlvViewers) {
      long left;
      while (flvViewers.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
        try {
          noFlvViewers.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (EventLoop l : loops) {
      try {
        l.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    terminate(Duration.ZERO);
  }

  private void closed() {
    if (connections.decrementAndGet() < connectionsMax && acceptPaused) {
      loops[0].execute(
          () -> {
            if (acceptPaused && acceptKey.isValid()) {
              acceptPaused = false;
              acceptKey.interestOps(SelectionKey.OP_ACCEPT);
            }
          });
    }
  }

  /** Accepts on loop 0 and deals the connections out to the loops in turn. */
  private final class Acceptor implements EventLoop.Handler {
    @Override
    public void ready(SelectionKey key) {
      for (int i = 0; i < 256; i++) {
        if (connections.get() >= connectionsMax) {
          acceptPaused = true; // like pekko-http: the backlog holds the rest until one closes
          key.interestOps(0);
          log.warn(
              "{} HTTP connections open, the most allowed "
                  + "(pekko.http.server.max-connections): accepting more when one closes",
              connectionsMax);
          return;
        }
        SocketChannel c;
        try {
          c = server.accept();
        } catch (IOException e) {
          log.warn("accepting an HTTP connection failed: {}", e.toString());
          return;
        }
        if (c == null) {
          return;
        }
        connections.incrementAndGet();
        int at = nextLoop;
        nextLoop = (nextLoop + 1) % loops.length;
        loops[at].execute(() -> open(loops[at], viewers[at], c));
      }
    }

    @Override
    public void close(String reason) {
      EventLoop.cancelAndClose(acceptKey);
    }
  }

  private void open(EventLoop loop, FlvViewers flv, SocketChannel c) {
    String who;
    try {
      c.configureBlocking(false);
      c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      InetSocketAddress remote = (InetSocketAddress) c.getRemoteAddress();
      who = remote.getAddress().getHostAddress() + ":" + remote.getPort();
      Sniffer s = new Sniffer(loop, flv, c, remote, who);
      s.key = c.register(loop.selector(), SelectionKey.OP_READ, s);
    } catch (IOException e) {
      log.debug("an HTTP connection closed before it was read: {}", e.toString());
      try {
        c.close();
      } catch (IOException ignored) {
        // already failed
      }
      closed();
    }
  }

  /** Reads a connection's first request head, then hands the connection on. */
  private final class Sniffer implements EventLoop.Handler {
    private final EventLoop loop;
    private final FlvViewers flv;
    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final String who;
    private final long openedNanos = System.nanoTime();

    /** Grows from {@link #HEAD_BYTES_FIRST} to {@link #HEAD_BYTES_MAX} as the head needs. */
    private byte[] head = new byte[HEAD_BYTES_FIRST];

    private int length;

    /** The head was read and the connection handed on, or it was closed. */
    private boolean done;

    SelectionKey key;

    Sniffer(
        EventLoop loop,
        FlvViewers flv,
        SocketChannel channel,
        InetSocketAddress remote,
        String who) {
      this.loop = loop;
      this.flv = flv;
      this.channel = channel;
      this.remote = remote;
      this.who = who;
    }

    @Override
    public void ready(SelectionKey k) {
      if (length == head.length) {
        head = java.util.Arrays.copyOf(head, Math.min(2 * head.length, HEAD_BYTES_MAX));
      }
      int n;
      try {
        n = channel.read(ByteBuffer.wrap(head, length, head.length - length));
      } catch (IOException e) {
        close("read failed: " + e.getMessage());
        return;
      }
      if (n < 0) {
        close(null);
        return;
      }
      length += n;
      int end = RequestHead.end(head, length);
      if (end < 0 && length < HEAD_BYTES_MAX) {
        return; // more to come
      }
      done = true;
      RequestHead request = end < 0 ? null : RequestHead.parse(head, end);
      String name = request == null ? null : request.flvStream(settings.routedHeaders());
      Optional<LiveStream> live = name == null ? Optional.empty() : streams.find(name);
      // A viewer served here stays on the loop; a redirect or a refusal is one small response
      // written here too, so the gate decides once per viewer.
      ViewerGate.Decision decision =
          live.isEmpty()
              ? null
              : streams
                  .gate()
                  .decide(
                      new ViewerGate.Request(
                          name,
                          ViewerGate.Door.HTTP_FLV,
                          request.query(),
                          remote.getAddress().getHostAddress(),
                          live.get().viewers()));
      if (decision instanceof ViewerGate.Serve serve) {
        flvViewers.incrementAndGet();
        flv.add(channel, key, request, live.get(), who, serve);
      } else if (decision != null) {
        answerAndClose(decision);
      } else {
        bridge(ByteString.fromArray(head, 0, length));
      }
    }

    /**
     * Writes a redirect or refusal and closes. The response is a few hundred bytes into a fresh
     * socket's empty send buffer, so one write takes it whole; if the kernel takes less, the viewer
     * sees a cut response and asks again, which costs nothing else.
     */
    private void answerAndClose(ViewerGate.Decision decision) {
      String response =
          decision instanceof ViewerGate.Redirect r
              ? "HTTP/1.1 302 Found\r\nLocation: "
                  + r.location()
                  + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              : refusal((ViewerGate.Refuse) decision);
      try {
        channel.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        // the viewer left already
      }
      done = false; // the head was read; close() runs once more for this connection
      close(null);
    }

    private static String refusal(ViewerGate.Refuse r) {
      String body = r.reason() + "\n";
      return "HTTP/1.1 "
          + r.status()
          + " "
          + (r.status() == 403 ? "Forbidden" : "Refused")
          + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: "
          + body.getBytes(StandardCharsets.UTF_8).length
          + "\r\nConnection: close\r\n\r\n"
          + body;
    }

    private void bridge(ByteString first) {
      key.interestOps(0);
      Bridge b = new Bridge(loop, channel, key, who, HttpFront.this::closed);
      key.attach(b);
      @SuppressWarnings({"unchecked", "rawtypes"})
      BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> layer =
          Http.get(system)
              .serverLayer(serverSettings, Optional.of(remote), httpLog)
              .atop(
                  (BidiFlow<
                          TLSProtocol.SslTlsOutbound,
                          ByteString,
                          ByteString,
                          TLSProtocol.SslTlsInbound,
                          NotUsed>)
                      (BidiFlow) TLSPlacebo.getInstance());
      Flow.fromGraph(b.flow(first)).join(handler.join(layer)).run(materializer);
    }

    @Override
    public void tick(long now) {
      if (!done && now - openedNanos > settings.headTimeout().toNanos()) {
        close("no complete request head within " + settings.headTimeout().toSeconds() + " s");
      }
    }

    @Override
    public void close(String reason) {
      if (done) {
        return;
      }
      done = true;
      EventLoop.cancelAndClose(key);
      closed();
      if (reason != null) {
        log.info("http connection {} closed: {}", LogText.safe(who), LogText.safe(reason));
      }
    }
  }
}
