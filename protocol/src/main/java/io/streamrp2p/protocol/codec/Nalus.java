package io.streamrp2p.protocol.codec;

import io.streamrp2p.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * NAL unit framing shared by H.264 and H.265: emulation prevention (H.264 7.4.1, H.265 7.4.2), the
 * length-prefixed framing of ISO/IEC 14496-15 (AVCC/HVCC samples, as carried in FLV and MP4) and
 * the Annex B byte stream (H.264 B.1, H.265 B.2, as carried in MPEG-TS).
 */
public final class Nalus {
  /**
   * NAL units one access unit may hold. H.265 Table A.8 caps slice segments per picture at 600
   * (levels 6.x); H.264 A.3.3 keeps Main/High pictures far below that even when both fields of a
   * frame share one sample (x264 tops out at a few dozen slices per field). 1024 leaves room for
   * parameter sets, SEI, AUD and prefix NAL units on top of the worst legal HEVC picture, while a
   * hostile access unit of 1-byte NAL units cannot make us allocate one view per byte.
   */
  public static final int NALUS_PER_ACCESS_UNIT_MAX = 1024;

  private static final String LENGTH_PREFIXED = "nalu.avcc";
  private static final String ANNEX_B = "nalu.annexb";
  private static final byte[] START_CODE = {0, 0, 0, 1};

  private Nalus() {}

  /**
   * Removes emulation prevention bytes: every {@code 00 00 03} becomes {@code 00 00}, giving the
   * RBSP a bit parser can read. Returns a new array.
   */
  public static byte[] unescape(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    byte[] out = new byte[length];
    int n = 0;
    int zeros = 0;
    for (int i = offset; i < offset + length; i++) {
      byte b = data[i];
      if (zeros >= 2 && b == 3) {
        zeros = 0;
        continue;
      }
      zeros = b == 0 ? zeros + 1 : 0;
      out[n++] = b;
    }
    return n == length ? out : Arrays.copyOf(out, n);
  }

  public static byte[] unescape(byte[] data) {
    return unescape(data, 0, data.length);
  }

  /** Inserts emulation prevention bytes so no start code prefix can occur inside a NAL unit. */
  public static byte[] escape(byte[] rbsp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rbsp.length + rbsp.length / 64 + 1);
    int zeros = 0;
    for (byte b : rbsp) {
      if (zeros >= 2 && (b & 0xff) <= 3) {
        out.write(3);
        zeros = 0;
      }
      out.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return out.toByteArray();
  }

  /**
   * Splits a length-prefixed access unit (ISO/IEC 14496-15 5.3.2 / 8.3.2) into views, copying
   * nothing. {@code lengthSize} is the record's {@code lengthSizeMinusOne + 1}: 1, 2 or 4.
   */
  public static List<NalUnit> splitLengthPrefixed(
      byte[] buffer, int offset, int length, int lengthSize, int nalusPerAccessUnitMax) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
      throw new IllegalArgumentException("NAL length size must be 1, 2 or 4, got " + lengthSize);
    }
    requirePositive(nalusPerAccessUnitMax);
    List<NalUnit> out = new ArrayList<>();
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      int at = pos - offset;
      ProtocolException.check(
          end - pos >= lengthSize,
          LENGTH_PREFIXED,
          "NAL unit length at byte "
              + at
              + " is cut off: "
              + (end - pos)
              + " of "
              + lengthSize
              + " bytes");
      long size = 0;
      for (int i = 0; i < lengthSize; i++) {
        size = (size << 8) | (buffer[pos++] & 0xff);
      }
      ProtocolException.check(
          size > 0, LENGTH_PREFIXED, "NAL unit at byte " + at + " has length 0");
      ProtocolException.check(
          size <= end - pos,
          LENGTH_PREFIXED,
          "NAL unit at byte " + at + " claims " + size + " bytes but " + (end - pos) + " remain");
      ProtocolException.check(
          out.size() < nalusPerAccessUnitMax,
          LENGTH_PREFIXED,
          "more than " + nalusPerAccessUnitMax + " NAL units in one access unit");
      out.add(new NalUnit(buffer, pos, (int) size));
      pos += (int) size;
    }
    return out;
  }

  public static List<NalUnit> splitLengthPrefixed(
      byte[] buffer, int offset, int length, int lengthSize) {
    return splitLengthPrefixed(buffer, offset, length, lengthSize, NALUS_PER_ACCESS_UNIT_MAX);
  }

  /** Writes NAL units each behind a big-endian length of {@code lengthSize} (1, 2 or 4) bytes. */
  public static byte[] writeLengthPrefixed(List<byte[]> nalUnits, int lengthSize) {
    if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
      throw new IllegalArgumentException("NAL length size must be 1, 2 or 4, got " + lengthSize);
    }
    long sizeMax = lengthSize == 4 ? Integer.MAX_VALUE : (1L << (8 * lengthSize)) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] nal : nalUnits) {
      if (nal.length == 0 || nal.length > sizeMax) {
        throw new IllegalArgumentException(
            "NAL unit of " + nal.length + " bytes does not fit a " + lengthSize + "-byte length");
      }
      for (int i = lengthSize - 1; i >= 0; i--) {
        out.write(nal.length >>> (8 * i));
      }
      out.write(nal, 0, nal.length);
    }
    return out.toByteArray();
  }

  /**
   * Splits an Annex B byte stream (H.264 B.1.1) into views, copying nothing. Accepts 3- and 4-byte
   * start codes; zero bytes before a start code are trailing_zero_8bits / leading zero bytes and
   * belong to no NAL unit. The stream must begin with a start code.
   */
  public static List<NalUnit> splitAnnexB(
      byte[] buffer, int offset, int length, int nalusPerAccessUnitMax) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    requirePositive(nalusPerAccessUnitMax);
    int end = offset + length;
    int first = nextStartCode(buffer, offset, end);
    ProtocolException.check(
        first >= 0 && isAllZero(buffer, offset, first),
        ANNEX_B,
        "byte stream does not begin with a start code");
    List<NalUnit> out = new ArrayList<>();
    int nalStart = first + 3;
    while (nalStart <= end) {
      int next = nextStartCode(buffer, nalStart, end);
      int nalEnd = next < 0 ? end : next;
      while (nalEnd > nalStart && buffer[nalEnd - 1] == 0) {
        nalEnd--;
      }
      ProtocolException.check(
          nalEnd > nalStart, ANNEX_B, "empty NAL unit at byte " + (nalStart - offset));
      ProtocolException.check(
          out.size() < nalusPerAccessUnitMax,
          ANNEX_B,
          "more than " + nalusPerAccessUnitMax + " NAL units in one access unit");
      out.add(new NalUnit(buffer, nalStart, nalEnd - nalStart));
      if (next < 0) {
        break;
      }
      nalStart = next + 3;
    }
    return out;
  }

  public static List<NalUnit> splitAnnexB(byte[] buffer, int offset, int length) {
    return splitAnnexB(buffer, offset, length, NALUS_PER_ACCESS_UNIT_MAX);
  }

  /** Writes NAL units each behind a 4-byte start code {@code 00 00 00 01}. */
  public static byte[] writeAnnexB(List<byte[]> nalUnits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] nal : nalUnits) {
      if (nal.length == 0) {
        throw new IllegalArgumentException("empty NAL unit");
      }
      out.write(START_CODE, 0, START_CODE.length);
      out.write(nal, 0, nal.length);
    }
    return out.toByteArray();
  }

  /** Index of the next {@code 00 00 01} at or after {@code from}, or -1. */
  private static int nextStartCode(byte[] b, int from, int end) {
    for (int i = from; i + 2 < end; i++) {
      if (b[i + 2] == 1 && b[i + 1] == 0 && b[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isAllZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static void requirePositive(int nalusPerAccessUnitMax) {
    if (nalusPerAccessUnitMax <= 0) {
      throw new IllegalArgumentException("nalusPerAccessUnitMax must be positive");
    }
  }
}
