package io.streamrp2p.protocol.codec.avc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.codec.FixtureWalkers;
import io.streamrp2p.protocol.codec.NalUnit;
import io.streamrp2p.protocol.codec.Nalus;
import io.streamrp2p.protocol.testing.FfTools;
import io.streamrp2p.protocol.testing.ProbedFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AVC record and SPS in an ffmpeg-written FLV, checked against ffprobe. */
class AvcConfigIT {
  private static final Map<Integer, String> PROFILE_NAMES =
      Map.of(66, "Baseline", 77, "Main", 88, "Extended", 100, "High");

  @TempDir Path dir;

  @Test
  void parse_ffmpegFlvSequenceHeader_agreesWithFfprobe() throws Exception {
    ProbedFixture flv = ProbedFixture.of("h264_aac.flv", dir, "v:0");
    byte[] bytes = FixtureWalkers.flvAvcSequenceHeader(flv.bytes());

    AvcDecoderConfigurationRecord record = AvcDecoderConfigurationRecord.parse(bytes);
    AvcSps sps = SpsParser.parse(record.sps().get(0));

    assertThat(record.encode()).isEqualTo(bytes);
    assertThat(sps.width()).isEqualTo(flv.integer("width"));
    assertThat(sps.height()).isEqualTo(flv.integer("height"));
    assertThat(PROFILE_NAMES.get(sps.profileIdc())).isEqualTo(flv.text("profile"));
    assertThat(sps.levelIdc()).isEqualTo(flv.integer("level"));
    assertThat(record.profileIndication()).isEqualTo(sps.profileIdc());
    assertThat(record.levelIndication()).isEqualTo(sps.levelIdc());
    assertThat(sps.nominalFrameRate()).hasValue(rate(flv.text("r_frame_rate")));
  }

  @Test
  void splitAnnexB_ffmpegByteStream_findsTheRecordsParameterSets() throws Exception {
    Path flv = FfTools.fixture("h264_aac.flv", dir);
    byte[] stream =
        FfTools.convert(
            flv,
            dir.resolve("out.h264"),
            "-an",
            "-c:v",
            "copy",
            "-bsf:v",
            "h264_mp4toannexb",
            "-f",
            "h264");
    AvcDecoderConfigurationRecord record =
        AvcDecoderConfigurationRecord.parse(
            FixtureWalkers.flvAvcSequenceHeader(Files.readAllBytes(flv)));

    List<NalUnit> nalUnits = Nalus.splitAnnexB(stream, 0, stream.length, Integer.MAX_VALUE);

    assertThat(nalUnits).contains(NalUnit.of(record.sps().get(0)), NalUnit.of(record.pps().get(0)));
    assertThat(nalUnits).anyMatch(n -> n.avcType() == 5); // IDR slice
    assertThat(nalUnits).allMatch(n -> (n.buffer()[n.offset()] & 0x80) == 0);
  }

  private static double rate(String fraction) {
    String[] parts = fraction.split("/");
    return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
  }
}
