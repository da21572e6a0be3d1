package io.streamrp2p.media.live;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.amf.AmfEcmaArray;
import io.streamrp2p.protocol.amf.AmfObject;
import io.streamrp2p.protocol.rtmp.message.DataMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Edits of a stream's {@code onMetaData} on its way through a relay. */
public final class Metadata {
  private Metadata() {}

  /**
   * A data-tag rewrite that sets {@code key} to {@code value} in {@code onMetaData} (an ECMA array
   * or an object, as encoders send either), so players that show metadata show it too. Any other
   * data tag, and one that does not decode, passes unchanged: a relay never drops what it cannot
   * read.
   */
  public static UnaryOperator<byte[]> withField(String key, String value) {
    return body -> {
      DataMessage m;
      try {
        m = DataMessage.decode(body, false);
      } catch (ProtocolException e) {
        return body;
      }
      if (!"onMetaData".equals(m.name()) || m.values().size() < 2) {
        return body;
      }
      List<Object> values = new ArrayList<>(m.values());
      Object props = values.get(1);
      if (props instanceof AmfEcmaArray a) {
        Map<String, Object> e = new LinkedHashMap<>(a.entries());
        e.put(key, value);
        values.set(1, new AmfEcmaArray(e));
      } else if (props instanceof AmfObject o) {
        Map<String, Object> p = new LinkedHashMap<>(o.properties());
        p.put(key, value);
        values.set(1, new AmfObject(o.className(), p));
      } else {
        return body;
      }
      return new DataMessage(values).encode();
    };
  }
}
