package io.streamrp2p.media.hls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A playlist fetched with a query (a viewer ticket) hands the same query to its segments. */
class PlaylistQueryTest {
  private static final String PLAYLIST =
      "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n"
          + "#EXTINF:2.000,\nabc-7.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nabc-8.ts\n";

  @Test
  void withQuery_appendsTheQueryToEverySegmentUri_andNothingElse() {
    assertThat(HlsService.withQuery(PLAYLIST, "t=v1.abc.def"))
        .isEqualTo(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n"
                + "#EXTINF:2.000,\nabc-7.ts?t=v1.abc.def\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\n"
                + "abc-8.ts?t=v1.abc.def\n");
  }

  @Test
  void withQuery_noQuery_leavesThePlaylistAsItIs() {
    assertThat(HlsService.withQuery(PLAYLIST, "")).isSameAs(PLAYLIST);
  }
}
