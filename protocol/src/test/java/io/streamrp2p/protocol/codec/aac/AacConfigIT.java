package io.streamrp2p.protocol.codec.aac;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.codec.FixtureWalkers;
import io.streamrp2p.protocol.testing.FfTools;
import io.streamrp2p.protocol.testing.ProbedFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AAC config in an ffmpeg-written FLV and ffmpeg's ADTS output, checked against ffmpeg. */
class AacConfigIT {
  private static final Map<Integer, String> PROFILE_NAMES =
      Map.of(1, "Main", 2, "LC", 3, "SSR", 4, "LTP", 5, "HE-AAC");

  @TempDir Path dir;

  @Test
  void parse_ffmpegFlvSequenceHeader_agreesWithFfprobe() throws Exception {
    ProbedFixture flv = ProbedFixture.of("h264_aac.flv", dir, "a:0");
    byte[] bytes = FixtureWalkers.flvAacSequenceHeader(flv.bytes());

    AudioSpecificConfig config = AudioSpecificConfig.parse(bytes);

    assertThat(config.encode()).isEqualTo(bytes);
    assertThat(config.sampleRate()).isEqualTo(flv.integer("sample_rate"));
    assertThat(config.channels()).isEqualTo(flv.integer("channels"));
    assertThat(PROFILE_NAMES.get(config.audioObjectType())).isEqualTo(flv.text("profile"));
  }

  @Test
  void header_everyFrameOfFfmpegAdtsOutput_matchesByteForByte() throws Exception {
    Path flv = FfTools.fixture("h264_aac.flv", dir);
    byte[] stream =
        FfTools.convert(flv, dir.resolve("out.aac"), "-vn", "-c:a", "copy", "-f", "adts");
    AudioSpecificConfig config =
        AudioSpecificConfig.parse(FixtureWalkers.flvAacSequenceHeader(Files.readAllBytes(flv)));

    int frames = 0;
    for (int pos = 0; pos < stream.length; frames++) {
      Adts.Header header = Adts.parseHeader(stream, pos, stream.length - pos);
      byte[] ours = Adts.header(config, header.payloadLength());
      assertThat(Arrays.copyOfRange(stream, pos, pos + Adts.HEADER_BYTES))
          .as("frame %d", frames)
          .isEqualTo(ours);
      pos += header.frameLength();
    }
    assertThat(frames).isGreaterThan(10);
  }
}
