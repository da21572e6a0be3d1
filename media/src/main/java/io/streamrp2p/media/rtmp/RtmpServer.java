package io.streamrp2p.media.rtmp;

import io.streamrp2p.media.live.LiveStreams;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The RTMP listener: one {@link RtmpConnection} per accepted TCP connection. */
public final class RtmpServer {
  private static final Logger log = LoggerFactory.getLogger(RtmpServer.class);

  private RtmpServer() {}

  public static CompletionStage<Tcp.ServerBinding> bind(
      ActorSystem system, RtmpSettings config, LiveStreams streams, Clock clock) {
    Materializer mat = Materializer.matFromSystem(system);
    return Tcp.get(system)
        .bind(config.host(), config.port())
        .to(
            Sink.foreach(
                conn -> {
                  InetSocketAddress peer = conn.remoteAddress();
                  String remote = peer.getAddress().getHostAddress() + ":" + peer.getPort();
                  log.debug("rtmp {}: connected", remote);
                  conn.handleWith(
                      Flow.fromGraph(new RtmpConnection(config, streams, clock, remote)), mat);
                }))
        .run(mat);
  }
}
