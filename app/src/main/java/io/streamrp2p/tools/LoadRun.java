package io.streamrp2p.tools;

import io.streamrp2p.protocol.flv.FlvTag;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens many HTTP-FLV viewers from one selector thread with non-blocking sockets, optionally
 * publishing the stream itself first, and measures each viewer (see {@link FlvViewer}).
 *
 * <p>Hub-added latency needs the hub to keep the publisher's timestamps: run it with {@code
 * streamrp2p.hub.live.time-jitter = off} on a fresh stream, so a tag reaches viewers with the
 * timestamp it was sent with and arrival - send time can be matched by (type, timestamp). Only tags
 * sent after a viewer connected count: the cached GOP a viewer gets on joining is old by design and
 * is what time to first frame measures.
 */
public final class LoadRun {
  /** One read buffer shared by all viewers: parsing keeps nothing of it between reads. */
  static final int READ_BUFFER_BYTES = 256 * 1024;

  /** Reads per readable socket per wakeup, so one fast socket does not starve the others. */
  static final int READS_PER_WAKEUP_MAX = 4;

  private static final long LAG_CHECK_NANOS = 100_000_000L;
  private static final int FLV_VIDEO = 9;
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  private final LoadPlan plan;
  private final FlvViewer[] viewers;
  private final LatencyHistogram latency = new LatencyHistogram();
  private final LatencyHistogram videoLatency = new LatencyHistogram();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
  private final Map<String, Integer> failures = new TreeMap<>();
  private SentLog sentLog;
  private long totalBytes;

  public LoadRun(LoadPlan plan) {
    this.plan = plan;
    this.viewers = new FlvViewer[plan.viewers()];
  }

  /** Runs the plan; blocks for warmup + ramp + duration. */
  public LoadReport run() throws IOException, InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Exception> publishError = new AtomicReference<>();
    Thread publishing = plan.publishFile() == null ? null : startPublishing(stop, publishError);
    try {
      if (publishing != null) {
        waitFor(plan.warmup().toNanos(), publishError);
      }
      Window window = runViewers(publishError);
      return report(window);
    } finally {
      stop.set(true);
      if (publishing != null) {
        publishing.join(PUBLISH_TIMEOUT.toMillis());
      }
    }
  }

  private Thread startPublishing(AtomicBoolean stop, AtomicReference<Exception> error)
      throws IOException {
    List<FlvTag> tags = MediaFiles.readFlv(plan.publishFile());
    RtmpPublisher publisher = RtmpPublisher.open(plan.publishUrl(), PUBLISH_TIMEOUT);
    sentLog = new SentLog();
    Thread t =
        new Thread(
            () -> {
              try (publisher) {
                PacedPublishing.run(tags, plan.loop(), publisher::send, sentLog, stop::get);
              } catch (IOException | InterruptedException | RuntimeException e) {
                error.set(e);
              }
            },
            "load-publisher");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void waitFor(long nanos, AtomicReference<Exception> publishError)
      throws IOException {
    long end = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(Math.min(left, 50_000_000L));
      checkPublisher(publishError);
    }
  }

  private static void checkPublisher(AtomicReference<Exception> publishError) throws IOException {
    Exception e = publishError.get();
    if (e != null) {
      throw new IOException("the publisher failed: " + e.getMessage(), e);
    }
  }

  /** Bytes and hub samples at the start and end of the measured window. */
  private record Window(
      long startNanos,
      long endNanos,
      long startBytes,
      long endBytes,
      ProcessSample idle,
      ProcessSample start,
      ProcessSample end) {
    double windowSeconds() {
      return (endNanos - startNanos) / 1e9;
    }
  }

  private Window runViewers(AtomicReference<Exception> publishError) throws IOException {
    ProcessSample idle = sampleHub();
    long t0 = System.nanoTime();
    long ramp = plan.ramp().toNanos();
    long end = t0 + ramp + plan.duration().toNanos();
    long windowStart = -1;
    long startBytes = 0;
    ProcessSample start = null;
    long lastLagCheck = t0;
    int opened = 0;
    try (Selector selector = Selector.open()) {
      for (long now = t0; now < end; now = System.nanoTime()) {
        for (; opened < viewers.length && now >= t0 + ramp * opened / viewers.length; opened++) {
          open(selector, opened);
        }
        if (windowStart < 0 && opened == viewers.length && now >= t0 + ramp) {
          windowStart = now;
          startBytes = totalBytes;
          start = sampleHub();
        }
        long due = opened < viewers.length ? t0 + ramp * opened / viewers.length : end;
        selector.select(Math.max(1, Math.min(100, (due - now) / 1_000_000)));
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key);
        }
        selector.selectedKeys().clear();
        now = System.nanoTime();
        if (now - lastLagCheck >= LAG_CHECK_NANOS) {
          lastLagCheck = now;
          checkLags(now);
          checkPublisher(publishError);
        }
      }
      Window w =
          new Window(
              windowStart, System.nanoTime(), startBytes, totalBytes, idle, start, sampleHub());
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      return w;
    }
  }

  private void checkLags(long now) {
    for (FlvViewer v : viewers) {
      if (v != null && v.failure == null) {
        v.checkLag(now);
      }
    }
  }

  private void open(Selector selector, int id) {
    viewers[id] = new FlvViewer(id, plan.url(), System.nanoTime(), this::onTag);
    connect(selector, viewers[id]);
  }

  /**
   * Connects {@code viewer} to the server of its URL and sends its request. The name is resolved on
   * this thread: a Location names a node by address, and the JDK caches a name it has resolved
   * (networkaddress.cache.ttl, 30 s by default), so a run resolves each name about once.
   */
  private void connect(Selector selector, FlvViewer viewer) {
    URI url = viewer.url();
    try {
      InetSocketAddress address = new InetSocketAddress(url.getHost(), port(url));
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      Connection c = new Connection(viewer, channel, ByteBuffer.wrap(request(url)));
      channel.register(selector, SelectionKey.OP_CONNECT, c);
      if (channel.connect(address)) {
        c.connected(channel.keyFor(selector));
      }
    } catch (IOException e) {
      fail(viewer, null, "connect: " + e.getMessage());
    } catch (UnresolvedAddressException e) {
      fail(viewer, null, "connect: cannot resolve " + viewer.target());
    }
  }

  private void handle(SelectionKey key) {
    Connection c = (Connection) key.attachment();
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isConnectable() && c.channel.finishConnect()) {
        c.connected(key);
      } else if (key.isWritable()) {
        c.writeRequest(key);
      } else if (key.isReadable()) {
        read(c, key);
      }
    } catch (IOException e) {
      fail(c.viewer, key, e.getMessage() == null ? e.toString() : e.getMessage());
    } catch (IllegalStateException e) {
      fail(c.viewer, key, "bad response: " + e.getMessage());
    }
  }

  private void read(Connection c, SelectionKey key) throws IOException {
    for (int i = 0; i < READS_PER_WAKEUP_MAX; i++) {
      readBuffer.clear();
      int n = c.channel.read(readBuffer);
      if (n < 0) {
        throw new IOException("the server closed the connection");
      }
      if (n == 0) {
        return;
      }
      totalBytes += n;
      readBuffer.flip();
      c.viewer.onBytes(readBuffer, System.nanoTime());
      if (c.viewer.takeRedirect() != null) {
        key.cancel();
        c.channel.close();
        connect(key.selector(), c.viewer);
        return;
      }
      if (n < READ_BUFFER_BYTES) {
        return;
      }
    }
  }

  private void onTag(FlvViewer viewer, int tagType, long timestampMs, long arrivalNanos) {
    Long sent = sentLog == null ? null : sentLog.sentNanos(tagType, timestampMs);
    if (sent != null && sent >= viewer.connectNanos) {
      latency.add(arrivalNanos - sent);
      if (tagType == FLV_VIDEO) {
        videoLatency.add(arrivalNanos - sent);
      }
    }
  }

  private void fail(FlvViewer viewer, SelectionKey key, String why) {
    if (viewer.failure == null) {
      viewer.failure = why;
      failures.merge(why, 1, Integer::sum);
    }
    if (key != null) {
      key.cancel();
      try {
        key.channel().close();
      } catch (IOException e) {
        // Already failed; nothing more to learn from a failing close.
      }
    }
  }

  private ProcessSample sampleHub() throws IOException {
    return plan.hubPid() < 0 ? null : ProcessSample.of(plan.hubPid());
  }

  private LoadReport report(Window w) {
    int connected = 0;
    int withFrame = 0;
    int stallFree = 0;
    long[] firstFrames = new long[viewers.length];
    Map<String, TargetCount> targets = new TreeMap<>();
    for (FlvViewer v : viewers) {
      connected += v.connected ? 1 : 0;
      if (!v.connected && v.failure == null) {
        // Accepted by the kernel but never answered: the server did not take the connection.
        failures.merge("no HTTP response before the end of the run", 1, Integer::sum);
      }
      if (v.hasFirstKeyframe()) {
        firstFrames[withFrame++] = v.firstKeyframeNanos;
        stallFree += v.failure == null && !v.stalled() ? 1 : 0;
      }
      if (v.connected) {
        targets.computeIfAbsent(v.target(), t -> new TargetCount()).add(v);
      }
    }
    long[] ff = Arrays.copyOf(firstFrames, withFrame);
    Arrays.sort(ff);
    double seconds = w.windowSeconds();
    double mb = (w.endBytes - w.startBytes) / 1e6;
    double cpu = w.start == null ? Double.NaN : w.end.cpuSeconds() - w.start.cpuSeconds();
    long rssIdle = w.idle == null ? -1 : w.idle.rssBytes();
    long rssEnd = w.end == null ? -1 : w.end.rssBytes();
    return new LoadReport(
        viewers.length,
        connected,
        withFrame,
        stallFree,
        percentileMs(ff, 50),
        percentileMs(ff, 99),
        latency.percentileMs(50),
        latency.percentileMs(99),
        latency.count(),
        videoLatency.percentileMs(50),
        videoLatency.percentileMs(99),
        seconds,
        mb / seconds,
        cpu / seconds,
        mb / cpu,
        rssIdle,
        rssEnd,
        w.idle == null ? Double.NaN : (rssEnd - rssIdle) / 1024.0 / viewers.length,
        failures,
        shares(targets, connected));
  }

  private static List<LoadReport.Target> shares(Map<String, TargetCount> targets, int connected) {
    List<LoadReport.Target> shares = new ArrayList<>();
    targets.forEach(
        (target, n) ->
            shares.add(
                new LoadReport.Target(
                    target, n.viewers, n.stallFree, n.bytes, 100.0 * n.viewers / connected)));
    return shares;
  }

  /** The viewers one server answered with a stream, counted as the report is made. */
  private static final class TargetCount {
    int viewers;
    int stallFree;
    long bytes;

    void add(FlvViewer v) {
      viewers++;
      stallFree += v.hasFirstKeyframe() && v.failure == null && !v.stalled() ? 1 : 0;
      bytes += v.bytesReceived;
    }
  }

  private static double percentileMs(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.max(1, Math.ceil(sortedNanos.length * p / 100.0));
    return sortedNanos[rank - 1] / 1e6;
  }

  private static int port(URI url) {
    return url.getPort() < 0 ? 80 : url.getPort();
  }

  private static byte[] request(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
    return ("GET "
            + path
            + query
            + " HTTP/1.1\r\nHost: "
            + url.getHost()
            + ":"
            + port(url)
            + "\r\nUser-Agent: streamrp2p-load\r\nAccept: */*\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A viewer's socket and the part of its request not yet written. */
  private record Connection(FlvViewer viewer, SocketChannel channel, ByteBuffer request) {
    void connected(SelectionKey key) throws IOException {
      key.interestOps(SelectionKey.OP_WRITE);
      writeRequest(key);
    }

    void writeRequest(SelectionKey key) throws IOException {
      channel.write(request);
      if (!request.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ);
      }
    }
  }
}
