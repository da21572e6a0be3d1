package io.streamrp2p.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.testing.FfTools;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader against ffprobe on an ffmpeg-written file (H.264 High with B-frames, AAC LC). */
class FlvFixtureIT {
  static final String FIXTURE = "h264_aac.flv";

  /** One media packet as ffprobe reports it; tag offsets in bytes, times in milliseconds. */
  record Packet(String codecType, long pts, long dts, boolean key, long pos) {}

  @TempDir Path dir;

  @Test
  void poll_ffmpegFixture_packetsMatchFfprobe() {
    List<Packet> ours = packetsOf(FfTools.fixtureBytes(FIXTURE));
    List<Packet> theirs = ffprobePackets(FfTools.fixture(FIXTURE, dir));

    assertThat(ours).containsExactlyElementsOf(theirs);
    assertThat(ours).filteredOn(p -> p.codecType().equals("video")).hasSize(75);
    assertThat(ours).filteredOn(p -> p.codecType().equals("audio")).hasSize(131);
    assertThat(videoKeyPositions(ours))
        .isEqualTo(videoKeyPositions(theirs))
        .hasSize(3); // the fixture was encoded with a keyframe every second: at 0, 1 and 2 s
  }

  @Test
  void poll_ffmpegFixture_framingAndCodecHeaders() {
    byte[] file = FfTools.fixtureBytes(FIXTURE);
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(file);
    FlvHeader header = (FlvHeader) reader.poll(in);
    List<FlvTag> tags = readAll(reader, in);

    assertThat(header).isEqualTo(FlvHeader.of(true, true));
    assertThat(in.hasRemaining()).isFalse();
    assertThat(reader.atTagBoundary()).isTrue();
    assertThat(tags.get(0).isScript()).isTrue();
    List<VideoTagHeader> video =
        tags.stream().filter(FlvTag::isVideo).map(t -> VideoTagHeader.decode(t.body())).toList();
    assertThat(video.get(0).isSequenceHeader()).isTrue();
    assertThat(video.get(0).isKeyFrame()).isTrue();
    assertThat(video.get(video.size() - 1).isEndOfSequence()).isTrue();
    assertThat(video).allMatch(v -> v.codecId() == VideoTagHeader.CODEC_AVC && !v.exHeader());
    List<AudioTagHeader> audio =
        tags.stream().filter(FlvTag::isAudio).map(t -> AudioTagHeader.decode(t.body())).toList();
    assertThat(audio.get(0).isSequenceHeader()).isTrue();
    // AAC in FLV is always signalled as 44 kHz (3), 16-bit (1), stereo (1), E.4.2.1.
    assertThat(audio)
        .allMatch(
            a ->
                a.soundFormat() == AudioTagHeader.FORMAT_AAC
                    && a.soundRate() == 3
                    && a.soundSize() == 1
                    && a.soundType() == 1);
  }

  /** Media packets as ffprobe sees them: no script tags, sequence headers or end markers. */
  static List<Packet> packetsOf(byte[] file) {
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(file);
    reader.poll(in);
    List<Packet> packets = new ArrayList<>();
    while (true) {
      FlvTag tag = (FlvTag) reader.poll(in);
      if (tag == null) {
        return packets;
      }
      // ffprobe's pos is the offset of the tag's first byte; the reader has just passed its end.
      long pos = reader.position() - FlvTag.HEADER_LENGTH - tag.body().length;
      packetOf(tag, pos).ifPresent(packets::add);
    }
  }

  private static Optional<Packet> packetOf(FlvTag tag, long pos) {
    long dts = tag.timestamp();
    if (tag.isVideo()) {
      VideoTagHeader v = VideoTagHeader.decode(tag.body());
      return v.isCodedFrames()
          ? Optional.of(new Packet("video", dts + v.compositionTime(), dts, v.isKeyFrame(), pos))
          : Optional.empty();
    }
    if (tag.isAudio()) {
      AudioTagHeader a = AudioTagHeader.decode(tag.body());
      return a.isSequenceHeader()
          ? Optional.empty()
          : Optional.of(new Packet("audio", dts, dts, true, pos));
    }
    return Optional.empty();
  }

  private static List<Long> videoKeyPositions(List<Packet> packets) {
    return packets.stream()
        .filter(p -> p.key() && p.codecType().equals("video"))
        .map(Packet::pos)
        .toList();
  }

  static List<FlvTag> readAll(FlvReader reader, ByteBuffer in) {
    List<FlvTag> tags = new ArrayList<>();
    for (FlvUnit unit = reader.poll(in); unit != null; unit = reader.poll(in)) {
      tags.add((FlvTag) unit);
    }
    return tags;
  }

  static List<Packet> ffprobePackets(Path file) {
    String csv =
        FfTools.ffprobe(
                "-v",
                "error",
                "-show_entries",
                "packet=codec_type,pts,dts,flags,pos",
                "-of",
                "csv=p=0",
                file.toString())
            .requireSuccess()
            .stdout();
    List<Packet> packets = new ArrayList<>();
    for (String line : csv.strip().split("\n")) {
      // Fields come in ffprobe's order: codec_type, pts, dts, pos, flags.
      String[] f = line.strip().split(",");
      packets.add(
          new Packet(
              f[0],
              Long.parseLong(f[1]),
              Long.parseLong(f[2]),
              f[4].startsWith("K"),
              Long.parseLong(f[3])));
    }
    return packets;
  }
}
