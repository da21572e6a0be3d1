package io.streamrp2p.protocol.bench;

import io.streamrp2p.protocol.flv.FlvReader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.FlvUnit;
import io.streamrp2p.protocol.testing.FfTools;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The tags of the H.264/AAC fixture (ffmpeg-written, 640x360 25 fps, AAC 44.1 kHz stereo). */
final class FixtureTags {
  static final String FIXTURE = "h264_aac.flv";

  private FixtureTags() {}

  /** Every tag of the fixture in file order, which interleaves audio and video as OBS does. */
  static List<FlvTag> read() {
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(FfTools.fixtureBytes(FIXTURE));
    List<FlvTag> tags = new ArrayList<>();
    for (FlvUnit unit = reader.poll(in); unit != null; unit = reader.poll(in)) {
      if (unit instanceof FlvTag tag) {
        tags.add(tag);
      }
    }
    return tags;
  }

  /** Tag body bytes in total: the media a server receives, without FLV or RTMP framing. */
  static long bodyBytes(List<FlvTag> tags) {
    return tags.stream().mapToLong(t -> t.body().length).sum();
  }
}
