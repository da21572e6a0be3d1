package io.streamrp2p.media.http;

import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.TagEncoding;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP-FLV body of one viewer: FLV header, then the stream's shared tag encodings. */
public final class FlvHttp {
  private static final Logger log = LoggerFactory.getLogger(FlvHttp.class);

  private FlvHttp() {}

  public static Source<ByteString, NotUsed> body(LiveStream stream, String viewer) {
    return Source.single(ByteString.fromArrayUnsafe(stream.flvFileHeader()))
        .concat(stream.subscribeBatches().map(TagEncoding::flv))
        .watchTermination(
            (mat, done) -> {
              log.debug("stream {}: http-flv viewer {} joined", stream.name(), viewer);
              done.whenComplete(
                  (d, e) -> {
                    if (e != null) {
                      log.info(
                          "stream {}: http-flv viewer {} closed: {}",
                          stream.name(),
                          viewer,
                          e.getMessage());
                    }
                  });
              return mat;
            });
  }
}
