package io.streamrp2p.protocol.codec;

import java.util.Arrays;
import java.util.List;

/** Content equality for the lists of NAL units that configuration records hold. */
public final class ByteArrays {
  private ByteArrays() {}

  public static boolean listEquals(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  public static int listHashCode(List<byte[]> list) {
    int h = 1;
    for (byte[] b : list) {
      h = 31 * h + Arrays.hashCode(b);
    }
    return h;
  }
}
