package io.streamrp2p.protocol.mpegts;

/**
 * CRC-32/MPEG-2 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, initial value
 * 0xFFFFFFFF, no input or output reflection, no final XOR. A decoder running the CRC over a whole
 * section including its CRC_32 field obtains zero.
 */
public final class Crc32Mpeg2 {
  private static final int POLYNOMIAL = 0x04C11DB7;
  private static final int[] TABLE = table();

  private Crc32Mpeg2() {}

  public static int compute(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " outside " + bytes.length + " bytes");
    }
    int crc = 0xFFFFFFFF;
    for (int i = offset; i < offset + length; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ bytes[i]) & 0xFF];
    }
    return crc;
  }

  private static int[] table() {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ POLYNOMIAL : c << 1;
      }
      t[i] = c;
    }
    return t;
  }
}
