package io.streamrp2p.protocol.mpegts;

/**
 * Program specific information (ISO/IEC 13818-1 2.4.4): one program, one PAT and one PMT, each in a
 * single packet with pointer_field 0 and the rest of the packet filled with 0xFF (2.4.4.2). The
 * layout matches what ffmpeg's mpegts muxer writes, so its output serves as the test vector.
 */
final class Psi {
  static final int PAT_PID = 0x0000;
  private static final int TABLE_ID_PAT = 0x00;
  private static final int TABLE_ID_PMT = 0x02;
  private static final int PROGRAM_NUMBER = 1;
  private static final int TRANSPORT_STREAM_ID = 1;

  /** 2.6.8 registration_descriptor; ffmpeg tags HEVC with format_identifier "HEVC". */
  private static final int REGISTRATION_DESCRIPTOR_TAG = 0x05;

  private Psi() {}

  /** 2.4.4.3 program_association_section with one program. */
  static void writePat(TsBuffer sink, int continuityCounter, int pmtPid) {
    byte[] b = startPacket(sink, PAT_PID, continuityCounter);
    int at = sink.length() - TsPackets.PACKET_BYTES + TsPackets.HEADER_BYTES + 1;
    int p = writeSectionHeader(b, at, TABLE_ID_PAT, TRANSPORT_STREAM_ID);
    b[p++] = (byte) (PROGRAM_NUMBER >>> 8);
    b[p++] = (byte) PROGRAM_NUMBER;
    b[p++] = (byte) (0xE0 | pmtPid >>> 8);
    b[p++] = (byte) pmtPid;
    finishSection(b, at, p);
  }

  /**
   * 2.4.4.8 TS_program_map_section. Streams with stream type 0 are left out.
   *
   * @param streams pairs of (stream_type, elementary_PID)
   */
  static void writePmt(
      TsBuffer sink, int continuityCounter, int pmtPid, int pcrPid, int... streams) {
    byte[] b = startPacket(sink, pmtPid, continuityCounter);
    int at = sink.length() - TsPackets.PACKET_BYTES + TsPackets.HEADER_BYTES + 1;
    int p = writeSectionHeader(b, at, TABLE_ID_PMT, PROGRAM_NUMBER);
    b[p++] = (byte) (0xE0 | pcrPid >>> 8);
    b[p++] = (byte) pcrPid;
    b[p++] = (byte) 0xF0; // reserved, program_info_length 0
    b[p++] = 0;
    for (int i = 0; i < streams.length; i += 2) {
      int streamType = streams[i];
      if (streamType == 0) {
        continue;
      }
      int pid = streams[i + 1];
      b[p++] = (byte) streamType;
      b[p++] = (byte) (0xE0 | pid >>> 8);
      b[p++] = (byte) pid;
      p = writeEsInfo(b, p, streamType);
    }
    finishSection(b, at, p);
  }

  private static int writeEsInfo(byte[] b, int at, int streamType) {
    int p = at;
    if (streamType != TsMuxer.VideoCodec.HEVC.streamType()) {
      b[p++] = (byte) 0xF0;
      b[p++] = 0;
      return p;
    }
    b[p++] = (byte) 0xF0;
    b[p++] = 6;
    b[p++] = REGISTRATION_DESCRIPTOR_TAG;
    b[p++] = 4;
    b[p++] = 'H';
    b[p++] = 'E';
    b[p++] = 'V';
    b[p++] = 'C';
    return p;
  }

  private static byte[] startPacket(TsBuffer sink, int pid, int continuityCounter) {
    int at = sink.append(TsPackets.PACKET_BYTES);
    byte[] b = sink.array();
    TsPackets.writeHeader(b, at, pid, true, false, continuityCounter);
    b[at + TsPackets.HEADER_BYTES] = 0; // pointer_field: the section starts right here
    for (int i = at + TsPackets.HEADER_BYTES + 1; i < at + TsPackets.PACKET_BYTES; i++) {
      b[i] = (byte) 0xFF;
    }
    return b;
  }

  /** table_id through last_section_number; section_length is filled in by finishSection. */
  private static int writeSectionHeader(byte[] b, int at, int tableId, int tableIdExtension) {
    b[at] = (byte) tableId;
    // at+1, at+2: section_syntax_indicator 1, '0', reserved 11, section_length (later)
    b[at + 3] = (byte) (tableIdExtension >>> 8);
    b[at + 4] = (byte) tableIdExtension;
    b[at + 5] = (byte) 0xC1; // reserved 11, version_number 0, current_next_indicator 1
    b[at + 6] = 0; // section_number
    b[at + 7] = 0; // last_section_number
    return at + 8;
  }

  /** Sets section_length (bytes after the field, CRC included) and appends CRC_32. */
  private static void finishSection(byte[] b, int at, int crcAt) {
    int sectionLength = crcAt + 4 - (at + 3);
    b[at + 1] = (byte) (0xB0 | sectionLength >>> 8);
    b[at + 2] = (byte) sectionLength;
    int crc = Crc32Mpeg2.compute(b, at, crcAt - at);
    b[crcAt] = (byte) (crc >>> 24);
    b[crcAt + 1] = (byte) (crc >>> 16);
    b[crcAt + 2] = (byte) (crc >>> 8);
    b[crcAt + 3] = (byte) crc;
  }
}
