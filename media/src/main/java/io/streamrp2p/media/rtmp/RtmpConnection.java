package io.streamrp2p.media.rtmp;

import io.streamrp2p.media.LogText;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.ChunkDecoder;
import io.streamrp2p.protocol.rtmp.chunk.ChunkEncoder;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import io.streamrp2p.protocol.rtmp.handshake.ServerHandshake;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.InHandler;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP connection as a bytes-in, bytes-out flow: handshake, chunk stream, and the session
 * (publish or play) driven by {@link RtmpSession}. Bad bytes close this connection with a log line
 * naming what was wrong; nothing else is affected. Input is buffered only up to one chunk, output
 * control bytes up to {@code rtmp.output-bytes-max}; a player's media comes through its own drop
 * buffer and is pulled only when the socket can take it.
 */
public final class RtmpConnection extends GraphStage<FlowShape<ByteString, ByteString>> {
  private static final Logger log = LoggerFactory.getLogger(RtmpConnection.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Inlet<ByteString> in = Inlet.create("RtmpConnection.in");
  private final Outlet<ByteString> out = Outlet.create("RtmpConnection.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final RtmpSettings config;
  private final LiveStreams streams;
  private final Clock clock;
  private final String remote;

  public RtmpConnection(RtmpSettings config, LiveStreams streams, Clock clock, String remote) {
    this.config = config;
    this.streams = streams;
    this.clock = clock;
    this.remote = remote;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  /** What the session may do to its connection. */
  interface Io {
    void send(RawMessage message);

    void setOutgoingChunkSize(int size);

    void startMedia(Source<ByteString, NotUsed> media);

    /** Flushes what is queued, then closes, logging why. */
    void close(String reason);

    /** A callback usable from any thread that closes the connection. */
    void closeFromAnyThread(String reason);

    /**
     * Runs {@code then} inside the connection once {@code future} completes; input is not read
     * meanwhile, so the session sees no message before the answer.
     */
    <T> void await(CompletionStage<T> future, BiConsumer<T, Throwable> then);

    String remote();

    /** The peer's address without its port. */
    default String remoteHost() {
      String r = remote();
      int colon = r.lastIndexOf(':');
      return colon < 0 ? r : r.substring(0, colon);
    }
  }

  private final class Logic extends TimerGraphStageLogic implements Io {
    private final ServerHandshake handshake = new ServerHandshake(RANDOM, clock);
    private final ChunkDecoder decoder = new ChunkDecoder(config.chunkLimits());
    private final ChunkEncoder encoder = new ChunkEncoder();
    private final ArrayDeque<ByteString> outQueue = new ArrayDeque<>();
    private final RtmpSession session;
    private final AsyncCallback<String> kick = createAsyncCallback(this::kicked);
    private ByteBuffer inBuf = ByteBuffer.allocate(4096).flip();
    private long outQueuedBytes;
    private SubSinkInlet<ByteString> media;
    private boolean closing;
    private int awaiting;

    Logic() {
      super(shape);
      session = new RtmpSession(config, streams, clock, this);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              onBytes(grab(in));
            }

            @Override
            public void onUpstreamFinish() {
              completeStage();
            }
          });
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              flush();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              completeStage();
            }
          });
    }

    @Override
    public void preStart() {
      scheduleOnce("handshake", config.handshakeTimeout());
      scheduleWithFixedDelay("idle", Duration.ofSeconds(1), Duration.ofSeconds(1));
      pull(in);
    }

    @Override
    public void onTimer(Object key) {
      String reason = "handshake".equals(key) ? session.checkConnected() : session.checkIdle();
      if (reason != null) {
        close(reason);
      }
    }

    @Override
    public void postStop() {
      session.stopped();
    }

    private void onBytes(ByteString bytes) {
      if (closing) {
        return;
      }
      try {
        append(bytes);
        if (!handshake.isComplete()) {
          byte[] reply = handshake.receive(inBuf);
          if (reply.length > 0) {
            enqueue(ByteString.fromArrayUnsafe(reply));
          }
        }
      } catch (ProtocolException e) {
        close("bad input: " + e.getMessage());
        return;
      }
      drainInput();
    }

    /** Hands complete messages to the session, unless it waits for an answer; then reads on. */
    private void drainInput() {
      try {
        if (handshake.isComplete()) {
          RawMessage m;
          while (!closing && awaiting == 0 && (m = decoder.poll(inBuf)) != null) {
            session.onMessage(m, decoder.bytesRead());
          }
        }
      } catch (ProtocolException e) {
        close("bad input: " + e.getMessage());
        return;
      }
      if (!closing && awaiting == 0 && !hasBeenPulled(in) && !isClosed(in)) {
        pull(in);
      }
    }

    private void append(ByteString bytes) {
      if (inBuf.remaining() + bytes.size() > inBuf.capacity()) {
        int needed = inBuf.remaining() + bytes.size();
        int limit = config.chunkLimits().pendingBytesMax();
        if (needed > limit) {
          throw new ProtocolException(
              "rtmp", needed + " bytes pending exceed the " + limit + " byte input limit");
        }
        ByteBuffer bigger =
            ByteBuffer.allocate(Math.min(limit, Math.max(needed, 2 * inBuf.capacity())));
        bigger.put(inBuf);
        inBuf = bigger;
      } else {
        inBuf.compact();
      }
      bytes.copyToBuffer(inBuf);
      inBuf.flip();
    }

    @Override
    public void send(RawMessage message) {
      enqueue(ByteString.fromArrayUnsafe(encoder.encode(message)));
    }

    @Override
    public void setOutgoingChunkSize(int size) {
      encoder.setChunkSize(size);
    }

    private void enqueue(ByteString bytes) {
      if (isClosed(out)) {
        return; // already failed: the rest of the input batch must not fail it again
      }
      outQueue.add(bytes);
      outQueuedBytes += bytes.size();
      if (outQueuedBytes > config.outputBytesMax()) {
        closing = true; // stops decoding the rest of the input and pulling more
        outQueue.clear();
        failStage(
            new ProtocolException(
                "rtmp", "peer does not read: " + outQueuedBytes + " bytes queued"));
        log.info("rtmp {}: closing: peer does not read ({} bytes queued)", remote, outQueuedBytes);
        return;
      }
      flush();
    }

    private void flush() {
      if (!isAvailable(out)) {
        return;
      }
      ByteString next = outQueue.poll();
      if (next != null) {
        outQueuedBytes -= next.size();
        push(out, next);
      } else if (closing) {
        completeStage();
      } else if (media != null && !media.isClosed() && !media.hasBeenPulled()) {
        media.pull();
      }
    }

    @Override
    public void startMedia(Source<ByteString, NotUsed> source) {
      media = new SubSinkInlet<>("media");
      media.setHandler(
          new InHandler() {
            @Override
            public void onPush() {
              ByteString b = media.grab();
              if (isAvailable(out) && outQueue.isEmpty()) {
                push(out, b);
              } else {
                outQueue.add(b);
                outQueuedBytes += b.size();
              }
            }

            @Override
            public void onUpstreamFinish() {
              session.mediaEnded(null);
            }

            @Override
            public void onUpstreamFailure(Throwable ex) {
              session.mediaEnded(ex);
            }
          });
      source.runWith(media.sink(), subFusingMaterializer());
      flush();
    }

    @Override
    public void close(String reason) {
      if (closing) {
        return;
      }
      closing = true;
      log.info("rtmp {}: closing: {}", remote, LogText.safe(reason));
      if (media != null && !media.isClosed()) {
        media.cancel();
      }
      // Input is no longer pulled; the socket closes once queued output has been written.
      if (outQueue.isEmpty()) {
        completeStage();
      } else {
        flush();
      }
    }

    /** Closed by the hub (shutdown, takeover): the peer is told why before the socket closes. */
    private void kicked(String reason) {
      if (!closing) {
        session.closing(reason);
      }
      close(reason);
    }

    @Override
    public void closeFromAnyThread(String reason) {
      kick.invoke(reason);
    }

    @Override
    public String remote() {
      return remote;
    }

    @Override
    public <T> void await(CompletionStage<T> future, BiConsumer<T, Throwable> then) {
      awaiting++;
      AsyncCallback<Runnable> resume = createAsyncCallback(Runnable::run);
      future.whenComplete(
          (value, failure) ->
              resume.invoke(
                  () -> {
                    awaiting--;
                    if (!closing) {
                      then.accept(value, failure);
                      drainInput();
                    }
                  }));
    }
  }
}
