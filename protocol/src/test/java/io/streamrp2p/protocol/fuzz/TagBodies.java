package io.streamrp2p.protocol.fuzz;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.flv.AudioTagHeader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.VideoTagHeader;
import java.util.Arrays;

/** Round trips of the headers at the start of FLV audio and video tag bodies. */
final class TagBodies {
  private TagBodies() {}

  /** Checks the body's header when the tag is audio or video; other tags carry none. */
  static void requireRoundTrip(FlvTag tag) {
    if (tag.isVideo()) {
      requireVideoRoundTrip(tag.body());
    } else if (tag.isAudio()) {
      requireAudioRoundTrip(tag.body());
    }
  }

  /** A video header that decodes re-encodes to the bytes it was decoded from. */
  static void requireVideoRoundTrip(byte[] body) {
    VideoTagHeader header;
    try {
      header = VideoTagHeader.decode(body);
    } catch (ProtocolException expected) {
      return;
    }
    requirePrefix(body, header.encode(), header);
  }

  /** An audio header that decodes re-encodes to the bytes it was decoded from. */
  static void requireAudioRoundTrip(byte[] body) {
    AudioTagHeader header;
    try {
      header = AudioTagHeader.decode(body);
    } catch (ProtocolException expected) {
      return;
    }
    requirePrefix(body, header.encode(), header);
  }

  private static void requirePrefix(byte[] body, byte[] encoded, Object header) {
    if (encoded.length > body.length
        || !Arrays.equals(body, 0, encoded.length, encoded, 0, encoded.length)) {
      throw new AssertionError(header + " re-encodes differently from " + Hex.of(body));
    }
  }
}
