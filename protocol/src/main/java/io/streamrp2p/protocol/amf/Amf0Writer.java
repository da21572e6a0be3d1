package io.streamrp2p.protocol.amf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Encodes AMF0 values into a growable buffer. Strings longer than 65,535 UTF-8 bytes are written as
 * long strings; everything else uses the short form that every peer reads.
 */
public final class Amf0Writer {
  private byte[] buf;
  private int size;

  public Amf0Writer() {
    this(256);
  }

  public Amf0Writer(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Encodes {@code values} one after another into a new array. */
  public static byte[] encodeAll(Object... values) {
    Amf0Writer w = new Amf0Writer();
    for (Object v : values) {
      w.write(v);
    }
    return w.toByteArray();
  }

  /** Encodes {@code values} one after another into a new array. */
  public static byte[] encodeAll(List<?> values) {
    Amf0Writer w = new Amf0Writer();
    for (Object v : values) {
      w.write(v);
    }
    return w.toByteArray();
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Writes any value of the AMF value model (see {@link Amf}). */
  public Amf0Writer write(Object value) {
    if (value instanceof Double d) {
      writeNumber(d);
    } else if (value instanceof Boolean b) {
      u8(Amf0Marker.BOOLEAN).u8(b ? 1 : 0);
    } else if (value instanceof String s) {
      writeString(s);
    } else if (value instanceof AmfObject o) {
      writeObject(o);
    } else if (value instanceof AmfEcmaArray a) {
      u8(Amf0Marker.ECMA_ARRAY).u32(a.entries().size());
      writeProperties(a.entries());
    } else if (value instanceof List<?> list) {
      u8(Amf0Marker.STRICT_ARRAY).u32(list.size());
      list.forEach(this::write);
    } else if (value instanceof AmfDate date) {
      u8(Amf0Marker.DATE).s64(Double.doubleToRawLongBits(date.epochMillis()));
      u16(date.timeZoneMinutes() & 0xFFFF);
    } else if (value == Amf.NULL) {
      u8(Amf0Marker.NULL);
    } else if (value == Amf.UNDEFINED) {
      u8(Amf0Marker.UNDEFINED);
    } else {
      Amf.requireValue(value); // throws with the reason
    }
    return this;
  }

  public Amf0Writer writeNumber(double value) {
    return u8(Amf0Marker.NUMBER).s64(Double.doubleToRawLongBits(value));
  }

  public Amf0Writer writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= 0xFFFF) {
      u8(Amf0Marker.STRING).u16(utf8.length);
    } else {
      u8(Amf0Marker.LONG_STRING).u32(utf8.length);
    }
    return bytes(utf8);
  }

  private void writeObject(AmfObject o) {
    if (o.className() == null) {
      u8(Amf0Marker.OBJECT);
    } else {
      u8(Amf0Marker.TYPED_OBJECT).key(o.className());
    }
    writeProperties(o.properties());
  }

  private void writeProperties(Map<String, Object> props) {
    for (Map.Entry<String, Object> e : props.entrySet()) {
      key(e.getKey());
      write(e.getValue());
    }
    u16(0).u8(Amf0Marker.OBJECT_END);
  }

  private Amf0Writer key(String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 0xFFFF) {
      throw new IllegalArgumentException("property name longer than 65535 bytes");
    }
    return u16(utf8.length).bytes(utf8);
  }

  private Amf0Writer u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  private Amf0Writer u16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  private Amf0Writer u32(long v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  private Amf0Writer s64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  private Amf0Writer bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  private void ensure(int n) {
    if (buf.length - size < n) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }
}
