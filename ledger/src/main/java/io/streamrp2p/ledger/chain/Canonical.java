package io.streamrp2p.ledger.chain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The ledger's own byte encoding of an event, the input of its hash. It is defined here, field by
 * field, instead of taken from the serializer, so a hash stays valid across Jackson versions, field
 * renames and serializer settings. Rules (docs/ledger.md, "Canonical encoding"): integers are
 * big-endian two's complement of fixed width (int 4 bytes, long 8), a string is its UTF-8 length as
 * an int followed by its UTF-8 bytes, a boolean one byte 0 or 1, a hash its 32 raw bytes, an enum
 * the string of its name, and fields follow in the order each event declares.
 */
public final class Canonical {
  // A plain growable array: ByteArrayOutputStream synchronizes every one-byte write, and an
  // event's encoding is written byte by byte on every persist and on every audited row.
  private byte[] buf = new byte[256];
  private int len;

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  private void write(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  public Canonical i32(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
    return this;
  }

  public Canonical i64(long v) {
    i32((int) (v >>> 32));
    return i32((int) v);
  }

  public Canonical bool(boolean v) {
    ensure(1);
    buf[len++] = (byte) (v ? 1 : 0);
    return this;
  }

  public Canonical str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    i32(b.length);
    write(b);
    return this;
  }

  public Canonical name(Enum<?> e) {
    return str(e.name());
  }

  /** A SHA-256 hash given as 64 hex digits, written as its 32 bytes. */
  public Canonical hash(String hex) {
    byte[] b = HexFormat.of().parseHex(hex);
    Chain.require(b.length == 32, () -> "hash must be 32 bytes: " + hex);
    write(b);
    return this;
  }

  public Canonical raw(byte[] b) {
    i32(b.length);
    write(b);
    return this;
  }

  public byte[] bytes() {
    return Arrays.copyOf(buf, len);
  }

  /** SHA-256 of the bytes written so far, without copying them. */
  byte[] sha256() {
    return Chain.sha256(buf, len);
  }
}
