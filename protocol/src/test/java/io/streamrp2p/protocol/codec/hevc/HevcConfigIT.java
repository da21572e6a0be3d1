package io.streamrp2p.protocol.codec.hevc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.codec.FfProbe;
import io.streamrp2p.protocol.codec.FixtureWalkers;
import io.streamrp2p.protocol.testing.FfTools;
import java.nio.file.Files;
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
    Path mp4 = FfTools.fixture("hevc.mp4", dir);
    byte[] bytes = FixtureWalkers.mp4HvcC(Files.readAllBytes(mp4));
    Map<String, String> probe = FfProbe.stream(mp4, "v:0");

    HevcDecoderConfigurationRecord record = HevcDecoderConfigurationRecord.parse(bytes);
    HevcSps sps = HevcSps.parse(record.sps().get(0));

    assertThat(record.encode()).isEqualTo(bytes);
    assertThat(sps.width()).isEqualTo(Integer.parseInt(probe.get("width")));
    assertThat(sps.height()).isEqualTo(Integer.parseInt(probe.get("height")));
    assertThat(PROFILE_NAMES.get(sps.generalProfileIdc())).isEqualTo(probe.get("profile"));
    assertThat(sps.generalLevelIdc()).isEqualTo(Integer.parseInt(probe.get("level")));
    assertThat(record.generalProfileIdc()).isEqualTo(sps.generalProfileIdc());
    assertThat(record.generalLevelIdc()).isEqualTo(sps.generalLevelIdc());
    assertThat(record.chromaFormatIdc()).isEqualTo(sps.chromaFormatIdc());
  }
}
