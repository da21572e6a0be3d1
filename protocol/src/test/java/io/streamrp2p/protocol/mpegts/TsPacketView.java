package io.streamrp2p.protocol.mpegts;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test-only reading of the transport packets the muxer wrote (ISO/IEC 13818-1 2.4.3.2). */
record TsPacketView(byte[] bytes) {
  static List<TsPacketView> split(byte[] ts) {
    if (ts.length % TsPackets.PACKET_BYTES != 0) {
      throw new AssertionError("stream of " + ts.length + " bytes is not whole packets");
    }
    List<TsPacketView> packets = new ArrayList<>();
    for (int at = 0; at < ts.length; at += TsPackets.PACKET_BYTES) {
      packets.add(new TsPacketView(Arrays.copyOfRange(ts, at, at + TsPackets.PACKET_BYTES)));
    }
    return packets;
  }

  int sync() {
    return u8(0);
  }

  boolean unitStart() {
    return (u8(1) & 0x40) != 0;
  }

  int pid() {
    return (u8(1) & 0x1F) << 8 | u8(2);
  }

  int continuityCounter() {
    return u8(3) & 0x0F;
  }

  boolean hasAdaptationField() {
    return (u8(3) & 0x20) != 0;
  }

  /** Adaptation field bytes including the length byte, 0 without one. */
  int adaptationFieldBytes() {
    return hasAdaptationField() ? 1 + u8(4) : 0;
  }

  boolean randomAccess() {
    return adaptationFieldBytes() > 1 && (u8(5) & 0x40) != 0;
  }

  boolean hasPcr() {
    return adaptationFieldBytes() > 1 && (u8(5) & 0x10) != 0;
  }

  long pcrBase() {
    long b = 0;
    for (int i = 0; i < 4; i++) {
      b = b << 8 | u8(6 + i);
    }
    return b << 1 | u8(10) >>> 7;
  }

  byte[] payload() {
    return Arrays.copyOfRange(bytes, 4 + adaptationFieldBytes(), bytes.length);
  }

  /** Payloads of {@code pid}, joined into PES packets at each payload_unit_start_indicator. */
  static List<byte[]> pesPackets(List<TsPacketView> packets, int pid) {
    List<byte[]> out = new ArrayList<>();
    ByteArrayOutputStream current = null;
    for (TsPacketView p : packets) {
      if (p.pid() != pid) {
        continue;
      }
      if (p.unitStart()) {
        if (current != null) {
          out.add(current.toByteArray());
        }
        current = new ByteArrayOutputStream();
      }
      current.writeBytes(p.payload());
    }
    if (current != null) {
      out.add(current.toByteArray());
    }
    return out;
  }

  private int u8(int i) {
    return bytes[i] & 0xFF;
  }
}
