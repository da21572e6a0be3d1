package io.streamrp2p.node;

import com.typesafe.config.Config;
import io.streamrp2p.media.hls.HlsSettings;
import io.streamrp2p.media.http.HttpSettings;
import io.streamrp2p.media.live.LiveSettings;
import io.streamrp2p.media.rtmp.RtmpSettings;
import java.time.Duration;

/**
 * A node's settings from {@code streamrp2p.node}, with the doors' addresses and ports taken from
 * its identity (what the friend chose at registration).
 */
public record NodeConfig(
    RtmpSettings rtmp,
    HttpSettings http,
    LiveSettings live,
    HlsSettings hls,
    Duration backoffMin,
    Duration backoffMax,
    Duration hubGrace) {

  public NodeConfig {
    if (backoffMin.toMillis() < 100 || backoffMax.compareTo(backoffMin) < 0) {
      throw new IllegalArgumentException(
          "session.backoff-min must be at least 100ms and no more than session.backoff-max");
    }
    if (hubGrace.isNegative()) {
      throw new IllegalArgumentException("session.hub-grace must not be negative");
    }
  }

  /** Reads {@code streamrp2p.node} from {@code root}, with {@code id}'s addresses and ports. */
  public static NodeConfig from(Config root, NodeIdentity id) {
    Config c = root.getConfig("streamrp2p.node");
    RtmpSettings r = RtmpSettings.from(c.getConfig("rtmp"));
    HttpSettings h = HttpSettings.from(c.getConfig("http"));
    return new NodeConfig(
        new RtmpSettings(
            id.rtmpInterface(),
            id.rtmpPort(),
            r.app(),
            r.handshakeTimeout(),
            r.publisherIdleTimeout(),
            r.chunkLimits(),
            r.outputBytesMax()),
        new HttpSettings(
            id.httpInterface(),
            id.httpPort(),
            h.eventLoops(),
            h.headTimeout(),
            h.viewerWriteTimeout()),
        LiveSettings.from(c.getConfig("live")),
        HlsSettings.from(c.getConfig("hls")),
        c.getDuration("session.backoff-min"),
        c.getDuration("session.backoff-max"),
        c.getDuration("session.hub-grace"));
  }
}
