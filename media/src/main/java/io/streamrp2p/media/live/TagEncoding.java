package io.streamrp2p.media.live;

import io.streamrp2p.protocol.rtmp.chunk.ChunkEncoder;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/** Encodes a tag once per output format; the result is shared by every viewer of that format. */
public final class TagEncoding {
  /** Chunk size the hub announces to every RTMP player, so one encoding fits all of them. */
  public static final int RTMP_CHUNK_SIZE = 4096;

  /** Message stream id the hub gives every RTMP player (its answer to createStream). */
  public static final int RTMP_MESSAGE_STREAM_ID = 1;

  /** Chunk stream ids for media, kept apart from the ids the per-connection encoder uses. */
  public static final int CSID_DATA = 5;

  public static final int CSID_VIDEO = 6;
  public static final int CSID_AUDIO = 7;

  private TagEncoding() {}

  /** One write for a batch: the tags' FLV encodings joined without copying. */
  public static ByteString flv(List<MediaTag> batch) {
    return join(batch, MediaTag::flv);
  }

  /** One write for a batch: the tags' RTMP encodings joined without copying. */
  public static ByteString rtmp(List<MediaTag> batch) {
    return join(batch, MediaTag::rtmp);
  }

  private static ByteString join(List<MediaTag> batch, Function<MediaTag, ByteString> encoding) {
    if (batch.size() == 1) {
      return encoding.apply(batch.get(0));
    }
    ByteStringBuilder b = ByteString.createBuilder();
    for (MediaTag t : batch) {
      b.append(encoding.apply(t));
    }
    return b.result();
  }

  static ByteString rtmp(MediaTag tag) {
    int csid =
        switch (tag.kind()) {
          case AUDIO -> CSID_AUDIO;
          case VIDEO -> CSID_VIDEO;
          case DATA -> CSID_DATA;
        };
    RawMessage m =
        new RawMessage(
            csid,
            tag.kind().typeId,
            tag.timestampMs() & 0xFFFF_FFFFL,
            RTMP_MESSAGE_STREAM_ID,
            tag.body());
    return ByteString.fromArrayUnsafe(ChunkEncoder.encodeStandalone(m, RTMP_CHUNK_SIZE));
  }
}
