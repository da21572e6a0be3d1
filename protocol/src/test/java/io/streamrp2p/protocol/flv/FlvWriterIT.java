package io.streamrp2p.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.testing.FfTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by {@link FlvWriter} as ffprobe and ffmpeg read them. */
class FlvWriterIT {
  /**
   * Shift for the rebuilt file: the first tag lands 1.5 s before 2^24 ms, so timestamps cross into
   * TimestampExtended mid-file, where a writer that drops the upper byte jumps back 4.6 h.
   */
  static final long TIMESTAMP_SHIFT = (1L << 24) - 1500;

  @TempDir Path dir;

  @Test
  void encodeTag_fixtureTagsReencoded_identicalBytesAndCleanForFfmpeg() throws IOException {
    byte[] fixture = FfTools.fixtureBytes(FlvFixtureIT.FIXTURE);
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(fixture);
    FlvHeader header = (FlvHeader) reader.poll(in);
    List<FlvTag> tags = FlvFixtureIT.readAll(reader, in);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(FlvWriter.encodeHeader(header));
    tags.forEach(t -> out.writeBytes(FlvWriter.encodeTag(t)));
    Path file = write("reencoded.flv", out.toByteArray());

    assertThat(out.toByteArray()).isEqualTo(fixture);
    assertCleanForFfmpeg(file);
  }

  @Test
  void encodeTag_newFileFromFixtureTagsWithShiftedTimestamps_ffprobeSeesShiftedPackets()
      throws IOException {
    byte[] fixture = FfTools.fixtureBytes(FlvFixtureIT.FIXTURE);
    FlvReader reader = new FlvReader();
    ByteBuffer in = ByteBuffer.wrap(fixture);
    reader.poll(in);
    List<FlvTag> media =
        FlvFixtureIT.readAll(reader, in).stream().filter(t -> !t.isScript()).toList();

    // Built the way the hub serves HTTP-FLV: the header, then every tag encoded once into one
    // exactly sized array at an offset, no script tag.
    byte[] header = FlvWriter.encodeHeader(FlvHeader.of(true, true));
    int size = header.length + media.stream().mapToInt(FlvTag::encodedSize).sum();
    byte[] built = new byte[size];
    System.arraycopy(header, 0, built, 0, header.length);
    int offset = header.length;
    for (FlvTag t : media) {
      byte[] body = t.body();
      long timestamp = t.timestamp() + TIMESTAMP_SHIFT;
      offset += FlvWriter.encodeTag(t.tagType(), timestamp, body, 0, body.length, built, offset);
    }
    Path file = write("rebuilt.flv", built);

    assertThat(offset).isEqualTo(size);
    assertCleanForFfmpeg(file);
    List<FlvFixtureIT.Packet> expected =
        FlvFixtureIT.ffprobePackets(FfTools.fixture(FlvFixtureIT.FIXTURE, dir)).stream()
            .map(
                p ->
                    new FlvFixtureIT.Packet(
                        p.codecType(),
                        p.pts() + TIMESTAMP_SHIFT,
                        p.dts() + TIMESTAMP_SHIFT,
                        p.key(),
                        0))
            .toList();
    List<FlvFixtureIT.Packet> actual =
        FlvFixtureIT.ffprobePackets(file).stream()
            .map(p -> new FlvFixtureIT.Packet(p.codecType(), p.pts(), p.dts(), p.key(), 0))
            .toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static void assertCleanForFfmpeg(Path file) {
    FfTools.Result probe =
        FfTools.ffprobe("-v", "warning", "-show_packets", file.toString()).requireSuccess();
    assertThat(probe.stderr()).isEmpty();
    FfTools.Result decode =
        FfTools.ffmpeg("-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-")
            .requireSuccess();
    assertThat(decode.stderr()).isEmpty();
  }
}
