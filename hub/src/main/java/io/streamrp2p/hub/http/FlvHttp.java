package io.streamrp2p.hub.http;

import io.streamrp2p.hub.live.LiveStream;
import io.streamrp2p.hub.live.MediaTag;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP-FLV body of one viewer: FLV header, then the stream's shared tag encodings. */
public final class FlvHttp {
  private static final Logger log = LoggerFactory.getLogger(FlvHttp.class);

  /**
   * Pending tags are gathered into one write when the socket is busy: up to this many bytes. A
   * 256 KiB bound is under a second of a 3 Mbit/s stream, so batching never adds a stall.
   */
  static final long COALESCE_BYTES_MAX = 256 * 1024;

  private FlvHttp() {}

  public static Source<ByteString, NotUsed> body(LiveStream stream, String viewer) {
    boolean audio = stream.audioHeader() != null || stream.videoHeader() == null;
    boolean video = stream.videoHeader() != null || stream.audioHeader() == null;
    byte[] header = {
      'F', 'L', 'V', 1, (byte) ((audio ? 0x04 : 0) | (video ? 0x01 : 0)), 0, 0, 0, 9, 0, 0, 0, 0
    };
    return Source.single(ByteString.fromArrayUnsafe(header))
        .concat(coalesce(stream.subscribe().map(MediaTag::flv)))
        .watchTermination(
            (mat, done) -> {
              log.debug("stream {}: http-flv viewer {} joined", stream.name(), viewer);
              done.whenComplete(
                  (d, e) -> {
                    if (e != null) {
                      log.info("stream {}: http-flv viewer {} closed: {}",
                          stream.name(), viewer, e.getMessage());
                    }
                  });
              return mat;
            });
  }

  /** Gathers pending buffers while the consumer is busy; never delays a buffer otherwise. */
  static Source<ByteString, NotUsed> coalesce(Source<ByteString, NotUsed> in) {
    return in.batchWeighted(COALESCE_BYTES_MAX, b -> (long) b.size(), b -> b, ByteString::concat);
  }
}
