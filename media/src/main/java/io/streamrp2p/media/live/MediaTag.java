package io.streamrp2p.media.live;

import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.FlvWriter;
import java.util.Arrays;
import org.apache.pekko.util.ByteString;

/**
 * One audio, video or script-data message of a live stream on the hub's timeline. The body is the
 * FLV tag body (the same bytes RTMP carries in the message payload). The tag is immutable and
 * shared by every subscriber. It holds its body once, inside its FLV encoding (made when the tag
 * is, and written by every HTTP-FLV viewer's socket as is); the RTMP encoding is made on first use.
 */
public final class MediaTag {
  /** FLV/RTMP tag kinds, with their type ids. */
  public enum Kind {
    AUDIO(8),
    VIDEO(9),
    DATA(18);

    public final int typeId;

    Kind(int typeId) {
      this.typeId = typeId;
    }
  }

  private final Kind kind;
  private final long sequence;
  private final long timestampMs;
  private final boolean keyframe;
  private final boolean sequenceHeader;
  private final int size;
  private final byte[] flvBytes;
  private final ByteString flv;
  private final int publishSession;
  private final long streamOffset;
  // Racy single-check cache: ByteString is immutable with final fields, so a reader sees either
  // null (and encodes again, to equal bytes) or a fully built value.
  private ByteString rtmp;

  public MediaTag(
      Kind kind,
      long sequence,
      long timestampMs,
      boolean keyframe,
      boolean sequenceHeader,
      byte[] body,
      int publishSession,
      long streamOffset) {
    this.kind = kind;
    this.sequence = sequence;
    this.timestampMs = timestampMs;
    this.keyframe = keyframe;
    this.sequenceHeader = sequenceHeader;
    this.size = body.length;
    this.flvBytes =
        FlvWriter.encodeTag(kind.typeId, timestampMs & 0xFFFF_FFFFL, body, 0, body.length);
    this.flv = ByteString.fromArrayUnsafe(flvBytes);
    this.publishSession = publishSession;
    this.streamOffset = streamOffset;
  }

  /** Tag body bytes of the stream before this tag: how far behind a reader of this tag is. */
  public long streamOffset() {
    return streamOffset;
  }

  /** Which publisher session of the stream sent the tag: 1 for the first, +1 per reconnect. */
  public int publishSession() {
    return publishSession;
  }

  public Kind kind() {
    return kind;
  }

  /** Position in the stream, increasing by one per tag; survives publisher reconnects. */
  public long sequence() {
    return sequence;
  }

  public long timestampMs() {
    return timestampMs;
  }

  /** A video tag a decoder can start from. */
  public boolean keyframe() {
    return keyframe;
  }

  /** A codec configuration tag (AVC/HEVC decoder configuration record, AAC specific config). */
  public boolean sequenceHeader() {
    return sequenceHeader;
  }

  /** A copy of the FLV tag body. */
  public byte[] body() {
    return Arrays.copyOfRange(flvBytes, FlvTag.HEADER_LENGTH, FlvTag.HEADER_LENGTH + size);
  }

  public int size() {
    return size;
  }

  /** The tag as FLV (tag header, body, previous-tag-size), shared by all HTTP-FLV viewers. */
  public ByteString flv() {
    return flv;
  }

  /** The tag as RTMP chunks for message stream 1, shared by all RTMP players. */
  public ByteString rtmp() {
    ByteString b = rtmp;
    if (b == null) {
      b = TagEncoding.rtmp(this);
      rtmp = b;
    }
    return b;
  }

  @Override
  public String toString() {
    return kind
        + "#"
        + sequence
        + "@"
        + timestampMs
        + (keyframe ? " key" : "")
        + (sequenceHeader ? " header" : "")
        + " "
        + size
        + "B";
  }
}
