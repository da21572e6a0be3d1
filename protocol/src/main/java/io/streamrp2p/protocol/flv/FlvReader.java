package io.streamrp2p.protocol.flv;

import static io.streamrp2p.protocol.flv.FlvBytes.LAYER;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Incremental FLV decoder (spec v10.1, E.2 and E.3), an explicit state machine over three units:
 * the header (DataOffset bytes), a PreviousTagSize (4 bytes) and a tag (11 + DataSize bytes). A
 * unit is consumed only when all of it is in the buffer; fields that can be judged early (the
 * signature, DataSize against the limit) are judged as soon as their bytes are there.
 *
 * <p>{@link #poll} returns the {@link FlvHeader} first, then one {@link FlvTag} per call, and
 * {@code null} when it needs more bytes. Each PreviousTagSize must equal 11 + DataSize of the tag
 * before it; PreviousTagSize0, which precedes the first tag and so has no tag before it, must be 0
 * as E.3 requires. A tag is returned as soon as its body is complete, before the PreviousTagSize
 * that follows it, so a live stream is not delayed by one tag.
 *
 * <p>The reader copies each body out of the caller's buffer, which the caller may reuse. The buffer
 * must be able to hold {@link #bufferBytesMin()} bytes, else a maximal tag never fits. After a
 * {@link ProtocolException} the reader is failed and further polls are misuse.
 */
public final class FlvReader {
  /**
   * Default for {@code tagBodyBytesMax}: 8 MiB. One video tag holds one access unit; mediacommon
   * measured that H.264/H.265 access units of 50 Mbps 2160p60 video stay under 8 MiB and uses that
   * bound. DataSize (UI24) itself allows 16 MiB - 1, which a caller may opt into.
   */
  public static final int TAG_BODY_BYTES_MAX_DEFAULT = 8 * 1024 * 1024;

  private enum State {
    HEADER,
    PREVIOUS_TAG_SIZE,
    TAG,
    FAILED
  }

  private static final int FILTER_BIT = 0x20;

  private final int tagBodyBytesMax;
  private State state = State.HEADER;

  /** Stream offset of the next unconsumed byte, for error messages. */
  private long position;

  /** What the next PreviousTagSize must say: 0 before the first tag, then 11 + DataSize. */
  private long previousTagSizeExpected;

  public FlvReader() {
    this(TAG_BODY_BYTES_MAX_DEFAULT);
  }

  public FlvReader(int tagBodyBytesMax) {
    if (tagBodyBytesMax < 0 || tagBodyBytesMax > FlvTag.UI24_MAX) {
      throw new IllegalArgumentException(
          "tagBodyBytesMax " + tagBodyBytesMax + " outside UI24 DataSize [0, 16777215]");
    }
    this.tagBodyBytesMax = tagBodyBytesMax;
  }

  public int tagBodyBytesMax() {
    return tagBodyBytesMax;
  }

  /** Smallest input buffer that can hold any unit this reader accepts. */
  public int bufferBytesMin() {
    return Math.max(FlvHeader.DATA_OFFSET_MAX, FlvTag.HEADER_LENGTH + tagBodyBytesMax);
  }

  /** Bytes consumed so far: the stream offset of the next unit. */
  public long position() {
    return position;
  }

  /**
   * True when everything consumed forms a complete stream: the header and whole tags, each followed
   * by its PreviousTagSize. A file that ends with this false is truncated.
   */
  public boolean atTagBoundary() {
    return state == State.TAG;
  }

  /**
   * Decodes the next unit from {@code in} (from its position to its limit), advancing the position
   * past what was consumed. Returns the header, a tag, or {@code null} when the remaining bytes
   * hold no whole unit; then nothing of the partial unit has been consumed.
   */
  public FlvUnit poll(ByteBuffer in) {
    if (state == State.FAILED) {
      throw new IllegalStateException("reader failed on bad input at offset " + position);
    }
    try {
      while (true) {
        switch (state) {
          case HEADER:
            return pollHeader(in);
          case PREVIOUS_TAG_SIZE:
            if (!pollPreviousTagSize(in)) {
              return null;
            }
            break;
          default:
            return pollTag(in);
        }
      }
    } catch (ProtocolException e) {
      state = State.FAILED;
      throw e;
    }
  }

  private FlvHeader pollHeader(ByteBuffer in) {
    int p = in.position();
    if (in.remaining() < FlvHeader.LENGTH) {
      return null;
    }
    FlvHeader header = FlvHeader.decodeAt(in, p, position);
    if (in.remaining() < header.dataOffset()) {
      return null;
    }
    consume(in, header.dataOffset()); // bytes 9..DataOffset are padding for a future version
    state = State.PREVIOUS_TAG_SIZE;
    return header;
  }

  private boolean pollPreviousTagSize(ByteBuffer in) {
    if (in.remaining() < FlvWriter.PREVIOUS_TAG_SIZE_LENGTH) {
      return false;
    }
    long previousTagSize = FlvBytes.u32(in, in.position());
    if (previousTagSize != previousTagSizeExpected) {
      throw new ProtocolException(
          LAYER,
          "PreviousTagSize "
              + previousTagSize
              + " at offset "
              + position
              + " does not match the previous tag's "
              + previousTagSizeExpected);
    }
    consume(in, FlvWriter.PREVIOUS_TAG_SIZE_LENGTH);
    state = State.TAG;
    return true;
  }

  /** E.4.1 FLVTAG: Reserved UB[2], Filter UB[1], TagType UB[5], DataSize UI24, ... */
  private FlvTag pollTag(ByteBuffer in) {
    if (in.remaining() < FlvTag.HEADER_LENGTH) {
      return null;
    }
    int p = in.position();
    int typeByte = FlvBytes.u8(in, p);
    // The two Reserved bits ("for FMS, should be 0") are ignored, as ffmpeg does.
    ProtocolException.check(
        (typeByte & FILTER_BIT) == 0,
        LAYER,
        "Filter bit set (encrypted tag, unsupported) at offset " + position);
    int dataSize = FlvBytes.u24(in, p + 1);
    if (dataSize > tagBodyBytesMax) {
      throw new ProtocolException(
          LAYER,
          "DataSize "
              + dataSize
              + " at offset "
              + (position + 1)
              + " exceeds tagBodyBytesMax "
              + tagBodyBytesMax);
    }
    if (in.remaining() - FlvTag.HEADER_LENGTH < dataSize) {
      return null;
    }
    long timestamp = FlvBytes.u24(in, p + 4) | (long) FlvBytes.u8(in, p + 7) << 24;
    int streamId = FlvBytes.u24(in, p + 8);
    byte[] body = new byte[dataSize];
    in.get(p + FlvTag.HEADER_LENGTH, body);
    consume(in, FlvTag.HEADER_LENGTH + dataSize);
    previousTagSizeExpected = FlvTag.HEADER_LENGTH + dataSize;
    state = State.PREVIOUS_TAG_SIZE;
    return new FlvTag(typeByte & FlvTag.TAG_TYPE_MAX, timestamp, streamId, body);
  }

  private void consume(ByteBuffer in, int bytes) {
    in.position(in.position() + bytes);
    position += bytes;
  }
}
