package io.streamrp2p.media.http.front;

import io.streamrp2p.media.LogText;
import io.streamrp2p.media.http.PlayHeaders;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.media.live.StreamReader;
import io.streamrp2p.media.live.ViewerGate;
import io.streamrp2p.media.live.ViewerTooSlowException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP-FLV viewers of one event loop. Each viewer's socket is written directly by the loop with
 * gathering writes of the stream's shared tag encodings, framed as HTTP chunks: no copy, no queue
 * and no stream per viewer. Viewers of one stream on one loop share one {@link LiveStream.Waker},
 * so a new frame costs the publisher one wake-up per loop, and the loop then writes to every viewer
 * whose socket has room.
 */
final class FlvViewers {
  private static final Logger log = LoggerFactory.getLogger(FlvViewers.class);

  /** Largest batch taken from the ring at once: under a second of a 3 Mbit/s stream. */
  static final long BATCH_BYTES_MAX = 256 * 1024;

  /** Bytes one viewer may write per turn before the loop serves the others. */
  static final long TURN_BYTES_MAX = 1024 * 1024;

  /** Bytes a viewer may send after its request before it is closed as hostile. */
  static final long INPUT_BYTES_MAX = 64 * 1024;

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final EventLoop loop;
  private final String serverHeader;
  private final long writeTimeoutNanos;
  private final Map<LiveStream, Group> groups = new HashMap<>();
  private final Runnable onClose;

  FlvViewers(EventLoop loop, String serverHeader, long writeTimeoutMillis, Runnable onClose) {
    this.onClose = onClose;
    this.loop = loop;
    this.serverHeader = serverHeader;
    this.writeTimeoutNanos = writeTimeoutMillis * 1_000_000;
  }

  /** Serves {@code stream} on a connection whose request head was read; on the loop thread. */
  void add(
      SocketChannel channel,
      SelectionKey key,
      RequestHead head,
      LiveStream stream,
      String who,
      ViewerGate.Serve serve) {
    Group g = groups.get(stream);
    if (g == null) {
      g = new Group(stream);
      groups.put(stream, g);
      stream.addWaker(g); // before the reader takes its start, so no tag goes unnoticed
    }
    Viewer v = new Viewer(g, channel, key, stream.join(true), who, !head.http10());
    key.attach(v);
    key.interestOps(SelectionKey.OP_READ);
    g.add(v);
    log.debug("stream {}: http-flv viewer {} joined", stream.name(), who);
    v.pending = v.start(responseHead(v.chunked, serve), stream.flvFileHeader());
    v.pump();
  }

  private byte[] responseHead(boolean chunked, ViewerGate.Serve serve) {
    StringBuilder b = new StringBuilder(256).append("HTTP/1.1 200 OK\r\n");
    if (!serverHeader.isEmpty()) {
      b.append("Server: ").append(serverHeader).append("\r\n");
    }
    b.append("Date: ")
        .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .append("\r\n")
        .append(PlayHeaders.LIVE_LINES);
    for (Map.Entry<String, String> h : serve.headers()) {
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    b.append("Connection: close\r\n").append("Content-Type: video/x-flv\r\n");
    if (chunked) {
      b.append("Transfer-Encoding: chunked\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The viewers of one stream on this loop, and their shared waker. */
  private final class Group implements LiveStream.Waker {
    final LiveStream stream;
    final ArrayList<Viewer> viewers = new ArrayList<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Group(LiveStream stream) {
      this.stream = stream;
    }

    /** From the publisher's thread. */
    @Override
    public void wake() {
      if (scheduled.compareAndSet(false, true)) {
        loop.execute(this::wakeViewers);
      }
    }

    private void wakeViewers() {
      scheduled.set(false);
      // Backwards: a viewer that closes moves the last one into its slot, already served.
      for (int i = viewers.size() - 1; i >= 0; i--) {
        if (i < viewers.size()) {
          Viewer v = viewers.get(i);
          if (!v.blocked) {
            v.pump();
          }
        }
      }
    }

    void add(Viewer v) {
      v.slot = viewers.size();
      viewers.add(v);
    }

    void remove(Viewer v) {
      int last = viewers.size() - 1;
      Viewer moved = viewers.remove(last);
      if (moved != v) {
        viewers.set(v.slot, moved);
        moved.slot = v.slot;
      }
      if (viewers.isEmpty()) {
        stream.removeWaker(this);
        groups.remove(stream);
      }
    }
  }

  /** One HTTP-FLV viewer's connection. */
  private final class Viewer implements EventLoop.Handler {
    private final Group group;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final StreamReader reader;
    private final String who;
    private final boolean chunked;
    int slot;
    ByteBuffer[] pending;
    private int pendingFrom;
    boolean blocked;
    private boolean ending;
    private boolean closed;
    private long inputBytes;
    private long lastProgressNanos = System.nanoTime();

    Viewer(
        Group group,
        SocketChannel channel,
        SelectionKey key,
        StreamReader reader,
        String who,
        boolean chunked) {
      this.group = group;
      this.channel = channel;
      this.key = key;
      this.reader = reader;
      this.who = who;
      this.chunked = chunked;
    }

    @Override
    public void ready(SelectionKey k) {
      if (k.isReadable()) {
        discardInput();
      }
      if (!closed && k.isValid() && k.isWritable()) {
        pump();
      }
    }

    /** Writes what is pending, then what the ring holds, until the socket is full. */
    void pump() {
      if (closed) {
        return;
      }
      long turn = 0;
      try {
        while (true) {
          if (pending != null) {
            long n = channel.write(pending, pendingFrom, pending.length - pendingFrom);
            if (n > 0) {
              turn += n;
              lastProgressNanos = System.nanoTime();
            }
            while (pendingFrom < pending.length && !pending[pendingFrom].hasRemaining()) {
              pendingFrom++;
            }
            if (pendingFrom < pending.length) {
              block(true);
              return;
            }
            pending = null;
            pendingFrom = 0;
            if (ending) {
              close(null);
              return;
            }
          }
          if (turn >= TURN_BYTES_MAX) {
            block(true); // the socket has room: the selector calls again after the others
            return;
          }
          List<MediaTag> batch = reader.take(BATCH_BYTES_MAX);
          if (!batch.isEmpty()) {
            pending = frame(batch);
          } else if (reader.finished()) {
            ending = true;
            if (!chunked) {
              close(null);
              return;
            }
            pending = new ByteBuffer[] {ByteBuffer.wrap(LAST_CHUNK)};
          } else {
            block(false);
            return;
          }
        }
      } catch (ViewerTooSlowException e) {
        close(e.getMessage());
      } catch (IOException e) {
        close("write failed: " + e.getMessage());
      }
    }

    private void block(boolean wantWrite) {
      if (wantWrite != blocked) {
        blocked = wantWrite;
        key.interestOps(
            wantWrite ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
      }
    }

    /** The response head and the FLV file header, the body's first chunk. */
    ByteBuffer[] start(byte[] responseHead, byte[] flvHeader) {
      return chunked
          ? new ByteBuffer[] {
            ByteBuffer.wrap(responseHead),
            chunkHeader(flvHeader.length),
            ByteBuffer.wrap(flvHeader),
            ByteBuffer.wrap(CRLF)
          }
          : new ByteBuffer[] {ByteBuffer.wrap(responseHead), ByteBuffer.wrap(flvHeader)};
    }

    private ByteBuffer[] frame(List<MediaTag> batch) {
      int extra = chunked ? 2 : 0;
      ByteBuffer[] b = new ByteBuffer[batch.size() + extra];
      int size = 0;
      int i = chunked ? 1 : 0;
      for (MediaTag t : batch) {
        ByteBuffer tag = t.flv().asByteBuffer();
        size += tag.remaining();
        b[i++] = tag;
      }
      if (chunked) {
        b[0] = chunkHeader(size);
        b[i] = ByteBuffer.wrap(CRLF);
      }
      return b;
    }

    private static ByteBuffer chunkHeader(int size) {
      return ByteBuffer.wrap(
          (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** A viewer sends nothing after its request; reading finds out when it goes away. */
    private void discardInput() {
      ByteBuffer buf = loop.readBuffer;
      try {
        int n;
        do {
          buf.clear();
          n = channel.read(buf);
          if (n < 0) {
            close(null);
            return;
          }
          inputBytes += n;
        } while (n == buf.capacity());
        if (inputBytes > INPUT_BYTES_MAX) {
          close("sent " + inputBytes + " bytes after its request, more than " + INPUT_BYTES_MAX);
        }
      } catch (IOException e) {
        close("read failed: " + e.getMessage());
      }
    }

    /** Lag and progress checks of a viewer whose socket is full. */
    @Override
    public void tick(long now) {
      if (!blocked || closed) {
        return;
      }
      try {
        reader.checkLag();
      } catch (ViewerTooSlowException e) {
        close(e.getMessage());
        return;
      }
      if (now - lastProgressNanos > writeTimeoutNanos) {
        close("took nothing for " + writeTimeoutNanos / 1_000_000_000 + " s");
      }
    }

    /** {@code reason} null: a clean end or the viewer left. */
    @Override
    public void close(String reason) {
      if (closed) {
        return;
      }
      closed = true;
      pending = null;
      reader.close();
      group.remove(this);
      EventLoop.cancelAndClose(key);
      onClose.run();
      if (reason == null) {
        log.debug("stream {}: http-flv viewer {} left", group.stream.name(), who);
      } else {
        log.info(
            "stream {}: http-flv viewer {} closed: {}",
            group.stream.name(),
            LogText.safe(who),
            LogText.safe(reason));
      }
    }
  }
}
