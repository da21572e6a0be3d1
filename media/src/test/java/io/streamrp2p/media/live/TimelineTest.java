package io.streamrp2p.media.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimelineTest {
  private static final long JITTER_MS_MAX = 250;

  private static long[] map(Timeline t, long... inputs) {
    long[] out = new long[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      out[i] = t.map(inputs[i]);
    }
    return out;
  }

  @Test
  void map_fullModeSteadySteps_startsAtZeroAndKeepsDeltas() {
    Timeline t = new Timeline(Timeline.Mode.FULL, JITTER_MS_MAX);
    assertThat(map(t, 5000, 5033, 5067, 5100)).containsExactly(0, 33, 67, 100);
  }

  @Test
  void map_fullModeJumpForward_replacedByNominalFrame() {
    Timeline t = new Timeline(Timeline.Mode.FULL, JITTER_MS_MAX);
    long nominal = Timeline.NOMINAL_FRAME_MS;
    assertThat(map(t, 1000, 1033, 61_033, 61_066))
        .containsExactly(0, 33, 33 + nominal, 33 + nominal + 33);
  }

  @Test
  void map_fullModeJumpBack_replacedByNominalFrame() {
    Timeline t = new Timeline(Timeline.Mode.FULL, JITTER_MS_MAX);
    assertThat(map(t, 10_000, 10_033, 2_000))
        .containsExactly(0, 33, 33 + Timeline.NOMINAL_FRAME_MS);
  }

  @Test
  void map_fullModeSmallStepBack_keptWithinJitterBound() {
    Timeline t = new Timeline(Timeline.Mode.FULL, JITTER_MS_MAX);
    // audio and video interleave with small backward steps; they are real, not jitter
    assertThat(map(t, 1000, 1100, 1080, 1080 + 250)).containsExactly(0, 100, 80, 80 + 250);
  }

  @Test
  void map_fullModeStepBackBelowZero_clampedAtZero() {
    Timeline t = new Timeline(Timeline.Mode.FULL, JITTER_MS_MAX);
    assertThat(map(t, 1000, 900)).containsExactly(0, 0);
  }

  @Test
  void map_zeroModeJump_keptAsIs() {
    Timeline t = new Timeline(Timeline.Mode.ZERO, JITTER_MS_MAX);
    assertThat(map(t, 7000, 7033, 67_033)).containsExactly(0, 33, 60_033);
  }

  @Test
  void map_offMode_passesInputThrough() {
    Timeline t = new Timeline(Timeline.Mode.OFF, JITTER_MS_MAX);
    assertThat(map(t, 7000, 7033, 67_033)).containsExactly(7000, 7033, 67_033);
  }

  @Test
  void map_fullModeAcross32BitWrap_continuesForward() {
    Timeline t = new Timeline(Timeline.Mode.FULL, JITTER_MS_MAX);
    assertThat(map(t, 0xFFFF_FFF0L, 0xFFFF_FFFFL, 0x10L)).containsExactly(0, 15, 32);
  }

  @Test
  void map_offModeAcross32BitWrap_unwrapsPast32Bits() {
    Timeline t = new Timeline(Timeline.Mode.OFF, JITTER_MS_MAX);
    assertThat(map(t, 0xFFFF_FFF0L, 0x10L)).containsExactly(0xFFFF_FFF0L, 0x1_0000_0010L);
  }

  @Test
  void map_inputAbove32Bits_readAsUnsigned32() {
    Timeline t = new Timeline(Timeline.Mode.OFF, JITTER_MS_MAX);
    assertThat(t.map(0x1_0000_0005L)).isEqualTo(5);
  }

  @Test
  void newSession_afterReconnect_continuesAfterTheLastOutput() {
    for (Timeline.Mode mode : Timeline.Mode.values()) {
      Timeline t = new Timeline(mode, JITTER_MS_MAX);
      long last = map(t, 1000, 1033, 1067)[2];
      t.newSession();
      long[] next = map(t, 0, 33); // the encoder restarted its clock
      assertThat(next)
          .as(mode.name())
          .containsExactly(last + Timeline.NOMINAL_FRAME_MS, last + Timeline.NOMINAL_FRAME_MS + 33);
      assertThat(t.maxOutput()).isEqualTo(next[1]);
    }
  }

  @Test
  void newSession_afterReconnectWithHigherInput_stillContinuesAfterTheLastOutput() {
    Timeline t = new Timeline(Timeline.Mode.OFF, JITTER_MS_MAX);
    map(t, 100, 133);
    t.newSession();
    assertThat(t.map(1_000_000)).isEqualTo(133 + Timeline.NOMINAL_FRAME_MS);
  }

  @Test
  void newSession_framesPresentedAfterLastDecodeTime_startsAfterThem() {
    Timeline t = new Timeline(Timeline.Mode.FULL, JITTER_MS_MAX);
    long dts = map(t, 0, 33, 67)[2];
    t.presented(dts + 100); // a B-frame shown 100 ms after its decoding time
    t.newSession();
    assertThat(t.map(0)).isEqualTo(dts + 100 + Timeline.NOMINAL_FRAME_MS);
  }

  @Test
  void maxOutput_beforeAnyTimestamp_isMinusOne() {
    assertThat(new Timeline(Timeline.Mode.FULL, JITTER_MS_MAX).maxOutput()).isEqualTo(-1);
  }

  @Test
  void constructor_jitterNotPositive_rejected() {
    assertThatThrownBy(() -> new Timeline(Timeline.Mode.FULL, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
