package io.streamrp2p.tools;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP-FLV viewer of the load tool: an incremental parser for an HTTP/1.1 response (status line
 * and headers, then a chunked or identity body) whose body is an FLV stream, and the viewer's
 * measurements. Bytes are fed as they arrive, in any split; nothing of a tag body is copied: only
 * the 11-byte tag header and the first two body bytes (frame type and packet type) are kept, so a
 * viewer costs a few hundred bytes however large the tags are.
 *
 * <p>Stall rule: after the first keyframe, the viewer's lag is (wall time since then) - (stream
 * time since then). The lag is lowest right after the server's burst of cached tags; a viewer
 * stalls when its lag rises more than {@link #STALL_MS} above its lowest value so far, that is when
 * it falls more than a second behind its best position.
 */
final class FlvViewer {
  /** A viewer this far behind its best position has stalled (the yardsticks' definition). */
  static final long STALL_MS = 1000;

  /** Response headers larger than this are refused: a hub's are under 300 bytes. */
  static final int HEAD_BYTES_MAX = 8192;

  /** A chunk-size line longer than this is refused: 16 hex digits plus room for extensions. */
  static final int CHUNK_LINE_BYTES_MAX = 256;

  private static final int FLV_HEADER_BYTES = 9;
  private static final int TAG_HEADER_BYTES = 11;
  private static final int PREVIOUS_TAG_SIZE_BYTES = 4;

  /** Called for every whole audio or video tag. */
  interface TagListener {
    void tag(FlvViewer viewer, int tagType, long timestampMs, long arrivalNanos);
  }

  private enum Http {
    HEAD,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_CRLF,
    IDENTITY,
    DONE
  }

  private enum Flv {
    HEADER,
    SKIP,
    TAG_HEADER,
    BODY
  }

  final int id;
  final long connectNanos;
  private final TagListener listener;

  private Http http = Http.HEAD;
  private byte[] head = new byte[512];
  private int headLength;
  private long chunkRemaining;
  private int chunkLineBytes;
  private boolean chunkLineExtension;

  private Flv flv = Flv.HEADER;
  private final byte[] unit = new byte[TAG_HEADER_BYTES + 2];
  private int unitLength;
  private int unitNeeded = FLV_HEADER_BYTES;
  private long skipRemaining;
  private int tagType;
  private long tagTimestamp;
  private boolean keyframe;

  boolean connected;
  String failure;
  long bytesReceived;
  long firstKeyframeNanos = -1;
  private long firstWallNanos;
  private long firstTs;
  private long lastTs;
  private long minLagMs = Long.MAX_VALUE;
  long maxBehindMs;

  FlvViewer(int id, long connectNanos, TagListener listener) {
    this.id = id;
    this.connectNanos = connectNanos;
    this.listener = listener;
  }

  boolean hasFirstKeyframe() {
    return firstKeyframeNanos >= 0;
  }

  boolean stalled() {
    return maxBehindMs > STALL_MS;
  }

  /**
   * Consumes {@code in} (position to limit).
   *
   * @throws IllegalStateException with a description when the response is not an HTTP-FLV stream
   */
  void onBytes(ByteBuffer in, long nowNanos) {
    bytesReceived += in.remaining();
    while (in.hasRemaining()) {
      switch (http) {
        case HEAD -> head(in);
        case CHUNK_SIZE -> chunkSize(in);
        case CHUNK_DATA -> chunkRemaining -= body(in, chunkRemaining, nowNanos);
        case CHUNK_CRLF -> {
          if (in.get() == '\n') {
            http = Http.CHUNK_SIZE;
          }
        }
        case IDENTITY -> body(in, in.remaining(), nowNanos);
        case DONE -> throw new IllegalStateException("bytes after the last chunk");
      }
      if (http == Http.CHUNK_DATA && chunkRemaining == 0) {
        http = Http.CHUNK_CRLF;
      }
    }
  }

  /** Re-judges the lag between tags, so a viewer that receives nothing is seen to stall. */
  void checkLag(long nowNanos) {
    if (hasFirstKeyframe()) {
      lag(nowNanos, lastTs);
    }
  }

  private void head(ByteBuffer in) {
    while (in.hasRemaining()) {
      if (headLength == head.length) {
        if (head.length >= HEAD_BYTES_MAX) {
          throw new IllegalStateException("response headers exceed " + HEAD_BYTES_MAX + " bytes");
        }
        head = java.util.Arrays.copyOf(head, Math.min(HEAD_BYTES_MAX, head.length * 2));
      }
      head[headLength++] = in.get();
      if (headLength >= 4
          && head[headLength - 1] == '\n'
          && head[headLength - 2] == '\r'
          && head[headLength - 3] == '\n'
          && head[headLength - 4] == '\r') {
        parseHead(new String(head, 0, headLength, StandardCharsets.ISO_8859_1));
        head = null;
        return;
      }
    }
  }

  private void parseHead(String text) {
    String[] lines = text.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IllegalStateException("not an HTTP/1.x response: " + lines[0]);
    }
    if (!status[1].equals("200")) {
      throw new IllegalStateException("HTTP status " + lines[0].substring(status[0].length() + 1));
    }
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].toLowerCase(Locale.ROOT);
      chunked |= line.startsWith("transfer-encoding:") && line.contains("chunked");
    }
    connected = true;
    http = chunked ? Http.CHUNK_SIZE : Http.IDENTITY;
  }

  /** RFC 9112 7.1: chunk-size [; extensions] CRLF; size 0 is the last chunk. */
  private void chunkSize(ByteBuffer in) {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (++chunkLineBytes > CHUNK_LINE_BYTES_MAX) {
        throw new IllegalStateException("chunk-size line over " + CHUNK_LINE_BYTES_MAX + " bytes");
      }
      if (b == '\n') {
        http = chunkRemaining == 0 ? Http.DONE : Http.CHUNK_DATA;
        chunkLineBytes = 0;
        chunkLineExtension = false;
        return;
      }
      int digit = Character.digit(b, 16);
      if (b == ';') {
        chunkLineExtension = true;
      } else if (!chunkLineExtension && digit >= 0) {
        if (chunkRemaining >= 1L << 56) {
          throw new IllegalStateException("chunk size overflows");
        }
        chunkRemaining = chunkRemaining << 4 | digit;
      } else if (!chunkLineExtension && b != '\r' && b != ' ' && b != '\t') {
        throw new IllegalStateException("bad chunk-size byte " + (b & 0xFF));
      }
    }
  }

  /** Feeds up to {@code max} body bytes to the FLV parser; returns how many it took. */
  private long body(ByteBuffer in, long max, long nowNanos) {
    int end = (int) Math.min(in.limit(), in.position() + max);
    int start = in.position();
    while (in.position() < end) {
      if (flv == Flv.SKIP || flv == Flv.BODY) {
        int n = (int) Math.min(skipRemaining, end - in.position());
        in.position(in.position() + n);
        skipRemaining -= n;
        if (skipRemaining == 0) {
          endSkip(nowNanos);
        }
      } else {
        unit[unitLength++] = in.get();
        if (unitLength == unitNeeded) {
          endUnit(nowNanos);
        }
      }
    }
    return in.position() - start;
  }

  private void endUnit(long nowNanos) {
    if (flv == Flv.HEADER) {
      if (unit[0] != 'F' || unit[1] != 'L' || unit[2] != 'V') {
        throw new IllegalStateException("body is not FLV");
      }
      long dataOffset = u32(5);
      flv = Flv.SKIP;
      skipRemaining = Math.max(0, dataOffset - FLV_HEADER_BYTES) + PREVIOUS_TAG_SIZE_BYTES;
      return;
    }
    int size = (unit[1] & 0xFF) << 16 | (unit[2] & 0xFF) << 8 | (unit[3] & 0xFF);
    if (unitLength == TAG_HEADER_BYTES && size > 0) {
      unitNeeded = TAG_HEADER_BYTES + Math.min(2, size); // the frame and packet type bytes
      return;
    }
    tagType = unit[0] & 0x1F;
    tagTimestamp =
        ((unit[4] & 0xFFL) << 16
            | (unit[5] & 0xFFL) << 8
            | (unit[6] & 0xFFL)
            | (unit[7] & 0xFFL) << 24);
    keyframe = tagType == 9 && size > 0 && isCodedKeyframe(size);
    flv = Flv.BODY;
    skipRemaining = size - (unitLength - TAG_HEADER_BYTES);
    if (skipRemaining == 0) {
      endSkip(nowNanos); // the body was all in the header bytes: the tag is complete
    }
  }

  /** Legacy VIDEODATA (FrameType 1, AVCPacketType 1) or ExVideoTagHeader (FrameType 1, coded). */
  private boolean isCodedKeyframe(int size) {
    int b0 = unit[TAG_HEADER_BYTES] & 0xFF;
    if ((b0 & 0x80) != 0) {
      int packetType = b0 & 0x0F;
      return (b0 >> 4 & 0x07) == 1 && (packetType == 1 || packetType == 3);
    }
    int codec = b0 & 0x0F;
    boolean withPacketType = codec == 7 || codec == 12;
    return (b0 >> 4) == 1 && (!withPacketType || (size >= 2 && unit[TAG_HEADER_BYTES + 1] == 1));
  }

  private void endSkip(long nowNanos) {
    if (flv == Flv.BODY) {
      onTag(nowNanos);
      flv = Flv.SKIP;
      skipRemaining = PREVIOUS_TAG_SIZE_BYTES;
      return;
    }
    toTagHeader();
  }

  private void toTagHeader() {
    flv = Flv.TAG_HEADER;
    unitLength = 0;
    unitNeeded = TAG_HEADER_BYTES;
  }

  private void onTag(long nowNanos) {
    if (tagType != 8 && tagType != 9) {
      return;
    }
    if (!hasFirstKeyframe()) {
      if (!keyframe) {
        return;
      }
      firstKeyframeNanos = nowNanos - connectNanos;
      firstWallNanos = nowNanos;
      firstTs = tagTimestamp;
    }
    lastTs = Math.max(lastTs, tagTimestamp);
    lag(nowNanos, tagTimestamp);
    listener.tag(this, tagType, tagTimestamp, nowNanos);
  }

  private void lag(long nowNanos, long ts) {
    long lag = (nowNanos - firstWallNanos) / 1_000_000 - (ts - firstTs);
    minLagMs = Math.min(minLagMs, lag);
    maxBehindMs = Math.max(maxBehindMs, lag - minLagMs);
  }

  private long u32(int at) {
    return (unit[at] & 0xFFL) << 24
        | (unit[at + 1] & 0xFFL) << 16
        | (unit[at + 2] & 0xFFL) << 8
        | (unit[at + 3] & 0xFFL);
  }
}
