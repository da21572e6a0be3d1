package io.streamrp2p.protocol.mpegts;

/** The few NAL unit facts the muxer needs, per codec. */
enum NalSyntax {
  /** ITU-T H.264 7.3.1 (1-byte header, type in the low 5 bits) and Table 7-1. */
  H264(
      1,
      new int[] {7, 8},
      "SPS(7), PPS(8)",
      9,
      // AUD with primary_pic_type 7 (any slice type) and the RBSP stop bit (7.3.2.4).
      new byte[] {0, 0, 0, 1, 0x09, (byte) 0xF0}),
  /** ITU-T H.265 7.3.1.2 (2-byte header, type in bits 6..1 of byte 0) and Table 7-1. */
  HEVC(
      2,
      new int[] {32, 33, 34},
      "VPS(32), SPS(33), PPS(34)",
      35,
      // AUD, nuh_temporal_id_plus1 1, pic_type 2 (I, P and B slices) and the stop bit (7.3.2.5).
      new byte[] {0, 0, 0, 1, 0x46, 0x01, 0x50});

  private static final int H264_IDR = 5;

  /** H.265 Table 7-1: BLA_W_LP 16 through RSV_IRAP_VCL23 23 are IRAP pictures. */
  private static final int HEVC_IRAP_FIRST = 16;

  private static final int HEVC_IRAP_LAST = 23;

  private final int headerBytes;
  private final int[] parameterSetTypes;
  private final String parameterSetNames;
  private final int audType;
  private final byte[] aud;

  NalSyntax(int headerBytes, int[] parameterSetTypes, String names, int audType, byte[] audAnnexB) {
    this.headerBytes = headerBytes;
    this.parameterSetTypes = parameterSetTypes;
    this.parameterSetNames = names;
    this.audType = audType;
    this.aud = audAnnexB;
  }

  static NalSyntax of(TsMuxer.VideoCodec codec) {
    switch (codec) {
      case H264:
        return H264;
      case HEVC:
        return HEVC;
      default:
        throw new IllegalArgumentException("no NAL syntax for " + codec);
    }
  }

  int type(ByteSlice unit) {
    if (unit.length() < headerBytes) {
      throw new IllegalArgumentException(
          "NAL unit of " + unit.length() + " bytes is shorter than its header");
    }
    int first = unit.byteAt(0);
    return this == H264 ? first & 0x1F : first >>> 1 & 0x3F;
  }

  boolean isAud(int type) {
    return type == audType;
  }

  boolean isRandomAccess(int type) {
    return this == H264 ? type == H264_IDR : type >= HEVC_IRAP_FIRST && type <= HEVC_IRAP_LAST;
  }

  /** Index of {@code type} in {@link #parameterSetTypes()}, or -1 if it is not a parameter set. */
  int parameterSetIndex(int type) {
    for (int i = 0; i < parameterSetTypes.length; i++) {
      if (parameterSetTypes[i] == type) {
        return i;
      }
    }
    return -1;
  }

  int[] parameterSetTypes() {
    return parameterSetTypes.clone();
  }

  String parameterSetNames() {
    return parameterSetNames;
  }

  /** The access unit delimiter with its 4-byte start code. Callers must not modify it. */
  byte[] aud() {
    return aud;
  }
}
