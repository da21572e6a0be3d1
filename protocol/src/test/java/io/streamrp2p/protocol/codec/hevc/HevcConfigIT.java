package io.streamrp2p.protocol.codec.hevc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.codec.FixtureWalkers;
import io.streamrp2p.protocol.testing.ProbedFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hvcC record and its SPS in an x265/ffmpeg MP4, checked against ffprobe. */
class HevcConfigIT {
  private static final Map<Integer, String> PROFILE_NAMES =
      Map.of(1, "Main", 2, "Main 10", 3, "Main Still Picture", 4, "Rext");

  @TempDir Path dir;

  @Test
  void parse_ffmpegMp4HvcC_agreesWithFfprobe() throws Exception {
    ProbedFixture mp4 = ProbedFixture.of("hevc.mp4", dir, "v:0");
    byte[] bytes = FixtureWalkers.mp4HvcC(mp4.bytes());

    HevcDecoderConfigurationRecord record = HevcDecoderConfigurationRecord.parse(bytes);
    HevcSps sps = HevcSps.parse(record.sps().get(0));

    assertThat(record.encode()).isEqualTo(bytes);
    assertThat(sps.width()).isEqualTo(mp4.integer("width"));
    assertThat(sps.height()).isEqualTo(mp4.integer("height"));
    assertThat(PROFILE_NAMES.get(sps.generalProfileIdc())).isEqualTo(mp4.text("profile"));
    assertThat(sps.generalLevelIdc()).isEqualTo(mp4.integer("level"));
    assertThat(record.generalProfileIdc()).isEqualTo(sps.generalProfileIdc());
    assertThat(record.generalLevelIdc()).isEqualTo(sps.generalLevelIdc());
    assertThat(record.chromaFormatIdc()).isEqualTo(sps.chromaFormatIdc());
  }
}
