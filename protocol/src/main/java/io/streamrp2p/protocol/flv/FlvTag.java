package io.streamrp2p.protocol.flv;

import java.util.Arrays;

/**
 * One FLV tag (spec v10.1, E.4.1): type, 32-bit timestamp in milliseconds, stream id and body.
 *
 * <p>The timestamp is the 24-bit Timestamp field extended by the TimestampExtended byte as its
 * upper 8 bits. The spec calls the result SI32; it is read as unsigned here, as ffmpeg does, since
 * a negative decode time is meaningless and live streams run past 2^31 ms (24.8 days).
 *
 * <p>StreamID is "always 0" per the spec. Non-zero values are tolerated and kept (ffmpeg ignores
 * the field), so that decoding then encoding reproduces the input; {@link FlvWriter} writes 0 for
 * tags it builds from parts.
 *
 * <p>{@code body} is not copied: the record owns the array and nobody may modify it afterwards,
 * which is what lets one encoded tag be shared by many viewers.
 */
public record FlvTag(int tagType, long timestamp, int streamId, byte[] body) implements FlvUnit {
  public static final int TYPE_AUDIO = 8;
  public static final int TYPE_VIDEO = 9;
  public static final int TYPE_SCRIPT = 18;

  /** TagType .. StreamID, the bytes before the body. */
  public static final int HEADER_LENGTH = 11;

  /** TagType is a 5-bit field; the upper bits are Reserved (2) and Filter (1). */
  public static final int TAG_TYPE_MAX = 0x1F;

  /** Timestamp plus TimestampExtended: 32 bits. */
  public static final long TIMESTAMP_MAX = 0xFFFF_FFFFL;

  /** DataSize and StreamID are UI24 fields. */
  public static final int UI24_MAX = 0xFF_FFFF;

  public FlvTag {
    if (tagType < 0 || tagType > TAG_TYPE_MAX) {
      throw new IllegalArgumentException("tagType " + tagType + " outside [0, 31]");
    }
    if (timestamp < 0 || timestamp > TIMESTAMP_MAX) {
      throw new IllegalArgumentException("timestamp " + timestamp + " outside 32 bits unsigned");
    }
    if (streamId < 0 || streamId > UI24_MAX) {
      throw new IllegalArgumentException("streamId " + streamId + " outside 24 bits");
    }
    if (body.length > UI24_MAX) {
      throw new IllegalArgumentException("body of " + body.length + " bytes exceeds UI24 DataSize");
    }
  }

  /** A tag with StreamID 0, as the spec requires. */
  public FlvTag(int tagType, long timestamp, byte[] body) {
    this(tagType, timestamp, 0, body);
  }

  public boolean isAudio() {
    return tagType == TYPE_AUDIO;
  }

  public boolean isVideo() {
    return tagType == TYPE_VIDEO;
  }

  public boolean isScript() {
    return tagType == TYPE_SCRIPT;
  }

  /** Header, body and trailing PreviousTagSize, as {@link FlvWriter} writes this tag. */
  public int encodedSize() {
    return FlvWriter.encodedSize(body.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlvTag t
        && tagType == t.tagType
        && timestamp == t.timestamp
        && streamId == t.streamId
        && Arrays.equals(body, t.body);
  }

  @Override
  public int hashCode() {
    return ((tagType * 31 + Long.hashCode(timestamp)) * 31 + streamId) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "FlvTag[tagType="
        + tagType
        + ", timestamp="
        + timestamp
        + ", streamId="
        + streamId
        + ", body="
        + body.length
        + " bytes]";
  }
}
