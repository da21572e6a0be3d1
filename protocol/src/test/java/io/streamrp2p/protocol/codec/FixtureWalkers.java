package io.streamrp2p.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Test-only walkers that pull configuration records out of the ffmpeg-written fixtures, so the
 * parsers are checked against bytes an independent muxer produced. They trust their input.
 */
public final class FixtureWalkers {
  private static final int FLV_HEADER_BYTES = 9;
  private static final int FLV_TAG_HEADER_BYTES = 11;
  private static final int TAG_AUDIO = 8;
  private static final int TAG_VIDEO = 9;

  /** VisualSampleEntry fields between the 8-byte entry box header and the child boxes. */
  private static final int VISUAL_SAMPLE_ENTRY_FIELDS_BYTES = 78;

  private FixtureWalkers() {}

  /** AVCDecoderConfigurationRecord of the first AVC sequence header tag (packet type 0). */
  public static byte[] flvAvcSequenceHeader(byte[] flv) {
    // video body: frameType/codecId(1) avcPacketType(1) compositionTime(3), then the record.
    return flvSequenceHeader(flv, TAG_VIDEO, 5);
  }

  /** AudioSpecificConfig of the first AAC sequence header tag (packet type 0). */
  public static byte[] flvAacSequenceHeader(byte[] flv) {
    // audio body: soundFormat/rate/size/type(1) aacPacketType(1), then the config.
    return flvSequenceHeader(flv, TAG_AUDIO, 2);
  }

  private static byte[] flvSequenceHeader(byte[] flv, int tagType, int bodyHeaderBytes) {
    int pos = FLV_HEADER_BYTES + 4; // header, then PreviousTagSize0
    while (pos + FLV_TAG_HEADER_BYTES <= flv.length) {
      int type = flv[pos] & 0x1f;
      int size = u24(flv, pos + 1);
      int body = pos + FLV_TAG_HEADER_BYTES;
      if (type == tagType && flv[body + 1] == 0) {
        return Arrays.copyOfRange(flv, body + bodyHeaderBytes, body + size);
      }
      pos = body + size + 4; // body, then PreviousTagSize
    }
    throw new AssertionError("no sequence header for tag type " + tagType);
  }

  /** Payload of the hvcC box in moov/trak/mdia/minf/stbl/stsd/hvc1. */
  public static byte[] mp4HvcC(byte[] mp4) {
    int[] range = {0, mp4.length};
    for (String type : new String[] {"moov", "trak", "mdia", "minf", "stbl", "stsd"}) {
      range = box(mp4, range[0], range[1], type);
    }
    // stsd is a full box: version/flags(4) entry_count(4), then the sample entries.
    int[] hvc1 = box(mp4, range[0] + 8, range[1], "hvc1");
    int[] hvcC = box(mp4, hvc1[0] + VISUAL_SAMPLE_ENTRY_FIELDS_BYTES, hvc1[1], "hvcC");
    return Arrays.copyOfRange(mp4, hvcC[0], hvcC[1]);
  }

  /** Payload range [start, end) of the first box of {@code type} among siblings in range. */
  private static int[] box(byte[] b, int from, int to, String type) {
    int pos = from;
    while (pos + 8 <= to) {
      int size = (int) u32(b, pos);
      String name = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (name.equals(type)) {
        return new int[] {pos + 8, pos + size};
      }
      pos += size;
    }
    throw new AssertionError("no " + type + " box");
  }

  private static int u24(byte[] b, int at) {
    return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
  }

  private static long u32(byte[] b, int at) {
    return ((long) u24(b, at) << 8) | (b[at + 3] & 0xff);
  }
}
