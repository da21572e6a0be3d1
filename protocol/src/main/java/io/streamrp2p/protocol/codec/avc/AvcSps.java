package io.streamrp2p.protocol.codec.avc;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The fields of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1) that a streaming server
 * needs: what to tell players about the picture and what the other parsers depend on. Parse with
 * {@link SpsParser}.
 *
 * @param constraintFlags the byte holding constraint_set0_flag (bit 7) .. constraint_set5_flag (bit
 *     2) and reserved_zero_2bits
 * @param vuiTiming VUI timing_info, or {@code null} when the SPS has none
 */
public record AvcSps(
    int profileIdc,
    int constraintFlags,
    int levelIdc,
    int seqParameterSetId,
    int chromaFormatIdc,
    boolean separateColourPlane,
    int bitDepthLuma,
    int bitDepthChroma,
    int log2MaxFrameNum,
    int picOrderCntType,
    int maxNumRefFrames,
    int picWidthInMbs,
    int picHeightInMapUnits,
    boolean frameMbsOnly,
    boolean mbAdaptiveFrameField,
    boolean direct8x8Inference,
    Cropping cropping,
    Timing vuiTiming) {

  /** frame_crop_*_offset, in crop units (7.4.2.1.1), all zero without frame_cropping_flag. */
  public record Cropping(int left, int right, int top, int bottom) {
    public static final Cropping NONE = new Cropping(0, 0, 0, 0);
  }

  /** VUI timing_info (E.1.1); num_units_in_tick and time_scale are 32-bit unsigned. */
  public record Timing(long numUnitsInTick, long timeScale, boolean fixedFrameRate) {}

  /** constraint_set{n}_flag for n in 0..5. */
  public boolean constraintSet(int n) {
    if (n < 0 || n > 5) {
      throw new IllegalArgumentException("constraint sets are 0..5");
    }
    return ((constraintFlags >>> (7 - n)) & 1) == 1;
  }

  /** ChromaArrayType (7.4.2.1.1): 0 for monochrome or separately coded colour planes. */
  public int chromaArrayType() {
    return separateColourPlane ? 0 : chromaFormatIdc;
  }

  /** CropUnitX (7-19, 7-21). */
  public int cropUnitX() {
    return chromaArrayType() == 0 ? 1 : subWidthC();
  }

  /** CropUnitY (7-20, 7-22). */
  public int cropUnitY() {
    int fieldFactor = frameMbsOnly ? 1 : 2;
    return chromaArrayType() == 0 ? fieldFactor : subHeightC() * fieldFactor;
  }

  /** Displayed width in luma samples: the coded width minus the cropping rectangle. */
  public int width() {
    return picWidthInMbs * 16 - cropUnitX() * (cropping.left() + cropping.right());
  }

  /** Displayed frame height in luma samples: FrameHeightInMbs * 16 minus the cropping. */
  public int height() {
    int frameHeightInMbs = (frameMbsOnly ? 1 : 2) * picHeightInMapUnits;
    return frameHeightInMbs * 16 - cropUnitY() * (cropping.top() + cropping.bottom());
  }

  public Optional<Timing> timing() {
    return Optional.ofNullable(vuiTiming);
  }

  /**
   * Frames per second when the VUI declares a fixed frame rate: time_scale / (2 *
   * num_units_in_tick), because an H.264 tick is one field period (E.2.1).
   */
  public OptionalDouble frameRate() {
    return vuiTiming != null && vuiTiming.fixedFrameRate()
        ? nominalFrameRate()
        : OptionalDouble.empty();
  }

  /**
   * time_scale / (2 * num_units_in_tick) whenever the VUI has timing, fixed or not. Without
   * fixed_frame_rate_flag it is only the finest frame spacing the stream may use; x264 writes such
   * timing by default and players report it as the stream's frame rate.
   */
  public OptionalDouble nominalFrameRate() {
    if (vuiTiming == null) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(vuiTiming.timeScale() / (2.0 * vuiTiming.numUnitsInTick()));
  }

  private int subWidthC() {
    return chromaFormatIdc == 3 ? 1 : 2;
  }

  private int subHeightC() {
    return chromaFormatIdc == 1 ? 2 : 1;
  }
}
