package io.streamrp2p.protocol.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.streamrp2p.protocol.hls.MediaPlaylist.Segment;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MediaPlaylistTest {
  @Test
  void render_empty_writesHeaderOnly() {
    assertThat(new MediaPlaylist(2, 3).render())
        .isEqualTo(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:0
            """);
  }

  @Test
  void addSegment_pastWindow_slidesAndAdvancesMediaSequence() {
    MediaPlaylist playlist = new MediaPlaylist(4, 3);
    playlist.addSegment("s0.ts", 4_000_000, false);
    playlist.addSegment("s1.ts", 3_999_600, false); // renders 4.000
    playlist.addSegment("s2.ts", 3_120_000, false);

    Optional<Segment> dropped = playlist.addSegment("s3.ts", 2_000_499, false); // 2.000

    assertThat(dropped).contains(new Segment(0, "s0.ts", 4_000_000, false, null));
    assertThat(playlist.segments())
        .extracting(Segment::sequenceNumber, Segment::uri)
        .containsExactly(tuple(1L, "s1.ts"), tuple(2L, "s2.ts"), tuple(3L, "s3.ts"));
    assertThat(playlist.render())
        .isEqualTo(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:4
            #EXT-X-MEDIA-SEQUENCE:1
            #EXTINF:4.000,
            s1.ts
            #EXTINF:3.120,
            s2.ts
            #EXTINF:2.000,
            s3.ts
            """);
  }

  @Test
  void addSegment_discontinuitySlidesOut_incrementsDiscontinuitySequence() {
    MediaPlaylist playlist = new MediaPlaylist(2, 3);
    playlist.addSegment("a0.ts", 2_000_000, false);
    playlist.addSegment("b0.ts", 2_000_000, true); // publisher reconnected
    playlist.addSegment("b1.ts", 2_000_000, false);
    playlist.addSegment("c0.ts", 1_500_000, true);
    assertThat(playlist.discontinuitySequence()).isZero(); // a0 left, it had no tag

    playlist.addSegment("c1.ts", 2_000_000, false); // b0 and its tag leave

    assertThat(playlist.discontinuitySequence()).isEqualTo(1);
    assertThat(playlist.render())
        .isEqualTo(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:2
            #EXT-X-DISCONTINUITY-SEQUENCE:1
            #EXTINF:2.000,
            b1.ts
            #EXT-X-DISCONTINUITY
            #EXTINF:1.500,
            c0.ts
            #EXTINF:2.000,
            c1.ts
            """);
  }

  @Test
  void render_ended_appendsEndlistAndRejectsMoreSegments() {
    MediaPlaylist playlist = new MediaPlaylist(2, 3);
    playlist.addSegment("s0.ts", 2_000_000, false, Instant.parse("2024-05-01T12:00:00.040Z"));

    playlist.end();

    assertThat(playlist.render())
        .isEqualTo(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:00.040Z
            #EXTINF:2.000,
            s0.ts
            #EXT-X-ENDLIST
            """);
    assertThatThrownBy(() -> playlist.addSegment("s1.ts", 1_000_000, false))
        .isInstanceOf(IllegalStateException.class);
  }

  static Stream<Arguments> durationsAgainstTargetTwo() {
    return Stream.of(
        // name, duration in microseconds, accepted
        Arguments.of("exactly the target", 2_000_000L, true),
        Arguments.of("rounds down to the target", 2_499_000L, true),
        Arguments.of("renders 2.500, rounds up", 2_499_600L, false),
        Arguments.of("half a second over", 2_500_000L, false),
        Arguments.of("three seconds", 3_000_000L, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durationsAgainstTargetTwo")
  void addSegment_durationVersusTarget_rejectsWhenRoundedAbove(
      String name, long durationMicros, boolean accepted) {
    MediaPlaylist playlist = new MediaPlaylist(2, 3);

    if (accepted) {
      playlist.addSegment("s.ts", durationMicros, false);
      assertThat(playlist.segments()).hasSize(1);
    } else {
      assertThatThrownBy(() -> playlist.addSegment("s.ts", durationMicros, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("target duration 2");
      assertThat(playlist.segments()).isEmpty();
    }
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("empty uri", "", 1_000_000L),
        Arguments.of("uri with line break", "a.ts\n#EXT-X-ENDLIST", 1_000_000L),
        Arguments.of("uri looking like a tag", "#a.ts", 1_000_000L),
        Arguments.of("zero duration", "a.ts", 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void addSegment_badInput_throwsIllegalArgument(String name, String uri, long durationMicros) {
    assertThatThrownBy(() -> new MediaPlaylist(2, 3).addSegment(uri, durationMicros, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_windowBelowThree_throwsIllegalArgument() {
    assertThatThrownBy(() -> new MediaPlaylist(2, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MediaPlaylist(0, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
