package io.streamrp2p.protocol.amf;

import java.util.List;
import java.util.Map;

/**
 * The value model shared by the AMF0 and AMF3 codecs. An AMF value is one of: {@link Double}
 * (number), {@link Boolean}, {@link String} (string or long string), {@link AmfObject}, {@link
 * AmfEcmaArray}, {@link List} (strict array), {@link AmfDate}, {@link #NULL} or {@link #UNDEFINED}.
 * Java {@code null} is not a value: use {@link #NULL}.
 */
public final class Amf {
  /** AMF null (AMF0 marker 0x05). */
  public static final Special NULL = Special.NULL;

  /** AMF undefined (AMF0 marker 0x06). */
  public static final Special UNDEFINED = Special.UNDEFINED;

  /** The two value-less AMF values. */
  public enum Special {
    NULL,
    UNDEFINED
  }

  /**
   * Longest property or class name, in UTF-8 bytes, that AMF0 can write: its length field is 16
   * bits. Readers reject longer decoded names as bad bytes, because the hub writes decoded values
   * again (metadata forwarded to players) and a name that cannot be written would fail there.
   */
  static final int NAME_BYTES_MAX = 0xFFFF;

  private Amf() {}

  /**
   * Whether {@code name} fits {@link #NAME_BYTES_MAX} once encoded. Only a name with more chars
   * than a third of the limit needs counting, as no char takes more than 3 UTF-8 bytes.
   */
  static boolean fitsNameField(String name) {
    if (name.length() <= NAME_BYTES_MAX / 3) {
      return true;
    }
    long bytes = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      // A surrogate pair takes 4 bytes, 2 per half; decoding never yields a lone surrogate.
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes <= NAME_BYTES_MAX;
  }

  /** Returns {@code value} if it belongs to the value model, else throws. */
  static Object requireValue(Object value) {
    if (value instanceof Double
        || value instanceof Boolean
        || value instanceof String
        || value instanceof AmfObject
        || value instanceof AmfEcmaArray
        || value instanceof AmfDate
        || value instanceof Special) {
      return value;
    }
    if (value instanceof List<?> list) {
      list.forEach(Amf::requireValue);
      return value;
    }
    if (value instanceof Number n) {
      throw new IllegalArgumentException(
          "AMF numbers are doubles; got " + n.getClass().getSimpleName() + " " + n);
    }
    throw new IllegalArgumentException(
        "not an AMF value: " + (value == null ? "null (use Amf.NULL)" : value.getClass()));
  }

  /** A new anonymous object with the given properties in order (key, value, key, value...). */
  public static AmfObject object(Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("object needs key/value pairs");
    }
    AmfObject.Builder b = AmfObject.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      b.put((String) keyValues[i], keyValues[i + 1]);
    }
    return b.build();
  }

  /** A new ECMA array with the given entries in order. */
  public static AmfEcmaArray ecmaArray(Map<String, Object> entries) {
    entries.values().forEach(Amf::requireValue);
    return new AmfEcmaArray(entries);
  }
}
