package io.streamrp2p.hub.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.hub.live.MediaTag.Kind;
import org.junit.jupiter.api.Test;

class GopCacheTest {
  private long sequence;

  private MediaTag key(int size) {
    return new MediaTag(Kind.VIDEO, sequence++, sequence * 33, true, false, new byte[size]);
  }

  private MediaTag inter(int size) {
    return new MediaTag(Kind.VIDEO, sequence++, sequence * 33, false, false, new byte[size]);
  }

  private MediaTag audio(int size) {
    return new MediaTag(Kind.AUDIO, sequence++, sequence * 33, false, false, new byte[size]);
  }

  private MediaTag header(Kind kind) {
    return new MediaTag(kind, sequence++, 0, false, true, new byte[10]);
  }

  @Test
  void add_beforeFirstKeyframe_cachesNothing() {
    GopCache gop = new GopCache(1000);
    gop.add(inter(10));
    gop.add(audio(10));
    assertThat(gop.before(Long.MAX_VALUE)).isEmpty();
    assertThat(gop.bytes()).isZero();
  }

  @Test
  void add_keyframeThenFrames_cachesFromTheKeyframe() {
    GopCache gop = new GopCache(1000);
    gop.add(inter(10));
    MediaTag k = key(100);
    MediaTag a = audio(10);
    MediaTag p = inter(20);
    gop.add(k);
    gop.add(a);
    gop.add(p);
    assertThat(gop.before(Long.MAX_VALUE)).containsExactly(k, a, p);
    assertThat(gop.bytes()).isEqualTo(130);
  }

  @Test
  void add_nextKeyframe_startsANewGop() {
    GopCache gop = new GopCache(1000);
    gop.add(key(100));
    gop.add(inter(20));
    MediaTag k2 = key(100);
    gop.add(k2);
    assertThat(gop.before(Long.MAX_VALUE)).containsExactly(k2);
    assertThat(gop.bytes()).isEqualTo(100);
  }

  @Test
  void add_headersAndMetadata_neverCached() {
    GopCache gop = new GopCache(1000);
    MediaTag k = key(100);
    gop.add(k);
    gop.add(header(Kind.VIDEO));
    gop.add(header(Kind.AUDIO));
    gop.add(new MediaTag(Kind.DATA, sequence++, 0, false, false, new byte[10]));
    assertThat(gop.before(Long.MAX_VALUE)).containsExactly(k);
  }

  @Test
  void add_gopOutgrowsBound_clearsAndWaitsForNextKeyframe() {
    GopCache gop = new GopCache(150);
    gop.add(key(100));
    gop.add(inter(40));
    gop.add(inter(40)); // 180 > 150
    assertThat(gop.before(Long.MAX_VALUE)).isEmpty();
    assertThat(gop.bytes()).isZero();
    gop.add(inter(10));
    assertThat(gop.before(Long.MAX_VALUE)).as("no partial GOP after an overflow").isEmpty();
    MediaTag k = key(100);
    gop.add(k);
    assertThat(gop.before(Long.MAX_VALUE)).containsExactly(k);
  }

  @Test
  void add_keyframeAloneAboveBound_notCached() {
    GopCache gop = new GopCache(50);
    gop.add(key(100));
    gop.add(inter(10));
    assertThat(gop.before(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void before_sequence_onlyOlderTags() {
    GopCache gop = new GopCache(1000);
    MediaTag k = key(100);
    MediaTag p = inter(10);
    gop.add(k);
    gop.add(p);
    gop.add(inter(10));
    assertThat(gop.before(p.sequence() + 1)).containsExactly(k, p);
    assertThat(gop.before(k.sequence())).isEmpty();
  }

  @Test
  void clear_cachedGop_empties() {
    GopCache gop = new GopCache(1000);
    gop.add(key(100));
    gop.clear();
    assertThat(gop.before(Long.MAX_VALUE)).isEmpty();
    assertThat(gop.bytes()).isZero();
  }

  @Test
  void constructor_boundNotPositive_rejected() {
    assertThatThrownBy(() -> new GopCache(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
