package io.streamrp2p.protocol.flv;

import static io.streamrp2p.protocol.flv.FlvBytes.LAYER;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The FLV file header (spec v10.1, E.2): signature {@code "FLV"}, version 1, the audio and video
 * presence flags and DataOffset, the header length. Only version 1 exists; its header is 9 bytes.
 *
 * <p>Tolerated: the reserved TypeFlags bits are ignored on decode and written as 0, because ffmpeg
 * ignores them too and they carry no meaning. The presence flags are advisory (ffmpeg ignores them
 * as well); readers must not rely on them.
 */
public record FlvHeader(boolean hasAudio, boolean hasVideo, int dataOffset) implements FlvUnit {
  /** The only version the spec defines. */
  public static final int VERSION = 1;

  /** Length of the fixed fields, which is also DataOffset for every version 1 file. */
  public static final int LENGTH = 9;

  /**
   * Largest DataOffset accepted. The spec says it is 9 for version 1 and the field exists only so a
   * later version could grow the header; no writer we know of emits more. 1 KiB leaves room for
   * such padding while keeping the first unit small, and the reader must buffer it whole.
   */
  public static final int DATA_OFFSET_MAX = 1024;

  private static final int FLAG_AUDIO = 0x04;
  private static final int FLAG_VIDEO = 0x01;

  public FlvHeader {
    if (dataOffset < LENGTH || dataOffset > DATA_OFFSET_MAX) {
      throw new IllegalArgumentException(
          "dataOffset " + dataOffset + " outside [" + LENGTH + ", " + DATA_OFFSET_MAX + "]");
    }
  }

  /** A standard 9-byte header. */
  public static FlvHeader of(boolean hasAudio, boolean hasVideo) {
    return new FlvHeader(hasAudio, hasVideo, LENGTH);
  }

  /**
   * Decodes the fixed 9 bytes at {@code bytes[offset..]}. Bytes between 9 and {@link #dataOffset()}
   * are padding the caller skips.
   */
  public static FlvHeader decode(byte[] bytes, int offset, int length) {
    FlvBytes.checkRange(bytes.length, offset, length, "header");
    ProtocolException.check(
        length >= LENGTH, LAYER, "header truncated: " + length + " of " + LENGTH + " bytes");
    return decodeAt(ByteBuffer.wrap(bytes), offset, 0);
  }

  /** Decodes at absolute {@code index}; {@code streamOffset} of that index is for messages. */
  static FlvHeader decodeAt(ByteBuffer in, int index, long streamOffset) {
    boolean signature =
        in.get(index) == 'F' && in.get(index + 1) == 'L' && in.get(index + 2) == 'V';
    ProtocolException.check(signature, LAYER, "bad signature at offset " + streamOffset);
    int version = FlvBytes.u8(in, index + 3);
    ProtocolException.check(
        version == VERSION,
        LAYER,
        "unsupported version " + version + " at offset " + (streamOffset + 3));
    int flags = FlvBytes.u8(in, index + 4);
    long dataOffset = FlvBytes.u32(in, index + 5);
    ProtocolException.check(
        dataOffset >= LENGTH && dataOffset <= DATA_OFFSET_MAX,
        LAYER,
        "DataOffset "
            + dataOffset
            + " outside ["
            + LENGTH
            + ", "
            + DATA_OFFSET_MAX
            + "] at offset "
            + (streamOffset + 5));
    return new FlvHeader((flags & FLAG_AUDIO) != 0, (flags & FLAG_VIDEO) != 0, (int) dataOffset);
  }

  /** Writes {@link #dataOffset()} bytes (the fixed fields, then zero padding); returns that. */
  public int encode(byte[] dst, int offset) {
    FlvBytes.checkRange(dst.length, offset, dataOffset, "header destination");
    dst[offset] = 'F';
    dst[offset + 1] = 'L';
    dst[offset + 2] = 'V';
    dst[offset + 3] = VERSION;
    dst[offset + 4] = (byte) ((hasAudio ? FLAG_AUDIO : 0) | (hasVideo ? FLAG_VIDEO : 0));
    FlvBytes.put32(dst, offset + 5, dataOffset);
    Arrays.fill(dst, offset + LENGTH, offset + dataOffset, (byte) 0);
    return dataOffset;
  }

  /** The header alone, {@link #dataOffset()} bytes; see {@link FlvWriter} for a file start. */
  public byte[] encode() {
    byte[] out = new byte[dataOffset];
    encode(out, 0);
    return out;
  }
}
