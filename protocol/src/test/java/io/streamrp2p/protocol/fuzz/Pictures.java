package io.streamrp2p.protocol.fuzz;

/** The check the H.264 and H.265 SPS fuzz targets share on every SPS that parses. */
final class Pictures {
  private Pictures() {}

  /**
   * Fails unless {@code width} x {@code height}, as parsed from {@code data} into {@code sps}, is a
   * picture of positive size no larger than {@code dimensionSamplesMax} on either side.
   */
  static void requireSane(Object sps, byte[] data, int width, int height, int dimensionSamplesMax) {
    if (width <= 0 || height <= 0 || width > dimensionSamplesMax || height > dimensionSamplesMax) {
      throw new AssertionError(
          sps + " from " + Hex.of(data) + " has picture " + width + "x" + height);
    }
  }
}
