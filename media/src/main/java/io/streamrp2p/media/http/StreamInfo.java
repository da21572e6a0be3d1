package io.streamrp2p.media.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.aac.AudioSpecificConfig;
import io.streamrp2p.protocol.codec.avc.AvcDecoderConfigurationRecord;
import io.streamrp2p.protocol.codec.avc.AvcSps;
import io.streamrp2p.protocol.codec.avc.SpsParser;
import io.streamrp2p.protocol.codec.hevc.HevcDecoderConfigurationRecord;
import io.streamrp2p.protocol.codec.hevc.HevcSps;
import io.streamrp2p.protocol.flv.AudioTagHeader;
import io.streamrp2p.protocol.flv.FourCc;
import io.streamrp2p.protocol.flv.VideoTagHeader;
import java.time.Clock;
import java.time.Duration;

/** One stream as {@code GET /api/streams} shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StreamInfo(
    String name,
    String state,
    Video video,
    Audio audio,
    long bitrateKbps,
    int viewers,
    long uptimeSeconds,
    int publishSessions) {

  /** The video track: codec, picture size, measured frame rate. */
  record Video(String codec, Integer width, Integer height, double fps) {}

  /** The audio track. */
  record Audio(String codec, Integer sampleRate, Integer channels) {}

  static StreamInfo of(LiveStream s, Clock clock) {
    return new StreamInfo(
        s.name(),
        s.state().name().toLowerCase(java.util.Locale.ROOT),
        video(s.videoHeader(), Math.round(s.framesPerSecond() * 100) / 100.0),
        audio(s.audioHeader()),
        s.bitrateBps() / 1000,
        s.viewers(),
        Duration.between(s.createdAt(), clock.instant()).toSeconds(),
        s.publishSessions());
  }

  private static Video video(MediaTag header, double fps) {
    if (header == null) {
      return null;
    }
    byte[] body = header.body();
    try {
      VideoTagHeader h = VideoTagHeader.decode(body);
      int at = h.headerLength();
      if (h.codecId() == VideoTagHeader.CODEC_AVC || h.fourCc() == VideoTagHeader.FOURCC_AVC1) {
        AvcDecoderConfigurationRecord r =
            AvcDecoderConfigurationRecord.parse(body, at, body.length - at);
        AvcSps sps = SpsParser.parse(r.sps().get(0));
        return new Video("h264", sps.width(), sps.height(), fps);
      }
      if (h.codecId() == VideoTagHeader.CODEC_HEVC || h.fourCc() == VideoTagHeader.FOURCC_HVC1) {
        HevcDecoderConfigurationRecord r =
            HevcDecoderConfigurationRecord.parse(body, at, body.length - at);
        HevcSps sps = HevcSps.parse(r.sps().get(0));
        return new Video("hevc", sps.width(), sps.height(), fps);
      }
      return new Video(
          h.exHeader() ? FourCc.toString(h.fourCc()) : "codec-" + h.codecId(), null, null, fps);
    } catch (ProtocolException | IndexOutOfBoundsException e) {
      return new Video("unknown", null, null, fps);
    }
  }

  private static Audio audio(MediaTag header) {
    if (header == null) {
      return null;
    }
    byte[] body = header.body();
    try {
      AudioTagHeader h = AudioTagHeader.decode(body);
      if (h.soundFormat() == AudioTagHeader.FORMAT_AAC) {
        int at = h.headerLength();
        AudioSpecificConfig asc = AudioSpecificConfig.parse(body, at, body.length - at);
        return new Audio("aac", asc.sampleRate(), asc.channels());
      }
      return new Audio("format-" + h.soundFormat(), null, null);
    } catch (ProtocolException e) {
      return new Audio("unknown", null, null);
    }
  }
}
