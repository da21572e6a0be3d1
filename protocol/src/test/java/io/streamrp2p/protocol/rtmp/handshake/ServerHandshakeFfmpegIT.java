package io.streamrp2p.protocol.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.rtmp.chunk.ChunkDecoder;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ffmpeg, the independent implementation, plays from our handshake. As a player ffmpeg checks the
 * S1 digest and the S2 signature and gives up if either is wrong, so receiving its "connect"
 * command proves both were accepted.
 */
class ServerHandshakeFfmpegIT {
  /** Socket reads fail instead of hanging the build if ffmpeg stops talking. */
  private static final int READ_TIMEOUT_MILLIS = 20_000;

  private static final int BUFFER_BYTES = 16 * 1024;

  @Test
  void receive_ffmpegPlayer_completesAndNextMessageIsConnectCommand(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("ffmpeg.log");
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(READ_TIMEOUT_MILLIS);
      Process ffmpeg = startFfmpeg(listener.getLocalPort(), log);
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        ServerHandshake handshake = new ServerHandshake(new SecureRandom(), Clock.systemUTC());
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        handshake(socket, handshake, buffer);

        assertThat(handshake.isComplete()).isTrue();
        assertThat(handshake.type()).isEqualTo(HandshakeType.DIGEST_SCHEME_0);

        RawMessage first = nextMessage(socket.getInputStream(), buffer);
        assertThat(first.typeId()).as(Files.readString(log)).isEqualTo(20);
        assertThat(first.chunkStreamId()).isEqualTo(3);
        // AMF0 string marker, length 7, "connect" (AMF0 spec section 2.4).
        byte[] name = Arrays.copyOf(first.payload(), 10);
        assertThat(name).startsWith(0x02, 0x00, 0x07);
        assertThat(new String(name, 3, 7, StandardCharsets.US_ASCII)).isEqualTo("connect");
      } finally {
        ffmpeg.destroyForcibly();
        ffmpeg.waitFor(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static Process startFfmpeg(int port, Path log) throws IOException {
    return new ProcessBuilder(
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-rw_timeout",
            "5000000",
            "-i",
            "rtmp://127.0.0.1:" + port + "/live/test",
            "-t",
            "1",
            "-f",
            "null",
            "-")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Feeds socket bytes to the handshake until it completes; leftovers stay in {@code buffer}. */
  private static void handshake(Socket socket, ServerHandshake handshake, ByteBuffer buffer)
      throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    while (!handshake.isComplete()) {
      fill(in, buffer);
      buffer.flip();
      byte[] reply = handshake.receive(buffer);
      buffer.compact();
      out.write(reply);
      out.flush();
    }
  }

  private static RawMessage nextMessage(InputStream in, ByteBuffer buffer) throws IOException {
    ChunkDecoder decoder = new ChunkDecoder();
    while (true) {
      buffer.flip();
      RawMessage message = decoder.poll(buffer);
      buffer.compact();
      if (message != null) {
        return message;
      }
      fill(in, buffer);
    }
  }

  private static void fill(InputStream in, ByteBuffer buffer) throws IOException {
    int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
    if (n < 0) {
      throw new IOException("ffmpeg closed the connection");
    }
    buffer.position(buffer.position() + n);
  }
}
