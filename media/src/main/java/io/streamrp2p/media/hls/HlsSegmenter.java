package io.streamrp2p.media.hls;

import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.NalUnit;
import io.streamrp2p.protocol.codec.Nalus;
import io.streamrp2p.protocol.codec.aac.Adts;
import io.streamrp2p.protocol.codec.aac.AudioSpecificConfig;
import io.streamrp2p.protocol.codec.avc.AvcDecoderConfigurationRecord;
import io.streamrp2p.protocol.codec.hevc.HevcDecoderConfigurationRecord;
import io.streamrp2p.protocol.flv.AudioTagHeader;
import io.streamrp2p.protocol.flv.VideoTagHeader;
import io.streamrp2p.protocol.hls.MediaPlaylist;
import io.streamrp2p.protocol.mpegts.ByteSlice;
import io.streamrp2p.protocol.mpegts.TsBuffer;
import io.streamrp2p.protocol.mpegts.TsMuxer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.util.ByteString;

/**
 * Cuts one live stream into MPEG-TS segments and keeps the playlist. A segment is cut at a video
 * keyframe once it is at least the target duration long (audio-only streams cut on any audio
 * frame). The playlist's TARGETDURATION is chosen when the first segment is complete, as the larger
 * of the configured target and that segment's length, and never changes: should a later GOP run
 * past it, the segment is cut before the next frame even without a keyframe, so no segment breaks
 * the promise players rely on. A publisher reconnect or a codec change closes the segment and marks
 * the next one with EXT-X-DISCONTINUITY; MEDIA-SEQUENCE never resets.
 *
 * <p>Not thread-safe: one stream consumer drives it; readers see {@link Snapshot}s.
 */
final class HlsSegmenter {
  /** What HTTP readers see: the playlist text and the segments it names. */
  record Snapshot(String playlist, Map<String, ByteString> segments) {}

  private static final Snapshot EMPTY = new Snapshot(null, Map.of());

  /** A frame's length when no earlier frame tells: 33 ms (30 fps). */
  private static final long FRAME_GUESS_MS = 33;

  /** EXTINF is compared with TARGETDURATION after rounding to the nearest second. */
  private static final long EXTINF_ROUNDING_MS = 499;

  /** Segments that left the playlist but are still served, for clients a playlist behind. */
  private static final int RETIRED_SEGMENTS_KEPT = 3;

  private static final int TS_BUFFER_INITIAL = 256 * 1024;

  /** Samples in one AAC frame (AAC-LC, and the core of HE-AAC). */
  private static final long AAC_FRAME_SAMPLES = 1024;

  /**
   * How far counted audio time may stray from the millisecond timestamps before the count is
   * re-anchored: rounding alone is within 1 ms, a lost or inserted frame is over 20 ms.
   */
  private static final long AUDIO_RESYNC_90K = 3 * 90;

  private final long targetMs;
  private final int window;
  private final int segmentBytesMax;
  private final Map<String, ByteString> segments = new LinkedHashMap<>();
  private final ArrayDeque<String> retired = new ArrayDeque<>();
  private final String name;
  private long lastVideoMs = -1;
  private volatile Snapshot snapshot = EMPTY;
  private final CompletableFuture<Snapshot> firstPlaylist = new CompletableFuture<>();
  private MediaPlaylist playlist;
  private TsMuxer muxer;
  private TsMuxer.VideoCodec videoCodec = TsMuxer.VideoCodec.NONE;
  private List<ByteSlice> parameterSets;
  private int nalLengthSize = 4;
  private AudioSpecificConfig audioConfig;
  private boolean audioSeen;

  /** Audio clock: PTS of the frame that started it, and AAC frames written since (see below). */
  private long audioAnchor90k = -1;

  private long audioFramesSinceAnchor;
  private TsBuffer current;
  private long segmentStartMs;
  private long lastTimestampMs;
  private long nextSequence;
  private boolean discontinuity;
  private int publishSession = -1;

  /**
   * @param name prefix of segment names, unique per stream life (a stream that goes live again must
   *     not reuse the names of segments caches may still hold)
   */
  HlsSegmenter(String name, long targetMs, int window, long segmentBytesMax) {
    this.name = name;
    this.targetMs = targetMs;
    this.window = window;
    this.segmentBytesMax = (int) Math.min(Integer.MAX_VALUE - 8, segmentBytesMax);
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /** Completes when the first playlist is published (at the first segment's end). */
  CompletableFuture<Snapshot> firstPlaylist() {
    return firstPlaylist;
  }

  /** Feeds one tag; a change of publisher session marks a discontinuity. */
  void onTag(MediaTag tag) {
    int session = tag.publishSession();
    if (publishSession >= 0 && session != publishSession && current != null) {
      closeSegment(lastTimestampMs + frameGuessMs());
      discontinuity = true;
    }
    publishSession = session;
    try {
      switch (tag.kind()) {
        case VIDEO -> onVideo(tag);
        case AUDIO -> onAudio(tag);
        default -> {}
      }
    } catch (ProtocolException | IllegalArgumentException | IllegalStateException e) {
      // One undecodable tag must not end HLS for everyone: skip it, keep the stream going.
      return;
    }
  }

  /** The stream ended: close the last segment and write ENDLIST. */
  void end() {
    if (current != null) {
      closeSegment(lastTimestampMs + frameGuessMs());
    }
    if (playlist != null) {
      playlist.end();
      publish();
    }
  }

  private void onVideo(MediaTag tag) {
    byte[] body = tag.body();
    VideoTagHeader h = VideoTagHeader.decode(body);
    int payloadAt = h.headerLength();
    if (h.isSequenceHeader()) {
      onVideoConfig(h, body, payloadAt);
      return;
    }
    if (!h.isCodedFrames() || muxer == null || videoCodec == TsMuxer.VideoCodec.NONE) {
      return;
    }
    boolean key = tag.keyframe();
    long ts = tag.timestampMs();
    if (current == null && !key) {
      return; // a segment starts on a keyframe
    }
    maybeCut(ts, key, lastVideoMs < 0 ? FRAME_GUESS_MS : Math.max(1, ts - lastVideoMs));
    lastVideoMs = ts;
    List<NalUnit> units =
        Nalus.splitLengthPrefixed(
            body,
            payloadAt,
            body.length - payloadAt,
            nalLengthSize,
            Nalus.NALUS_PER_ACCESS_UNIT_MAX);
    if (units.isEmpty()) {
      return;
    }
    List<ByteSlice> slices = new ArrayList<>(units.size());
    for (NalUnit u : units) {
      slices.add(new ByteSlice(u.buffer(), u.offset(), u.length()));
    }
    long cts = h.hasCompositionTime() ? h.compositionTime() : 0;
    long dts90k = ts * 90;
    muxer.writeVideo(current, dts90k, dts90k + Math.max(0, cts) * 90, key, slices);
    lastTimestampMs = ts;
  }

  private void onVideoConfig(VideoTagHeader h, byte[] body, int at) {
    int len = body.length - at;
    TsMuxer.VideoCodec codec;
    List<byte[]> sets = new ArrayList<>();
    if (h.codecId() == VideoTagHeader.CODEC_AVC || h.fourCc() == VideoTagHeader.FOURCC_AVC1) {
      AvcDecoderConfigurationRecord r = AvcDecoderConfigurationRecord.parse(body, at, len);
      sets.addAll(r.sps());
      sets.addAll(r.pps());
      nalLengthSize = r.lengthSize();
      codec = TsMuxer.VideoCodec.H264;
    } else if (h.codecId() == VideoTagHeader.CODEC_HEVC
        || h.fourCc() == VideoTagHeader.FOURCC_HVC1) {
      HevcDecoderConfigurationRecord r = HevcDecoderConfigurationRecord.parse(body, at, len);
      sets.addAll(r.vps()); // other arrays (SEI) are not parameter sets
      sets.addAll(r.sps());
      sets.addAll(r.pps());
      nalLengthSize = r.lengthSize();
      codec = TsMuxer.VideoCodec.HEVC;
    } else {
      return; // a codec HLS over MPEG-TS does not carry here
    }
    List<ByteSlice> slices = sets.stream().map(ByteSlice::of).toList();
    if (codec != videoCodec) {
      videoCodec = codec;
      restartMuxer();
    }
    parameterSets = slices;
    muxer.setParameterSets(slices);
  }

  private void onAudio(MediaTag tag) {
    byte[] body = tag.body();
    AudioTagHeader h = AudioTagHeader.decode(body);
    if (h.soundFormat() != AudioTagHeader.FORMAT_AAC) {
      return;
    }
    int at = h.headerLength();
    if (h.packetType() == AudioTagHeader.AAC_SEQUENCE_HEADER) {
      audioConfig = AudioSpecificConfig.parse(body, at, body.length - at);
      if (!audioSeen) {
        audioSeen = true;
        restartMuxer();
      }
      return;
    }
    if (audioConfig == null || muxer == null) {
      return;
    }
    long ts = tag.timestampMs();
    if (videoCodec == TsMuxer.VideoCodec.NONE) {
      maybeCut(ts, true, FRAME_GUESS_MS);
    } else if (current == null) {
      return; // wait for the first video keyframe
    }
    int raw = body.length - at;
    byte[] frame = new byte[Adts.HEADER_BYTES + raw];
    System.arraycopy(Adts.header(audioConfig, raw), 0, frame, 0, Adts.HEADER_BYTES);
    System.arraycopy(body, at, frame, Adts.HEADER_BYTES, raw);
    muxer.writeAudio(current, audioPts90k(ts), List.of(ByteSlice.of(frame)));
    lastTimestampMs = Math.max(lastTimestampMs, ts);
  }

  /**
   * The PTS of the next AAC frame. RTMP timestamps are whole milliseconds, so frames of 1024
   * samples (23.22 ms at 44.1 kHz) arrive 23 or 24 ms apart; written as they are, a player that
   * re-times them sees jitter (ffmpeg's null output then reports non-increasing video DTS when
   * audio leads video by exactly half a frame). Frames are counted from an anchor instead, at the
   * sample rate, as long as the count stays within {@link #AUDIO_RESYNC_90K} of the timestamps; a
   * gap, a new session or a clock that drifts re-anchors on the timestamp.
   */
  private long audioPts90k(long timestampMs) {
    long measured = timestampMs * 90;
    int rate = audioConfig.sampleRate();
    if (audioAnchor90k >= 0 && rate > 0) {
      long predicted = audioAnchor90k + audioFramesSinceAnchor * AAC_FRAME_SAMPLES * 90_000L / rate;
      if (Math.abs(measured - predicted) <= AUDIO_RESYNC_90K) {
        audioFramesSinceAnchor++;
        return predicted;
      }
    }
    audioAnchor90k = measured;
    audioFramesSinceAnchor = 1;
    return measured;
  }

  private void restartMuxer() {
    audioAnchor90k = -1;
    if (current != null) {
      closeSegment(lastTimestampMs + frameGuessMs());
      discontinuity = true;
    }
    TsMuxer.AudioCodec audio = audioSeen ? TsMuxer.AudioCodec.AAC_ADTS : TsMuxer.AudioCodec.NONE;
    if (videoCodec == TsMuxer.VideoCodec.NONE && audio == TsMuxer.AudioCodec.NONE) {
      muxer = null;
      return;
    }
    muxer = new TsMuxer(new TsMuxer.Config(videoCodec, audio));
    if (parameterSets != null && videoCodec != TsMuxer.VideoCodec.NONE) {
      muxer.setParameterSets(parameterSets);
    }
  }

  /**
   * Closes the segment before the frame at {@code ts} when it is due (a keyframe after the target),
   * would otherwise outgrow the playlist's TARGETDURATION once this frame of about {@code frameMs}
   * is added, or is large.
   */
  private void maybeCut(long ts, boolean key, long frameMs) {
    if (current != null) {
      long length = ts - segmentStartMs;
      boolean due = key && length >= targetMs;
      boolean overdue =
          playlist != null
              && length + frameMs > playlist.targetDurationSeconds() * 1000L + EXTINF_ROUNDING_MS;
      boolean full = current.length() > segmentBytesMax / 2;
      if (due || overdue || full) {
        closeSegment(ts);
      }
    }
    if (current == null) {
      current = new TsBuffer(TS_BUFFER_INITIAL, segmentBytesMax);
      muxer.startSegment(current);
      segmentStartMs = ts;
    }
  }

  private void closeSegment(long endMs) {
    TsBuffer done = current;
    current = null;
    long durationMs = Math.max(1, endMs - segmentStartMs);
    if (playlist == null) {
      int target = (int) Math.max(Math.round(targetMs / 1000.0), (durationMs + 999) / 1000);
      playlist = new MediaPlaylist(Math.max(1, target), window);
    }
    String uri = name + "-" + nextSequence++ + ".ts";
    playlist
        .addSegment(uri, durationMs * 1000, discontinuity)
        .ifPresent(
            gone -> {
              // Clients that read the playlist just before may still ask for it (RFC 8216 6.2.2).
              retired.add(gone.uri());
              if (retired.size() > RETIRED_SEGMENTS_KEPT) {
                segments.remove(retired.remove());
              }
            });
    segments.put(uri, ByteString.fromArray(done.array(), 0, done.length()));
    discontinuity = false;
    publish();
  }

  private void publish() {
    snapshot = new Snapshot(playlist.render(), Map.copyOf(segments));
    firstPlaylist.complete(snapshot);
  }

  private static long frameGuessMs() {
    return FRAME_GUESS_MS;
  }
}
