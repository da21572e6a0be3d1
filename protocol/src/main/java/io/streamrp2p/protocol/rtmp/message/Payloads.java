package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;

/** Shared field access for the message records. */
final class Payloads {
  static final String LAYER = "rtmp.message";
  static final long U32_MAX = 0xFFFFFFFFL;

  private Payloads() {}

  /** Passing a message of another type is a caller bug, not bad bytes. */
  static void requireType(RawMessage raw, int typeId, String name) {
    if (raw.typeId() != typeId) {
      throw new IllegalArgumentException(
          "not a " + name + " message (type " + typeId + "): type " + raw.typeId());
    }
  }

  static void checkLength(byte[] payload, int length, String name) {
    ProtocolException.check(
        payload.length == length,
        LAYER,
        name + " payload is " + payload.length + " bytes, expected " + length);
  }

  static void requireU32(long value, String name) {
    if (value < 0 || value > U32_MAX) {
      throw new IllegalArgumentException(name + " must fit 32 bits unsigned: " + value);
    }
  }

  static long u32(byte[] b, int at) {
    return ((long) (b[at] & 0xFF) << 24
            | (b[at + 1] & 0xFF) << 16
            | (b[at + 2] & 0xFF) << 8
            | (b[at + 3] & 0xFF))
        & U32_MAX;
  }

  static int u24(byte[] b, int at) {
    return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
  }

  static void putU32(byte[] b, int at, long v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  static void putU24(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 16);
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) v;
  }

  static byte[] u32Payload(long v) {
    byte[] b = new byte[4];
    putU32(b, 0, v);
    return b;
  }

  /** Protocol control messages: chunk stream 2, message stream 0, timestamp 0 (5.4). */
  static RawMessage control(int typeId, byte[] payload) {
    return new RawMessage(MessageTypes.CONTROL_CHUNK_STREAM_ID, typeId, 0, 0, payload);
  }
}
