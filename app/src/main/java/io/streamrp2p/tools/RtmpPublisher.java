package io.streamrp2p.tools;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.amf.Amf;
import io.streamrp2p.protocol.amf.AmfObject;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.rtmp.chunk.ChunkDecoder;
import io.streamrp2p.protocol.rtmp.chunk.ChunkEncoder;
import io.streamrp2p.protocol.rtmp.chunk.ChunkLimits;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import io.streamrp2p.protocol.rtmp.handshake.ClientHandshake;
import io.streamrp2p.protocol.rtmp.handshake.HandshakeType;
import io.streamrp2p.protocol.rtmp.message.CommandMessage;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The project's own RTMP publishing client over one blocking socket: handshake, connect,
 * releaseStream, FCPublish, createStream and publish, then media messages. Once publishing, a
 * reader thread answers the server (Acknowledgement per its Window Acknowledgement Size, Ping
 * Response) and records a failure that the next {@link #send} reports.
 *
 * <p>{@link #send} is meant for one sending thread; the reader thread only writes control messages,
 * under the same lock.
 */
public final class RtmpPublisher implements AutoCloseable {
  /** Outgoing chunk size, the value ffmpeg and OBS use. */
  public static final int CHUNK_SIZE = 4096;

  /**
   * Largest chunk size accepted from the server: servers announce 4096 (nginx-rtmp, this hub) to
   * 60000 (SRS). The input buffer must hold one whole chunk, so it is sized from this.
   */
  static final int IN_CHUNK_SIZE_MAX = 65536;

  /** A publisher only receives commands and control messages: 1 MiB is far above any of them. */
  static final int IN_MESSAGE_BYTES_MAX = 1024 * 1024;

  private static final int IN_BUFFER_BYTES = 2 * IN_CHUNK_SIZE_MAX;
  private static final int OUT_BUFFER_BYTES = 64 * 1024;
  private static final int HANDSHAKE_BYTES = 1 + 1536 + 1536;

  private static final int CSID_CONTROL = 2;
  private static final int CSID_COMMAND = 3;
  private static final int CSID_AUDIO = 4;
  private static final int CSID_DATA = 5;
  private static final int CSID_VIDEO = 6;

  private final RtmpUrl url;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder;
  private final ByteBuffer inBuffer = ByteBuffer.allocate(IN_BUFFER_BYTES).flip();
  private final Object writeLock = new Object();
  private int messageStreamId;
  private long windowAckSize;
  private long lastAckedBytes;
  private long bytesSent;
  private volatile String failure;
  private volatile boolean closing;
  private Thread reader;

  private RtmpPublisher(RtmpUrl url, Socket socket) throws IOException {
    this.url = url;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = new BufferedOutputStream(socket.getOutputStream(), OUT_BUFFER_BYTES);
    this.decoder =
        new ChunkDecoder(
            new ChunkLimits(
                IN_CHUNK_SIZE_MAX,
                IN_MESSAGE_BYTES_MAX,
                ChunkLimits.DEFAULT_CHUNK_STREAMS_MAX,
                2 * IN_MESSAGE_BYTES_MAX));
  }

  /**
   * Connects and starts publishing {@code url}'s stream key; returns once the server answered
   * NetStream.Publish.Start.
   *
   * @param timeout bound on connecting and on each answer the server owes during setup
   * @throws PublishRefusedException when the server rejects connect or publish
   * @throws IOException when the connection fails or the server breaks the protocol
   */
  public static RtmpPublisher open(RtmpUrl url, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(url.host(), url.port()), (int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) timeout.toMillis());
      RtmpPublisher p = new RtmpPublisher(url, socket);
      p.handshake();
      p.startPublishing();
      socket.setSoTimeout(0);
      p.reader = new Thread(p::readUntilClosed, "rtmp-publisher-reader");
      p.reader.setDaemon(true);
      p.reader.start();
      return p;
    } catch (ProtocolException e) {
      socket.close();
      throw new IOException("bad answer from " + url.tcUrl() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends one FLV tag as an RTMP message with the given 32-bit timestamp in milliseconds. */
  public void send(FlvTag tag, long timestampMs) throws IOException {
    int csid =
        switch (tag.tagType()) {
          case FlvTag.TYPE_AUDIO -> CSID_AUDIO;
          case FlvTag.TYPE_VIDEO -> CSID_VIDEO;
          case FlvTag.TYPE_SCRIPT -> CSID_DATA;
          default -> throw new IllegalArgumentException("FLV tag type " + tag.tagType());
        };
    write(
        new RawMessage(
            csid,
            tag.tagType(),
            timestampMs & RawMessage.TIMESTAMP_MAX,
            messageStreamId,
            tag.body()));
  }

  /** Bytes written to the socket so far, handshake excluded. */
  public long bytesSent() {
    synchronized (writeLock) {
      return bytesSent;
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      write(command(0, new CommandMessage("FCUnpublish", 6, Amf.NULL, url.streamKey())));
      write(command(0, new CommandMessage("deleteStream", 7, Amf.NULL, (double) messageStreamId)));
    } catch (IOException | RuntimeException e) {
      // The connection is going away either way; nothing more to tell the server.
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket cannot fail in a way that matters here.
    }
  }

  private void handshake() throws IOException {
    ClientHandshake hs =
        new ClientHandshake(HandshakeType.PLAIN, RandomGenerator.getDefault(), Clock.systemUTC());
    out.write(hs.start());
    out.flush();
    while (!hs.isComplete()) {
      fill("the handshake");
      byte[] c2 = hs.receive(inBuffer);
      if (c2.length > 0) {
        out.write(c2);
        out.flush();
      }
    }
  }

  private void startPublishing() throws IOException {
    AmfObject props =
        Amf.object(
            "app",
            url.app(),
            "type",
            "nonprivate",
            "flashVer",
            "FMLE/3.0 (compatible; streamrp2p)",
            "tcUrl",
            url.tcUrl());
    write(command(0, new CommandMessage("connect", 1, props)));
    awaitResult(1, "connect");
    write(command(0, new CommandMessage("releaseStream", 2, Amf.NULL, url.streamKey())));
    write(command(0, new CommandMessage("FCPublish", 3, Amf.NULL, url.streamKey())));
    write(command(0, new CommandMessage("createStream", 4, Amf.NULL)));
    CommandMessage created = awaitResult(4, "createStream");
    if (!(created.argument(0) instanceof Double id) || id < 0 || id > Integer.MAX_VALUE) {
      throw new IOException("createStream answered without a stream id: " + created);
    }
    messageStreamId = id.intValue();
    write(
        command(
            messageStreamId, new CommandMessage("publish", 5, Amf.NULL, url.streamKey(), "live")));
    awaitPublishStart();
    write(new RawMessage(CSID_CONTROL, 1, 0, 0, u32(CHUNK_SIZE)));
    synchronized (writeLock) {
      encoder.setChunkSize(CHUNK_SIZE);
    }
  }

  /** Waits for the _result of {@code transactionId}; an _error is a refusal. */
  private CommandMessage awaitResult(double transactionId, String what) throws IOException {
    while (true) {
      CommandMessage c = nextCommand("the answer to " + what);
      if (c.transactionId() == transactionId && c.name().equals("_result")) {
        return c;
      }
      if (c.transactionId() == transactionId && c.name().equals("_error")) {
        throw refusal(c.argument(0), what + " failed");
      }
    }
  }

  private void awaitPublishStart() throws IOException {
    while (true) {
      CommandMessage c = nextCommand("NetStream.Publish.Start");
      if (c.name().equals("_error") && c.transactionId() == 5) {
        throw refusal(c.argument(0), "publish failed");
      }
      if (!c.name().equals("onStatus") || !(c.argument(0) instanceof AmfObject info)) {
        continue;
      }
      if ("NetStream.Publish.Start".equals(info.string("code"))) {
        return;
      }
      if ("error".equals(info.string("level"))) {
        throw refusal(info, "publish failed");
      }
    }
  }

  private static PublishRefusedException refusal(Object info, String fallback) {
    if (info instanceof AmfObject o && o.string("code") != null) {
      String description = o.string("description");
      return new PublishRefusedException(o.string("code"), description == null ? "" : description);
    }
    return new PublishRefusedException("error", fallback);
  }

  private CommandMessage nextCommand(String awaiting) throws IOException {
    while (true) {
      RawMessage m = nextMessage(awaiting);
      if (m.typeId() == 20 || m.typeId() == 17) {
        return CommandMessage.decode(m.payload(), m.typeId() == 17);
      }
    }
  }

  /** Reads the next message and answers control messages. */
  private RawMessage nextMessage(String awaiting) throws IOException {
    while (true) {
      RawMessage m = decoder.poll(inBuffer);
      if (m == null) {
        fill(awaiting);
        continue;
      }
      onControl(m);
      return m;
    }
  }

  private void onControl(RawMessage m) throws IOException {
    byte[] p = m.payload();
    if (m.typeId() == 5 && p.length >= 4) {
      windowAckSize = u32(p, 0);
    } else if (m.typeId() == 4 && p.length >= 6 && p[0] == 0 && p[1] == 6) {
      byte[] pong = {0, 7, p[2], p[3], p[4], p[5]};
      write(new RawMessage(CSID_CONTROL, 4, 0, 0, pong));
    }
    long received = HANDSHAKE_BYTES + decoder.bytesRead();
    if (windowAckSize > 0 && received - lastAckedBytes >= windowAckSize) {
      lastAckedBytes = received;
      write(new RawMessage(CSID_CONTROL, 3, 0, 0, u32(received & RawMessage.TIMESTAMP_MAX)));
    }
  }

  private void fill(String awaiting) throws IOException {
    inBuffer.compact();
    try {
      if (!inBuffer.hasRemaining()) {
        throw new IOException("server sent a chunk larger than " + IN_BUFFER_BYTES + " bytes");
      }
      int n = in.read(inBuffer.array(), inBuffer.position(), inBuffer.remaining());
      if (n < 0) {
        throw new EOFException(
            url.tcUrl() + " closed the connection while we waited for " + awaiting);
      }
      inBuffer.position(inBuffer.position() + n);
    } finally {
      inBuffer.flip();
    }
  }

  private void readUntilClosed() {
    try {
      while (true) {
        RawMessage m = nextMessage("nothing (publishing)");
        if ((m.typeId() == 20 || m.typeId() == 17) && failure == null) {
          noteStatus(CommandMessage.decode(m.payload(), m.typeId() == 17));
        }
      }
    } catch (IOException | RuntimeException e) {
      if (failure == null) {
        failure = closing ? "closed" : e.getMessage();
      }
    }
  }

  private void noteStatus(CommandMessage c) {
    if (c.name().equals("onStatus")
        && c.argument(0) instanceof AmfObject info
        && "error".equals(info.string("level"))) {
      failure = info.string("code") + ": " + info.string("description");
    }
  }

  private void write(RawMessage m) throws IOException {
    String failed = failure;
    if (failed != null) {
      throw new SocketException("publishing to " + url.tcUrl() + " failed: " + failed);
    }
    synchronized (writeLock) {
      byte[] bytes = encoder.encode(m);
      out.write(bytes);
      out.flush();
      bytesSent += bytes.length;
    }
  }

  private static RawMessage command(int messageStreamId, CommandMessage c) {
    return new RawMessage(CSID_COMMAND, 20, 0, messageStreamId, c.encode());
  }

  private static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static long u32(byte[] p, int at) {
    return (p[at] & 0xFFL) << 24
        | (p[at + 1] & 0xFFL) << 16
        | (p[at + 2] & 0xFFL) << 8
        | (p[at + 3] & 0xFFL);
  }
}
