package io.streamrp2p.media.http;

import static io.streamrp2p.media.Settings.require;
import static io.streamrp2p.media.Settings.requirePort;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The HTTP listener's settings, read from an {@code http} block (the hub's {@code
 * streamrp2p.hub.http}) and validated once at start.
 *
 * @param host address to listen on
 * @param port port to listen on, 0 for any free port
 * @param eventLoops selector threads of the listener, 0 for one per core
 * @param headTimeout time a new connection has to send its first request head
 * @param viewerWriteTimeout an HTTP-FLV viewer whose socket takes nothing this long is closed
 */
public record HttpSettings(
    String host, int port, int eventLoops, Duration headTimeout, Duration viewerWriteTimeout) {

  public HttpSettings {
    requirePort(port, "http.port");
    require(eventLoops >= 0, "http.event-loops must not be negative (0 = one per core)");
    require(headTimeout.toMillis() > 0, "http.request-head-timeout must be positive");
    require(viewerWriteTimeout.toMillis() > 0, "http.viewer-write-timeout must be positive");
  }

  /** Reads the {@code http} block {@code c}. */
  public static HttpSettings from(Config c) {
    return new HttpSettings(
        c.getString("interface"),
        c.getInt("port"),
        c.getInt("event-loops"),
        c.getDuration("request-head-timeout"),
        c.getDuration("viewer-write-timeout"));
  }

  /** Event loops of the listener: as configured, or one per core. */
  public int eventLoopsOrCores() {
    return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
  }
}
