package io.streamrp2p.system;

import io.streamrp2p.protocol.amf.Amf;
import io.streamrp2p.protocol.rtmp.chunk.ChunkDecoder;
import io.streamrp2p.protocol.rtmp.chunk.ChunkEncoder;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import io.streamrp2p.protocol.rtmp.handshake.ClientHandshake;
import io.streamrp2p.protocol.rtmp.handshake.HandshakeType;
import io.streamrp2p.protocol.rtmp.message.CommandMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A raw RTMP peer over a plain socket, built from the protocol codecs, that can misbehave on
 * purpose: send any bytes, stop reading, or go silent.
 */
final class RawRtmpClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final ChunkEncoder encoder = new ChunkEncoder();

  private RawRtmpClient(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  /**
   * Connects to the hub. {@code receiveBufferBytes} > 0 shrinks the socket's receive buffer (set
   * before connecting, so the TCP window is small) for a peer that will stop reading.
   */
  static RawRtmpClient connect(int port, int receiveBufferBytes) {
    try {
      Socket s = new Socket();
      if (receiveBufferBytes > 0) {
        s.setReceiveBufferSize(receiveBufferBytes);
      }
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      return new RawRtmpClient(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RawRtmpClient connect(int port) {
    return connect(port, 0);
  }

  /** The local port: the hub's log lines name the connection by it. */
  int localPort() {
    return socket.getLocalPort();
  }

  /** A plain handshake (RTMP 1.0 section 5.2), reading the server's S0+S1+S2. */
  RawRtmpClient handshake() throws IOException {
    socket.setSoTimeout(10_000);
    ClientHandshake hs = new ClientHandshake(HandshakeType.PLAIN, new Random(), Clock.systemUTC());
    write(hs.start());
    byte[] c2 = hs.receive(ByteBuffer.wrap(readFully(1 + 1536))); // S0+S1
    write(c2);
    hs.receive(ByteBuffer.wrap(readFully(1536))); // S2
    if (!hs.isComplete()) {
      throw new IOException("handshake incomplete after S2");
    }
    return this;
  }

  private byte[] readFully(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new IOException("hub closed the connection during the handshake");
    }
    return b;
  }

  /** connect to app "live", without reading the answer. */
  RawRtmpClient connectApp() throws IOException {
    send(
        command(
            0,
            new CommandMessage(
                "connect",
                1.0,
                Amf.object(
                    "app", "live", "type", "nonprivate", "tcUrl", "rtmp://127.0.0.1/live"))));
    return this;
  }

  /** connect, createStream and publish {@code key}, without reading any answer. */
  RawRtmpClient publish(String key) throws IOException {
    connectApp();
    send(command(0, new CommandMessage("createStream", 2.0, Amf.NULL)));
    send(command(1, new CommandMessage("publish", 3.0, Amf.NULL, key, "live")));
    return this;
  }

  static RawMessage command(int messageStreamId, CommandMessage c) {
    return new RawMessage(3, 20, 0, messageStreamId, c.encode());
  }

  void send(RawMessage m) throws IOException {
    write(encoder.encode(m));
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Reads (and discards) until the hub closes the connection; fails if it is still open after
   * {@code within}.
   */
  void awaitClosedByHub(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    byte[] sink = new byte[64 * 1024];
    while (true) {
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
      try {
        if (in.read(sink) < 0) {
          return; // orderly close
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the hub did not close the connection within " + within);
      } catch (SocketException e) {
        return; // connection reset by the hub
      }
    }
  }

  /**
   * Decodes what the hub sends until it closes the connection, and returns the command messages
   * among it; fails if the connection is still open after {@code within}.
   */
  List<CommandMessage> commandsUntilClosed(Duration within) throws IOException {
    ChunkDecoder decoder = new ChunkDecoder();
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    List<CommandMessage> commands = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    byte[] chunk = new byte[64 * 1024];
    while (true) {
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the hub did not close the connection within " + within);
      } catch (SocketException e) {
        return commands;
      }
      if (n < 0) {
        return commands;
      }
      buf.put(chunk, 0, n).flip();
      for (RawMessage m = decoder.poll(buf); m != null; m = decoder.poll(buf)) {
        if (m.typeId() == 20) {
          commands.add(CommandMessage.decode(m.payload(), false));
        }
      }
      buf.compact();
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a socket the hub already closed
    }
  }
}
