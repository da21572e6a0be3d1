package io.streamrp2p.hub.http;

import io.streamrp2p.hub.live.LiveStream;
import io.streamrp2p.hub.live.MediaTag;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP-FLV body of one viewer: FLV header, then the stream's shared tag encodings. */
public final class FlvHttp {
  private static final Logger log = LoggerFactory.getLogger(FlvHttp.class);

  private FlvHttp() {}

  public static Source<ByteString, NotUsed> body(LiveStream stream, String viewer) {
    boolean audio = stream.audioHeader() != null || stream.videoHeader() == null;
    boolean video = stream.videoHeader() != null || stream.audioHeader() == null;
    byte[] header = {
      'F', 'L', 'V', 1, (byte) ((audio ? 0x04 : 0) | (video ? 0x01 : 0)), 0, 0, 0, 9, 0, 0, 0, 0
    };
    return Source.single(ByteString.fromArrayUnsafe(header))
        .concat(stream.subscribeBatches().map(FlvHttp::encode))
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

  /** One write for a batch: the tags' shared encodings joined without copying. */
  static ByteString encode(List<MediaTag> batch) {
    if (batch.size() == 1) {
      return batch.get(0).flv();
    }
    ByteStringBuilder b = ByteString.createBuilder();
    for (MediaTag t : batch) {
      b.append(t.flv());
    }
    return b.result();
  }
}
