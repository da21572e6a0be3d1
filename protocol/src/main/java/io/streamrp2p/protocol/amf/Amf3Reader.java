package io.streamrp2p.protocol.amf;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the AMF3 values (Adobe "AMF 3 Specification", January 2013) that RTMP peers send in
 * type-17 commands and after the AMF0 avmplus marker. It covers what encoders put there: scalars,
 * strings (with the string reference table), dates, arrays and anonymous objects with inline
 * traits. Object, trait and externalizable references, XML and byte arrays are rejected with a
 * {@link ProtocolException}: no encoder we interoperate with sends them in commands.
 */
final class Amf3Reader {
  static final String LAYER = "amf3";

  /** Strings kept for references; each needs at least one byte of input, so this is a backstop. */
  private static final int STRING_REFERENCES_MAX = 1024;

  private final byte[] buf;
  private final int end;
  private final int start;
  private final int nestingDepthMax;
  private final List<String> strings = new ArrayList<>();
  private int pos;

  Amf3Reader(byte[] buf, int pos, int end, int nestingDepthMax) {
    this.buf = buf;
    this.pos = pos;
    this.start = pos;
    this.end = end;
    this.nestingDepthMax = nestingDepthMax;
  }

  int position() {
    return pos;
  }

  Object read() {
    return readValue(0);
  }

  private Object readValue(int depth) {
    int markerAt = pos;
    int marker = u8();
    switch (marker) {
      case 0x00:
        return Amf.UNDEFINED;
      case 0x01:
        return Amf.NULL;
      case 0x02:
        return Boolean.FALSE;
      case 0x03:
        return Boolean.TRUE;
      case 0x04:
        return (double) ((u29() << 3) >> 3); // sign-extend the 29-bit integer
      case 0x05:
        return Double.longBitsToDouble(s64());
      case 0x06:
        return readString();
      case 0x08:
        if ((u29() & 1) == 0) {
          throw fail(markerAt, "date references are not supported");
        }
        return new AmfDate(Double.longBitsToDouble(s64()), (short) 0);
      case 0x09:
        return readArray(enter(depth, markerAt), markerAt);
      case 0x0A:
        return readObject(enter(depth, markerAt), markerAt);
      default:
        throw fail(markerAt, "unsupported type marker 0x" + Integer.toHexString(marker));
    }
  }

  private int enter(int depth, int markerAt) {
    if (depth + 1 > nestingDepthMax) {
      throw fail(markerAt, "nesting deeper than the limit");
    }
    return depth + 1;
  }

  private Object readArray(int depth, int markerAt) {
    int header = u29();
    if ((header & 1) == 0) {
      throw fail(markerAt, "array references are not supported");
    }
    int denseCount = header >>> 1;
    Map<String, Object> assoc = new LinkedHashMap<>();
    for (String key = readName(); !key.isEmpty(); key = readName()) {
      assoc.put(key, readValue(depth));
    }
    if (denseCount > end - pos) {
      throw fail(
          markerAt, "array of " + denseCount + " exceeds the " + (end - pos) + " bytes left");
    }
    if (!assoc.isEmpty() && denseCount > 0) {
      throw fail(markerAt, "arrays with both dense and associative parts are not supported");
    }
    if (!assoc.isEmpty()) {
      return new AmfEcmaArray(assoc);
    }
    List<Object> dense = new ArrayList<>(Math.min(denseCount, 16));
    for (int i = 0; i < denseCount; i++) {
      dense.add(readValue(depth));
    }
    return dense;
  }

  private Object readObject(int depth, int markerAt) {
    int header = u29();
    if ((header & 0b11) != 0b11) {
      throw fail(markerAt, "object and trait references are not supported");
    }
    if ((header & 0b100) != 0) {
      throw fail(markerAt, "externalizable objects are not supported");
    }
    boolean dynamic = (header & 0b1000) != 0;
    int sealedCount = header >>> 4;
    String className = readName();
    if (sealedCount > end - pos) {
      throw fail(markerAt, sealedCount + " sealed members exceed the bytes left");
    }
    List<String> names = new ArrayList<>(Math.min(sealedCount, 16));
    for (int i = 0; i < sealedCount; i++) {
      names.add(readName());
    }
    Map<String, Object> props = new LinkedHashMap<>();
    for (String name : names) {
      props.put(name, readValue(depth));
    }
    if (dynamic) {
      for (String key = readName(); !key.isEmpty(); key = readName()) {
        props.put(key, readValue(depth));
      }
    }
    return new AmfObject(className.isEmpty() ? null : className, props);
  }

  /**
   * A member or class name. AMF3 lengths are 28 bits, but the hub writes decoded values again as
   * AMF0, whose names have a 16-bit length, so a longer name is rejected here as bad bytes.
   */
  private String readName() {
    int at = pos;
    String name = readString();
    if (!Amf.fitsNameField(name)) {
      throw fail(at, "name is longer than the 65535 bytes an AMF0 name can hold");
    }
    return name;
  }

  private String readString() {
    int at = pos;
    int header = u29();
    if ((header & 1) == 0) {
      int index = header >>> 1;
      if (index >= strings.size()) {
        throw fail(at, "string reference " + index + " to an unknown string");
      }
      return strings.get(index);
    }
    int length = header >>> 1;
    if (length > end - pos) {
      throw fail(at, "string of " + length + " bytes exceeds the " + (end - pos) + " bytes left");
    }
    String s = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    if (!s.isEmpty()) {
      if (strings.size() >= STRING_REFERENCES_MAX) {
        throw fail(at, "more than " + STRING_REFERENCES_MAX + " distinct strings");
      }
      strings.add(s); // the empty string is never sent by reference (AMF3 spec 1.3.2)
    }
    return s;
  }

  /** Variable-length unsigned 29-bit integer (AMF3 spec 1.3.1). */
  private int u29() {
    int value = 0;
    for (int i = 0; i < 3; i++) {
      int b = u8();
      value = (value << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    return (value << 8) | u8();
  }

  private int u8() {
    if (pos >= end) {
      throw fail(pos, "truncated value");
    }
    return buf[pos++] & 0xFF;
  }

  private long s64() {
    if (end - pos < 8) {
      throw fail(pos, "truncated 64-bit number");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  private ProtocolException fail(int at, String message) {
    return new ProtocolException(LAYER, message + " at AMF3 offset " + (at - start));
  }
}
