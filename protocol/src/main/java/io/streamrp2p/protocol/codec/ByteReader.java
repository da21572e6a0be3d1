package io.streamrp2p.protocol.codec;

import io.streamrp2p.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Big-endian byte cursor for the byte-aligned configuration records. Each read names the field so a
 * short input is reported as "truncated at field X, byte N".
 */
public final class ByteReader {
  private final String layer;
  private final byte[] data;
  private final int start;
  private final int end;
  private int pos;

  public ByteReader(String layer, byte[] data, int offset, int length) {
    this.layer = layer;
    this.data = Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(offset, length, data.length);
    this.start = offset;
    this.end = offset + length;
    this.pos = offset;
  }

  public int position() {
    return pos - start;
  }

  public int remaining() {
    return end - pos;
  }

  public int u8(String field) {
    require(1, field);
    return data[pos++] & 0xff;
  }

  public int u16(String field) {
    require(2, field);
    int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public long bytes(int n, String field) {
    require(n, field);
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (data[pos++] & 0xff);
    }
    return v;
  }

  /** A 16-bit length followed by that many bytes; the length must be at least 1. */
  public byte[] lengthPrefixed(String field) {
    int at = position();
    int length = u16(field + " length");
    if (length == 0) {
      throw new ProtocolException(layer, field + " at byte " + at + " has length 0");
    }
    require(length, field);
    byte[] out = Arrays.copyOfRange(data, pos, pos + length);
    pos += length;
    return out;
  }

  private void require(int n, String field) {
    if (end - pos < n) {
      throw new ProtocolException(
          layer,
          "truncated at "
              + field
              + " (byte "
              + position()
              + "): needs "
              + n
              + " bytes, "
              + (end - pos)
              + " remain");
    }
  }
}
