package io.streamrp2p;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The launcher's JVM-wide settings. */
class MainTest {
  @Test
  void commonPool_twoCoresOrFewer_getsTwoThreadsInsteadOfAThreadPerTask() {
    assertThat(Main.commonPoolParallelism(null, 1)).contains("2");
    assertThat(Main.commonPoolParallelism(null, 2)).contains("2");
  }

  @Test
  void commonPool_moreCoresOrAnExplicitSetting_leftAlone() {
    assertThat(Main.commonPoolParallelism(null, 4)).isEmpty();
    assertThat(Main.commonPoolParallelism("1", 2)).isEmpty();
  }
}
