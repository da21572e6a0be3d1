package io.streamrp2p.protocol.mpegts;

/** PES packet header (ISO/IEC 13818-1 2.4.3.6, 2.4.3.7) with PTS and optional DTS. */
final class PesHeader {
  static final int STREAM_ID_VIDEO = 0xE0;
  static final int STREAM_ID_AUDIO = 0xC0;

  /** PTS and DTS are 33-bit counts of a 90 kHz clock and wrap modulo 2^33 (2.4.3.7). */
  static final long TIMESTAMP_MASK = (1L << 33) - 1;

  /** Bytes from start code through header_data_length. */
  static final int FIXED_BYTES = 9;

  /** Bytes PES_packet_length counts beyond the PES payload when DTS is absent or present. */
  static final int TIMESTAMP_BYTES = 5;

  /** 2.4.3.7: PES_packet_length is a 16-bit field. */
  static final int PACKET_LENGTH_MAX = 0xFFFF;

  private static final int PREFIX_PTS_ONLY = 0b0010;
  private static final int PREFIX_PTS_WITH_DTS = 0b0011;
  private static final int PREFIX_DTS = 0b0001;

  private PesHeader() {}

  static int length(boolean withDts) {
    return FIXED_BYTES + (withDts ? 2 : 1) * TIMESTAMP_BYTES;
  }

  /** DTS is written only when it differs from PTS (2.4.3.7, PTS_DTS_flags '10'). */
  static boolean carriesDts(long pts, long dts) {
    return ((pts ^ dts) & TIMESTAMP_MASK) != 0;
  }

  /**
   * Writes the header into {@code b} at {@code at}.
   *
   * @param packetLength PES_packet_length: bytes after this field, or 0 for "unbounded", which
   *     2.4.3.7 allows only for video in transport streams
   * @param pts presentation time, 90 kHz, any long (wrapped here)
   * @param dts decode time, 90 kHz; written only when it differs from {@code pts} modulo 2^33
   * @return bytes written
   */
  static int write(byte[] b, int at, int streamId, int packetLength, long pts, long dts) {
    long ptsBits = pts & TIMESTAMP_MASK;
    long dtsBits = dts & TIMESTAMP_MASK;
    boolean withDts = carriesDts(pts, dts);
    b[at] = 0;
    b[at + 1] = 0;
    b[at + 2] = 1;
    b[at + 3] = (byte) streamId;
    b[at + 4] = (byte) (packetLength >>> 8);
    b[at + 5] = (byte) packetLength;
    // '10', scrambling 00, priority 0, data_alignment_indicator 1, copyright 0, original 0:
    // every PES starts with an access unit (video) or an ADTS syncword (audio).
    b[at + 6] = (byte) 0x84;
    b[at + 7] = (byte) (withDts ? 0xC0 : 0x80); // PTS_DTS_flags, no other optional fields
    b[at + 8] = (byte) ((withDts ? 2 : 1) * TIMESTAMP_BYTES); // PES_header_data_length
    writeTimestamp(b, at + 9, withDts ? PREFIX_PTS_WITH_DTS : PREFIX_PTS_ONLY, ptsBits);
    if (withDts) {
      writeTimestamp(b, at + 9 + TIMESTAMP_BYTES, PREFIX_DTS, dtsBits);
    }
    return length(withDts);
  }

  /** 4-bit prefix, then the 33 bits as 3 + 15 + 15 bits, each group followed by marker_bit 1. */
  static void writeTimestamp(byte[] b, int at, int prefix, long timestamp) {
    long t = timestamp & TIMESTAMP_MASK;
    b[at] = (byte) (prefix << 4 | (int) (t >>> 30) << 1 | 1);
    b[at + 1] = (byte) (t >>> 22);
    b[at + 2] = (byte) ((t >>> 15) << 1 | 1);
    b[at + 3] = (byte) (t >>> 7);
    b[at + 4] = (byte) (t << 1 | 1);
  }
}
