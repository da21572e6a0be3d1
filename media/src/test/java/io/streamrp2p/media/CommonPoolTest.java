package io.streamrp2p.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonPoolTest {
  @Test
  void twoCoresOrFewer_getTwoThreadsInsteadOfAThreadPerTask() {
    assertThat(CommonPool.parallelism(null, 1)).contains("2");
    assertThat(CommonPool.parallelism(null, 2)).contains("2");
  }

  @Test
  void moreCoresOrAnExplicitSetting_leftAlone() {
    assertThat(CommonPool.parallelism(null, 4)).isEmpty();
    assertThat(CommonPool.parallelism("1", 2)).isEmpty();
  }
}
