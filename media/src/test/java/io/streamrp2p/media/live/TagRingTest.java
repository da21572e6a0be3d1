package io.streamrp2p.media.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TagRingTest {
  private long offset;

  private MediaTag tag(long sequence, int size) {
    MediaTag t =
        new MediaTag(
            MediaTag.Kind.VIDEO, sequence, sequence * 33, false, false, new byte[size], 1, offset);
    offset += size;
    return t;
  }

  @Test
  void append_largeTags_holdsNoMoreBytesThanTheBound() {
    TagRing ring = new TagRing(4096, 16L << 20);
    for (long s = 0; s < 100; s++) {
      ring.append(tag(s, 1 << 20));
      assertThat(ring.bytesHeld()).isLessThanOrEqualTo(16L << 20);
    }
    // Sixteen 1 MiB tags fit; the 84 before them are released, not merely unreachable.
    assertThat(ring.oldest()).isEqualTo(84);
    assertThat(ring.bytesHeld()).isEqualTo(16L << 20);
    assertThat(ring.get(83)).isNull();
    assertThat(ring.get(84).sequence()).isEqualTo(84);
    assertThat(ring.get(99).sequence()).isEqualTo(99);
  }

  @Test
  void append_tagLargerThanTheBound_keepsTheNewestTag() {
    TagRing ring = new TagRing(64, 1000);
    ring.append(tag(0, 10));
    ring.append(tag(1, 5000));
    assertThat(ring.oldest()).isEqualTo(1);
    assertThat(ring.get(1)).isNotNull();
    assertThat(ring.get(0)).isNull();
    ring.append(tag(2, 10));
    assertThat(ring.oldest()).isEqualTo(2);
    assertThat(ring.bytesHeld()).isEqualTo(10);
  }

  @Test
  void append_smallTags_countBoundStillApplies() {
    TagRing ring = new TagRing(64, 1L << 30);
    for (long s = 0; s < 200; s++) {
      ring.append(tag(s, 100));
    }
    assertThat(ring.oldest()).isEqualTo(136);
    assertThat(ring.get(135)).isNull();
    assertThat(ring.bytesHeld()).isEqualTo(64 * 100);
  }

  @Test
  void settings_ringSmallerThanTheGopCache_refused() {
    LiveSettings d = LiveSettings.defaults();
    assertThatThrownBy(
            () ->
                new LiveSettings(
                    d.gopCacheBytesMax(),
                    d.ringTags(),
                    d.gopCacheBytesMax() - 1,
                    d.viewerBytesMax(),
                    d.viewerDropsMax(),
                    d.audioWakeMsMax(),
                    d.takeoverSilence(),
                    d.reconnectGrace(),
                    d.jitter(),
                    d.jitterMsMax(),
                    d.wakeBudgetPerCore()))
        .hasMessageContaining("ring-bytes-max must be at least gop-cache-bytes-max");
  }
}
