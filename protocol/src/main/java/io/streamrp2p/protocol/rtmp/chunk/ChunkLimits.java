package io.streamrp2p.protocol.rtmp.chunk;

/**
 * Bounds on what one peer can make a {@link ChunkDecoder} hold. Checked when the limits are
 * created, so a bad configuration fails at start instead of on the first hostile peer.
 *
 * @param chunkSizeMax largest Set Chunk Size (RTMP 1.0 section 5.4.1) accepted from the peer
 * @param messageBytesMax largest message length accepted in a chunk message header
 * @param chunkStreamsMax how many distinct chunk stream ids one connection may use
 * @param pendingBytesMax total declared length of all messages still being reassembled at once,
 *     across chunk streams; this bounds what interleaving can make the decoder allocate
 */
public record ChunkLimits(
    int chunkSizeMax, int messageBytesMax, int chunkStreamsMax, int pendingBytesMax) {

  /**
   * 0xFFFFFF bytes. The message length field is 24 bits (section 5.3.1.2.1), so no chunk body can
   * ever be longer than this; a larger chunk size would behave exactly like this one. Encoders
   * announce far less (ffmpeg and OBS 4096, nginx-rtmp 4096, SRS 60000), and a chunk body is never
   * longer than its message, so buffering stays bounded by {@code messageBytesMax}.
   */
  public static final int DEFAULT_CHUNK_SIZE_MAX = 0xFFFFFF;

  /**
   * 8 MiB. The largest messages are video keyframes: a 4K H.264/HEVC stream at 50 Mbit/s with a 2 s
   * keyframe interval has I-frames of 1..3 MB, so 8 MiB leaves more than 2x headroom while a
   * hostile length cannot make us reserve more than this per message.
   */
  public static final int DEFAULT_MESSAGE_BYTES_MAX = 8 * 1024 * 1024;

  /**
   * 64. Encoders use fewer than 10 chunk streams (ffmpeg 2..8, OBS/librtmp 2..7: control, command,
   * audio, video, data); each tracked one costs a small header record, and the 3-byte basic header
   * would otherwise let a peer create 65598 of them.
   */
  public static final int DEFAULT_CHUNK_STREAMS_MAX = 64;

  /**
   * 16 MiB: one maximum-size video message plus interleaved audio, data and command messages on
   * other chunk streams, with room to spare. Payload arrays are allocated for the declared length
   * when a message's first chunk arrives, so this is the per-connection memory bound.
   */
  public static final int DEFAULT_PENDING_BYTES_MAX = 2 * DEFAULT_MESSAGE_BYTES_MAX;

  public ChunkLimits {
    requireRange("chunkSizeMax", chunkSizeMax, 128, 0x7FFFFFFF);
    requireRange("messageBytesMax", messageBytesMax, 1, RawMessage.PAYLOAD_BYTES_MAX);
    requireRange(
        "chunkStreamsMax",
        chunkStreamsMax,
        1,
        RawMessage.CHUNK_STREAM_ID_MAX - RawMessage.CHUNK_STREAM_ID_MIN + 1);
    requireRange("pendingBytesMax", pendingBytesMax, messageBytesMax, Integer.MAX_VALUE);
  }

  /** The limits described on the {@code DEFAULT_*} constants. */
  public static ChunkLimits defaults() {
    return new ChunkLimits(
        DEFAULT_CHUNK_SIZE_MAX,
        DEFAULT_MESSAGE_BYTES_MAX,
        DEFAULT_CHUNK_STREAMS_MAX,
        DEFAULT_PENDING_BYTES_MAX);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in " + min + ".." + max + " but was " + value);
    }
  }
}
