package io.streamrp2p.media.http.front;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection handed to pekko-http: its socket as a Pekko Streams flow (bytes read out, bytes to
 * write in), which the front door joins with pekko-http's server layer. Reads happen on the event
 * loop, one per pull, so a peer can never push more than one read buffer ahead; a write is tried at
 * once on the stream's thread and, if the socket is full, finished by the loop before the next
 * element is pulled. Closing either side closes the connection.
 */
final class Bridge implements EventLoop.Handler {
  private static final Logger log = LoggerFactory.getLogger(Bridge.class);

  private final EventLoop loop;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final String who;
  private final Runnable onClose;
  // Loop-thread state.
  private Stage.Logic logic;
  private boolean reading;
  private ByteBuffer[] pending;
  private boolean closed;

  Bridge(EventLoop loop, SocketChannel channel, SelectionKey key, String who, Runnable onClose) {
    this.loop = loop;
    this.channel = channel;
    this.key = key;
    this.who = who;
    this.onClose = onClose;
  }

  /** The flow of this connection; {@code first} is what the front door already read. */
  GraphStage<FlowShape<ByteString, ByteString>> flow(ByteString first) {
    return new Stage(first);
  }

  @Override
  public void ready(SelectionKey k) {
    if (k.isReadable() && reading) {
      read();
    }
    if (!closed && k.isValid() && k.isWritable() && pending != null) {
      flush();
    }
  }

  private void read() {
    ByteBuffer buf = loop.readBuffer;
    buf.clear();
    int n;
    try {
      n = channel.read(buf);
    } catch (IOException e) {
      close("read failed: " + e.getMessage());
      return;
    }
    if (n < 0) {
      close(null);
    } else if (n > 0) {
      buf.flip();
      reading = false;
      updateInterest();
      logic.onRead.invoke(ByteString.fromByteBuffer(buf));
    }
  }

  private void flush() {
    try {
      channel.write(pending);
    } catch (IOException e) {
      close("write failed: " + e.getMessage());
      return;
    }
    if (!pending[pending.length - 1].hasRemaining()) {
      pending = null;
      updateInterest();
      logic.onDrained.invoke(Done.getInstance());
    }
  }

  private void updateInterest() {
    if (!closed) {
      key.interestOps(
          (reading ? SelectionKey.OP_READ : 0) | (pending != null ? SelectionKey.OP_WRITE : 0));
    }
  }

  @Override
  public void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    EventLoop.cancelAndClose(key);
    onClose.run();
    if (reason != null) {
      log.debug("http connection {} closed: {}", who, reason);
    }
    if (logic != null) {
      logic.onClosed.invoke(reason == null ? "" : reason);
    }
  }

  private final class Stage extends GraphStage<FlowShape<ByteString, ByteString>> {
    private final Inlet<ByteString> in = Inlet.create("Bridge.toSocket");
    private final Outlet<ByteString> out = Outlet.create("Bridge.fromSocket");
    private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
    private final ByteString first;

    Stage(ByteString first) {
      this.first = first;
    }

    @Override
    public FlowShape<ByteString, ByteString> shape() {
      return shape;
    }

    @Override
    public Logic createLogic(Attributes attributes) {
      return new Logic();
    }

    final class Logic extends GraphStageLogic {
      final AsyncCallback<ByteString> onRead = createAsyncCallback(b -> push(out, b));
      final AsyncCallback<Done> onDrained = createAsyncCallback(d -> written());
      final AsyncCallback<String> onClosed = createAsyncCallback(this::closedByLoop);
      private ByteString unread = first;
      private boolean writing;
      private boolean upstreamDone;

      Logic() {
        super(shape);
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (unread != null) {
                  ByteString b = unread;
                  unread = null;
                  push(out, b);
                } else {
                  loop.execute(
                      () -> {
                        reading = true;
                        updateInterest();
                      });
                }
              }

              @Override
              public void onDownstreamFinish(Throwable cause) {
                // pekko-http reads no more requests; the responses it is still writing go out.
                if (isClosed(in)) {
                  completeStage();
                }
              }
            });
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                write(grab(in));
              }

              @Override
              public void onUpstreamFinish() {
                upstreamDone = true;
                if (!writing) {
                  completeStage();
                }
              }
            });
      }

      @Override
      public void preStart() {
        loop.execute(
            () -> {
              logic = this;
              if (closed) {
                onClosed.invoke("closed before it was handed over");
              }
            });
        pull(in);
      }

      @Override
      public void postStop() {
        loop.execute(
            () -> {
              logic = null; // nothing left to tell
              close(null);
            });
      }

      private void write(ByteString bytes) {
        java.util.List<ByteBuffer> list = new java.util.ArrayList<>(2);
        bytes.getByteBuffers().forEach(list::add);
        ByteBuffer[] buffers = list.toArray(new ByteBuffer[0]);
        try {
          channel.write(buffers);
        } catch (IOException e) {
          failStage(e);
          return;
        }
        if (buffers.length == 0 || !buffers[buffers.length - 1].hasRemaining()) {
          written();
        } else {
          writing = true;
          loop.execute(
              () -> {
                pending = buffers;
                updateInterest();
              });
        }
      }

      private void written() {
        writing = false;
        if (upstreamDone) {
          completeStage();
        } else {
          pull(in);
        }
      }

      private void closedByLoop(String reason) {
        if (reason.isEmpty()) {
          completeStage();
        } else {
          failStage(new IOException(reason));
        }
      }
    }
  }
}
