package io.streamrp2p.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP-FLV viewer in the test JVM: reads the response body as fast as it comes and counts the
 * bytes. {@link #ended()} completes normally when the response ends cleanly and exceptionally when
 * the connection fails.
 */
final class HttpFlvViewer implements AutoCloseable {
  private static final int READ_BYTES = 64 * 1024;

  private final AtomicLong bytes = new AtomicLong();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final HttpURLConnection connection;
  private final Thread reader;
  private volatile int status;

  private HttpFlvViewer(String url) throws IOException {
    connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(10_000);
    reader = new Thread(this::read, "flv-viewer " + url);
    reader.setDaemon(true);
  }

  static HttpFlvViewer open(String url) {
    try {
      HttpFlvViewer v = new HttpFlvViewer(url);
      v.reader.start();
      return v;
    } catch (IOException e) {
      throw new AssertionError("cannot open " + url, e);
    }
  }

  private void read() {
    try {
      status = connection.getResponseCode();
      try (InputStream in = connection.getInputStream()) {
        byte[] buf = new byte[READ_BYTES];
        int n;
        while ((n = in.read(buf)) >= 0) {
          bytes.addAndGet(n);
        }
      }
      ended.complete(null);
    } catch (IOException | RuntimeException e) {
      ended.completeExceptionally(e);
    }
  }

  long bytes() {
    return bytes.get();
  }

  int status() {
    return status;
  }

  CompletableFuture<Void> ended() {
    return ended;
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
