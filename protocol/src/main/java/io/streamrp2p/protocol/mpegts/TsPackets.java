package io.streamrp2p.protocol.mpegts;

/**
 * Transport stream packet layer (ISO/IEC 13818-1 2.4.3.2 and 2.4.3.4): cuts a PES packet into
 * 188-byte packets, with the adaptation field carrying PCR, random_access_indicator and the
 * stuffing that fills the last packet.
 */
final class TsPackets {
  static final int PACKET_BYTES = 188;
  static final int HEADER_BYTES = 4;
  static final int PAYLOAD_BYTES = PACKET_BYTES - HEADER_BYTES;
  static final int SYNC_BYTE = 0x47;

  /** Marks "no PCR in this PES". */
  static final long NO_PCR = -1;

  /** adaptation_field_length(1) + flags(1) + PCR(6), 2.4.3.4. */
  private static final int AF_FLAGS_BYTES = 2;

  private static final int PCR_BYTES = 6;

  private TsPackets() {}

  /** How many packets {@link #packetize} writes for a PES of this length. */
  static int packetCount(int pesLength, boolean pcr, boolean randomAccess) {
    int firstPayload = PAYLOAD_BYTES - adaptationBaseBytes(pcr, randomAccess);
    if (pesLength <= firstPayload) {
      return 1;
    }
    return 1 + (pesLength - firstPayload + PAYLOAD_BYTES - 1) / PAYLOAD_BYTES;
  }

  /**
   * Writes one PES as transport packets on {@code pid}. The first packet has
   * payload_unit_start_indicator set and, when asked, PCR and random_access_indicator; the last
   * packet is filled with adaptation-field stuffing (2.4.3.5: stuffing_byte 0xFF), which is the
   * only stuffing allowed in PES-carrying packets.
   *
   * @param pcrBase 33-bit program_clock_reference_base in 90 kHz units, or {@link #NO_PCR}
   * @return the continuity_counter for the next packet on this PID (2.4.3.3: 4 bits, counts packets
   *     with payload)
   */
  static int packetize(
      TsBuffer sink,
      int pid,
      int continuityCounter,
      byte[] pes,
      int pesLength,
      long pcrBase,
      boolean randomAccess) {
    int cc = continuityCounter;
    int position = 0;
    boolean first = true;
    while (position < pesLength) {
      boolean pcr = first && pcrBase != NO_PCR;
      boolean rai = first && randomAccess;
      int payload = Math.min(pesLength - position, PAYLOAD_BYTES - adaptationBaseBytes(pcr, rai));
      int adaptationBytes = PAYLOAD_BYTES - payload;
      int at = sink.append(PACKET_BYTES);
      byte[] b = sink.array();
      writeHeader(b, at, pid, first, adaptationBytes > 0, cc);
      int p = at + HEADER_BYTES;
      if (adaptationBytes > 0) {
        writeAdaptationField(b, p, adaptationBytes, pcr ? pcrBase : NO_PCR, rai);
        p += adaptationBytes;
      }
      System.arraycopy(pes, position, b, p, payload);
      position += payload;
      cc = (cc + 1) & 0x0F;
      first = false;
    }
    return cc;
  }

  /** 2.4.3.2: sync, flags, 13-bit PID, scrambling 00, adaptation_field_control, counter. */
  static void writeHeader(
      byte[] b, int at, int pid, boolean unitStart, boolean adaptation, int continuityCounter) {
    b[at] = (byte) SYNC_BYTE;
    b[at + 1] = (byte) ((unitStart ? 0x40 : 0) | (pid >>> 8) & 0x1F);
    b[at + 2] = (byte) pid;
    // adaptation_field_control: 01 payload only, 11 adaptation field then payload.
    b[at + 3] = (byte) ((adaptation ? 0x30 : 0x10) | continuityCounter & 0x0F);
  }

  private static int adaptationBaseBytes(boolean pcr, boolean randomAccess) {
    if (!pcr && !randomAccess) {
      return 0;
    }
    return AF_FLAGS_BYTES + (pcr ? PCR_BYTES : 0);
  }

  /**
   * Writes an adaptation field of {@code totalBytes} bytes including its length byte. One byte is
   * the length field alone (value 0), the only way to stuff a single byte.
   */
  private static void writeAdaptationField(
      byte[] b, int at, int totalBytes, long pcrBase, boolean randomAccess) {
    b[at] = (byte) (totalBytes - 1);
    if (totalBytes == 1) {
      return;
    }
    int flags = (randomAccess ? 0x40 : 0) | (pcrBase != NO_PCR ? 0x10 : 0);
    b[at + 1] = (byte) flags;
    int p = at + 2;
    if (pcrBase != NO_PCR) {
      writePcr(b, p, pcrBase);
      p += PCR_BYTES;
    }
    for (int end = at + totalBytes; p < end; p++) {
      b[p] = (byte) 0xFF;
    }
  }

  /** 2.4.3.5: base(33) reserved(6, all ones) extension(9, zero: we only have 90 kHz). */
  static void writePcr(byte[] b, int at, long base) {
    b[at] = (byte) (base >>> 25);
    b[at + 1] = (byte) (base >>> 17);
    b[at + 2] = (byte) (base >>> 9);
    b[at + 3] = (byte) (base >>> 1);
    b[at + 4] = (byte) ((base & 1) << 7 | 0x7E);
    b[at + 5] = 0;
  }
}
