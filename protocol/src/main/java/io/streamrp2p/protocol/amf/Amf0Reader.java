package io.streamrp2p.protocol.amf;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values (Adobe "Action Message Format -- AMF 0", December 2007) from one complete
 * message payload. The payload is bounded by the RTMP message size limit, so every length read from
 * it is checked against the bytes that remain before anything is allocated: a hostile length fails
 * fast instead of allocating. Nesting is bounded by {@link #nestingDepthMax}.
 */
public final class Amf0Reader {
  static final String LAYER = "amf0";

  /**
   * Deepest nesting of objects and arrays accepted. onMetaData and connect nest two levels; 32
   * leaves room for any real encoder while keeping recursion (and an "AMF bomb") shallow.
   */
  public static final int NESTING_DEPTH_MAX_DEFAULT = 32;

  private final byte[] buf;
  private final int start;
  private final int end;
  private final int nestingDepthMax;
  private int pos;

  public Amf0Reader(byte[] buf, int offset, int length) {
    this(buf, offset, length, NESTING_DEPTH_MAX_DEFAULT);
  }

  public Amf0Reader(byte[] buf, int offset, int length, int nestingDepthMax) {
    if (offset < 0 || length < 0 || offset > buf.length - length) {
      throw new IllegalArgumentException("range outside the buffer");
    }
    if (nestingDepthMax < 1) {
      throw new IllegalArgumentException("nestingDepthMax must be positive: " + nestingDepthMax);
    }
    this.buf = buf;
    this.start = offset;
    this.pos = offset;
    this.end = offset + length;
    this.nestingDepthMax = nestingDepthMax;
  }

  /** Decodes every value of {@code payload}. */
  public static List<Object> decodeAll(byte[] payload) {
    return new Amf0Reader(payload, 0, payload.length).readAll();
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  /** Offset of the next unread byte, relative to the start of the range. */
  public int position() {
    return pos - start;
  }

  /** Reads values until the input ends. */
  public List<Object> readAll() {
    List<Object> values = new ArrayList<>();
    while (hasRemaining()) {
      values.add(read());
    }
    return values;
  }

  /** Reads one value. */
  public Object read() {
    return readValue(0);
  }

  private Object readValue(int depth) {
    int markerAt = pos;
    int marker = u8();
    switch (marker) {
      case Amf0Marker.NUMBER:
        return Double.longBitsToDouble(s64());
      case Amf0Marker.BOOLEAN:
        return u8() != 0;
      case Amf0Marker.STRING:
        return utf8(u16());
      case Amf0Marker.OBJECT:
        return new AmfObject(readProperties(enter(depth, markerAt), false));
      case Amf0Marker.NULL:
        return Amf.NULL;
      case Amf0Marker.UNDEFINED:
      case Amf0Marker.UNSUPPORTED:
        return Amf.UNDEFINED;
      case Amf0Marker.ECMA_ARRAY:
        require(4, "ECMA array count");
        pos += 4; // the count is a hint that encoders disagree about; the end marker decides
        return new AmfEcmaArray(readProperties(enter(depth, markerAt), true));
      case Amf0Marker.STRICT_ARRAY:
        return readStrictArray(enter(depth, markerAt));
      case Amf0Marker.DATE:
        return new AmfDate(Double.longBitsToDouble(s64()), (short) u16());
      case Amf0Marker.LONG_STRING:
        return utf8(u32AsLength("long string"));
      case Amf0Marker.TYPED_OBJECT:
        String className = name();
        return new AmfObject(className, readProperties(enter(depth, markerAt), false));
      case Amf0Marker.AVMPLUS:
        Amf3Reader amf3 = new Amf3Reader(buf, pos, end, nestingDepthMax - depth);
        Object value = amf3.read();
        pos = amf3.position();
        return value;
      default:
        throw fail(markerAt, "unsupported type marker 0x" + Integer.toHexString(marker));
    }
  }

  private int enter(int depth, int markerAt) {
    if (depth + 1 > nestingDepthMax) {
      throw fail(markerAt, "nesting deeper than " + nestingDepthMax);
    }
    return depth + 1;
  }

  private Map<String, Object> readProperties(int depth, boolean ecmaArray) {
    Map<String, Object> props = new LinkedHashMap<>();
    while (true) {
      if (ecmaArray && pos == end) {
        // Vendor quirk: some encoders end an onMetaData ECMA array at the end of the payload
        // without the object-end marker; ffmpeg and SRS accept that, so do we.
        return props;
      }
      int keyAt = pos;
      String key = name();
      if (key.isEmpty() && pos < end && (buf[pos] & 0xFF) == Amf0Marker.OBJECT_END) {
        pos++;
        return props;
      }
      if (pos >= end) {
        throw fail(keyAt, "object property '" + key + "' has no value");
      }
      props.put(key, readValue(depth));
    }
  }

  /**
   * A property or class name. Bytes that are not UTF-8 decode to U+FFFD, which takes 3 bytes when
   * written again, so a name can outgrow its 16-bit length field; that is rejected here.
   */
  private String name() {
    int at = pos;
    String name = utf8(u16());
    if (!Amf.fitsNameField(name)) {
      throw fail(
          at,
          "name is not UTF-8 and, written as UTF-8, longer than the 65535 bytes an AMF0"
              + " name can hold");
    }
    return name;
  }

  private List<Object> readStrictArray(int depth) {
    long count = u32AsLength("strict array count");
    // Every element takes at least one byte, so a count above what remains is a lie.
    List<Object> values = new ArrayList<>((int) Math.min(count, 16));
    for (long i = 0; i < count; i++) {
      values.add(readValue(depth));
    }
    return values;
  }

  private int u8() {
    require(1, "type marker or byte");
    return buf[pos++] & 0xFF;
  }

  private int u16() {
    require(2, "16-bit length");
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  private int u32AsLength(String what) {
    require(4, what);
    long v =
        ((long) (buf[pos] & 0xFF) << 24)
            | ((buf[pos + 1] & 0xFF) << 16)
            | ((buf[pos + 2] & 0xFF) << 8)
            | (buf[pos + 3] & 0xFF);
    pos += 4;
    if (v > end - pos) {
      throw fail(pos - 4, what + " " + v + " exceeds the " + (end - pos) + " bytes left");
    }
    return (int) v;
  }

  private long s64() {
    require(8, "64-bit number");
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  private String utf8(int length) {
    require(length, "string of " + length + " bytes");
    String s = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return s;
  }

  private void require(int n, String what) {
    if (end - pos < n) {
      throw fail(pos, "truncated " + what + ": need " + n + " bytes, " + (end - pos) + " left");
    }
  }

  private ProtocolException fail(int at, String message) {
    return new ProtocolException(LAYER, message + " at offset " + (at - start));
  }
}
