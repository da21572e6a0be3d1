package io.streamrp2p.protocol.amf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 ECMA array (marker 0x08): an associative array, as ffmpeg and OBS send in onMetaData. The
 * declared count on the wire is only a hint (encoders disagree about it), so it is not kept:
 * entries are read up to the object-end marker.
 *
 * @param entries the entries in wire order (unmodifiable)
 */
public record AmfEcmaArray(Map<String, Object> entries) {
  public AmfEcmaArray {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public Object get(String key) {
    return entries.get(key);
  }

  /** The entry as a number, or {@code null} when absent or not a number. */
  public Double number(String key) {
    return entries.get(key) instanceof Double d ? d : null;
  }
}
