package io.streamrp2p.hub.rtmp;

import io.streamrp2p.hub.live.MediaTag;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.util.Arrays;

/** Splits an aggregate message (type 22) into the audio, video and data messages it carries. */
final class Aggregates {
  /** Receives one message of an aggregate. */
  interface Sink {
    void accept(MediaTag.Kind kind, long timestamp, byte[] body);
  }

  private Aggregates() {}

  static void split(RawMessage m, Sink sink) {
    byte[] p = m.payload();
    int pos = 0;
    long base = -1;
    while (pos < p.length) {
      if (p.length - pos < 11) {
        throw new ProtocolException("rtmp.aggregate", "truncated sub-message header at " + pos);
      }
      int type = p[pos] & 0xFF;
      int size = ((p[pos + 1] & 0xFF) << 16) | ((p[pos + 2] & 0xFF) << 8) | (p[pos + 3] & 0xFF);
      long ts = ((p[pos + 4] & 0xFFL) << 16) | ((p[pos + 5] & 0xFF) << 8) | (p[pos + 6] & 0xFF)
          | ((p[pos + 7] & 0xFFL) << 24);
      int bodyAt = pos + 11;
      if (size > p.length - bodyAt - 4) {
        throw new ProtocolException("rtmp.aggregate", "sub-message of " + size
            + " bytes overruns the aggregate at " + pos);
      }
      if (base < 0) {
        base = ts; // sub-message times are relative to the first; the aggregate's time rules
      }
      long at = (m.timestamp() + ts - base) & 0xFFFF_FFFFL;
      byte[] body = Arrays.copyOfRange(p, bodyAt, bodyAt + size);
      switch (type) {
        case 8 -> sink.accept(MediaTag.Kind.AUDIO, at, body);
        case 9 -> sink.accept(MediaTag.Kind.VIDEO, at, body);
        default -> { } // script data inside aggregates is not forwarded
      }
      pos = bodyAt + size + 4;
    }
  }
}
