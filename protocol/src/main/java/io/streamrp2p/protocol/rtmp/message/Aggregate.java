package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aggregate message, type 22 (RTMP 1.0 section 7.1.6): several sub-messages, each laid out as an
 * FLV tag: type (1), data size (3), timestamp (3) + extension (1), stream id (3), body, back
 * pointer (4).
 *
 * <p>Timestamps are re-based as ffmpeg and librtmp do: the aggregate's own timestamp replaces the
 * first sub-message's, later ones keep their distance to the first (mod 2^32). Sub-messages take
 * the aggregate's chunk stream and message stream; the FLV stream id field (always 0 in FLV) is
 * ignored. The back pointer is not checked either: ffmpeg ignores it, and servers fill it in
 * differently (with or without the 11 header bytes).
 *
 * @param messages the sub-messages, in order
 */
public record Aggregate(List<RawMessage> messages) {
  /**
   * 1024 sub-messages. FMS aggregates a few hundred milliseconds of media; at 60 fps video and 48
   * kHz AAC (about 110 tags per second) 1024 covers more than 9 s, while a hostile aggregate of
   * empty tags cannot make us allocate more than this many records.
   */
  public static final int SUB_MESSAGES_MAX = 1024;

  /** Type, size, timestamp, extension and stream id of one sub-tag. */
  private static final int TAG_HEADER_BYTES = 11;

  private static final int BACK_POINTER_BYTES = 4;

  public Aggregate {
    messages = List.copyOf(messages);
  }

  public static Aggregate decode(RawMessage raw) {
    Payloads.requireType(raw, MessageTypes.AGGREGATE, "Aggregate");
    byte[] p = raw.payload();
    List<RawMessage> out = new ArrayList<>();
    long firstTimestamp = 0;
    int at = 0;
    while (at < p.length) {
      ProtocolException.check(
          out.size() < SUB_MESSAGES_MAX,
          Payloads.LAYER,
          "Aggregate has more than " + SUB_MESSAGES_MAX + " sub-messages");
      ProtocolException.check(
          p.length - at >= TAG_HEADER_BYTES + BACK_POINTER_BYTES,
          Payloads.LAYER,
          "Aggregate sub-message header at offset " + at + " is truncated");
      int type = p[at] & 0xFF;
      int size = Payloads.u24(p, at + 1);
      long timestamp = (Payloads.u24(p, at + 4) | (long) (p[at + 7] & 0xFF) << 24);
      ProtocolException.check(
          type != MessageTypes.AGGREGATE,
          Payloads.LAYER,
          "Aggregate sub-message at offset " + at + " is itself an aggregate");
      ProtocolException.check(
          size <= p.length - at - TAG_HEADER_BYTES - BACK_POINTER_BYTES,
          Payloads.LAYER,
          "Aggregate sub-message at offset "
              + at
              + " declares "
              + size
              + " bytes, more than the aggregate holds");
      if (out.isEmpty()) {
        firstTimestamp = timestamp;
      }
      long rebased = (raw.timestamp() + timestamp - firstTimestamp) & Payloads.U32_MAX;
      int body = at + TAG_HEADER_BYTES;
      out.add(
          new RawMessage(
              raw.chunkStreamId(),
              type,
              rebased,
              raw.messageStreamId(),
              Arrays.copyOfRange(p, body, body + size)));
      at = body + size + BACK_POINTER_BYTES;
    }
    return new Aggregate(out);
  }

  /**
   * Encodes as one aggregate carried on the first sub-message's chunk stream, message stream and
   * timestamp; every sub-message must share the chunk stream and message stream.
   */
  public RawMessage encode() {
    if (messages.isEmpty()) {
      throw new IllegalStateException("an aggregate needs at least one sub-message");
    }
    RawMessage first = messages.get(0);
    int total = 0;
    for (RawMessage m : messages) {
      if (m.chunkStreamId() != first.chunkStreamId()
          || m.messageStreamId() != first.messageStreamId()) {
        throw new IllegalStateException("sub-messages must share chunk and message stream");
      }
      total += TAG_HEADER_BYTES + m.payload().length + BACK_POINTER_BYTES;
    }
    byte[] p = new byte[total];
    int at = 0;
    for (RawMessage m : messages) {
      int size = m.payload().length;
      p[at] = (byte) m.typeId();
      Payloads.putU24(p, at + 1, size);
      Payloads.putU24(p, at + 4, (int) m.timestamp());
      p[at + 7] = (byte) (m.timestamp() >>> 24);
      System.arraycopy(m.payload(), 0, p, at + TAG_HEADER_BYTES, size);
      Payloads.putU32(p, at + TAG_HEADER_BYTES + size, TAG_HEADER_BYTES + size);
      at += TAG_HEADER_BYTES + size + BACK_POINTER_BYTES;
    }
    return new RawMessage(
        first.chunkStreamId(),
        MessageTypes.AGGREGATE,
        first.timestamp(),
        first.messageStreamId(),
        p);
  }
}
