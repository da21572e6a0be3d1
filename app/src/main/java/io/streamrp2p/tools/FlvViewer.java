package io.streamrp2p.tools;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * One HTTP-FLV viewer of the load tool: an incremental parser for an HTTP/1.1 response (status line
 * and headers, then a chunked or identity body) whose body is an FLV stream, and the viewer's
 * measurements. Bytes are fed as they arrive, in any split; nothing of a tag body is copied: only
 * the 11-byte tag header and the first two body bytes (frame type and packet type) are kept, so a
 * viewer costs a few hundred bytes however large the tags are.
 *
 * <p>A 301, 302, 307 or 308 response is followed: the viewer stops parsing, {@link #takeRedirect}
 * hands its owner the URL to request next, and the same viewer parses the next response, so time to
 * first frame still counts from the first request.
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

  /**
   * Redirects a viewer follows before it fails. The hub sends a viewer to a friend node in one hop;
   * a node that is full or draining may send it back or on, a second; a third leaves room for a
   * proxy in front. More is a loop or a misrouting, not load worth measuring, and each hop adds a
   * connection set-up to what the viewer waits for.
   */
  static final int REDIRECTS_MAX = 3;

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
    REDIRECT,
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

  private URI url;
  private int redirects;
  private URI redirect;
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

  /** Bytes received on the current connection, response head included. */
  long bytesReceived;

  long firstKeyframeNanos = -1;
  private long firstWallNanos;
  private long firstTs;
  private long lastTs;
  private long minLagMs = Long.MAX_VALUE;
  long maxBehindMs;

  /**
   * @param url what the viewer requests first
   * @param connectNanos when it does, the start of its time to first frame
   */
  FlvViewer(int id, URI url, long connectNanos, TagListener listener) {
    this.id = id;
    this.url = url;
    this.connectNanos = connectNanos;
    this.listener = listener;
  }

  /** What the viewer requests now: its first URL, or where the last redirect sent it. */
  URI url() {
    return url;
  }

  /** The server of {@link #url()} as {@code host:port}, host in lower case, port 80 by default. */
  String target() {
    return url.getHost().toLowerCase(Locale.ROOT) + ":" + (url.getPort() < 0 ? 80 : url.getPort());
  }

  int redirects() {
    return redirects;
  }

  /**
   * After a redirect response: the URL to request next, and the viewer is ready to parse the
   * response from there (its owner closes the old connection and opens one to it). Otherwise null.
   */
  URI takeRedirect() {
    if (redirect == null) {
      return null;
    }
    url = redirect;
    redirect = null;
    http = Http.HEAD;
    head = new byte[512];
    headLength = 0;
    bytesReceived = 0;
    return url;
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
        case REDIRECT -> in.position(in.limit()); // the body of a redirect is for people
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
        head = Arrays.copyOf(head, Math.min(HEAD_BYTES_MAX, head.length * 2));
      }
      head[headLength++] = in.get();
      if (endsHead()) {
        onHead(HttpResponseHead.parse(head, headLength));
        head = null;
        return;
      }
    }
  }

  /** The empty line that ends a head: CRLF CRLF, or a bare LF for either (RFC 9112 2.2). */
  private boolean endsHead() {
    int n = headLength;
    return n >= 2
        && head[n - 1] == '\n'
        && (head[n - 2] == '\n' || (n >= 3 && head[n - 2] == '\r' && head[n - 3] == '\n'));
  }

  private void onHead(HttpResponseHead response) {
    if (response.isRedirect()) {
      URI next = response.location(url);
      if (++redirects > REDIRECTS_MAX) {
        throw new IllegalStateException(
            "more than " + REDIRECTS_MAX + " redirects, the last from " + target());
      }
      redirect = next;
      http = Http.REDIRECT;
      return;
    }
    if (response.status() != 200) {
      throw new IllegalStateException(
          ("HTTP status " + response.status() + " " + response.reason()).strip());
    }
    connected = true;
    http = response.chunked() ? Http.CHUNK_SIZE : Http.IDENTITY;
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
