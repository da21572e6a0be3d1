package io.streamrp2p.media.live;

/** A viewer fell behind the live edge again and again and was cut off. */
public final class ViewerTooSlowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ViewerTooSlowException(long bytesMax, int resets, long droppedTags) {
    super(
        "viewer fell more than "
            + bytesMax
            + " bytes behind the live edge "
            + resets
            + " times in a row ("
            + droppedTags
            + " tags dropped); cut off",
        null,
        false,
        false);
  }
}
