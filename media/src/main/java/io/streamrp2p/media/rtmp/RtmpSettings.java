package io.streamrp2p.media.rtmp;

import static io.streamrp2p.media.Settings.require;
import static io.streamrp2p.media.Settings.requirePort;

import com.typesafe.config.Config;
import io.streamrp2p.protocol.rtmp.chunk.ChunkLimits;
import java.time.Duration;

/**
 * The RTMP listener's settings, read from an {@code rtmp} block (the hub's {@code
 * streamrp2p.hub.rtmp}) and validated once at start.
 *
 * @param host address to listen on
 * @param port port to listen on, 0 for any free port
 * @param app the one application name accepted in {@code rtmp://host/APP/...}
 * @param handshakeTimeout time a connection has to finish the handshake and connect
 * @param publisherIdleTimeout a publisher that sends nothing this long is closed
 * @param chunkLimits bounds of the chunk decoder
 * @param outputBytesMax bytes queued for one connection's socket before it is cut off
 */
public record RtmpSettings(
    String host,
    int port,
    String app,
    Duration handshakeTimeout,
    Duration publisherIdleTimeout,
    ChunkLimits chunkLimits,
    int outputBytesMax) {

  public RtmpSettings {
    requirePort(port, "rtmp.port");
    require(!app.isBlank() && !app.contains("/"), "rtmp.app must be one path segment");
    require(outputBytesMax > 0, "rtmp.output-bytes-max must be positive");
  }

  /** Reads the {@code rtmp} block {@code c}. */
  public static RtmpSettings from(Config c) {
    return new RtmpSettings(
        c.getString("interface"),
        c.getInt("port"),
        c.getString("app"),
        c.getDuration("handshake-timeout"),
        c.getDuration("publisher-idle-timeout"),
        new ChunkLimits(
            c.getInt("chunk-size-max"),
            c.getInt("message-bytes-max"),
            c.getInt("chunk-streams-max"),
            2 * c.getInt("message-bytes-max")),
        c.getInt("output-bytes-max"));
  }
}
