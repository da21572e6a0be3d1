package io.streamrp2p.protocol.codec;

import io.streamrp2p.protocol.ProtocolException;

/**
 * The rules the ISO/IEC 14496-15 decoder configuration records share: AVC (5.3.3.1) and HEVC
 * (8.3.3.1) both start with configurationVersion 1 and both give the NAL unit length size.
 */
public final class ConfigurationRecords {
  /** configurationVersion: 1 in both records; a reader must reject any other value. */
  public static final int CONFIGURATION_VERSION = 1;

  private ConfigurationRecords() {}

  /** Reads configurationVersion, the first byte of the record, and rejects any but 1. */
  public static void readVersion(ByteReader in, String layer) {
    int version = in.u8("configurationVersion");
    ProtocolException.check(
        version == CONFIGURATION_VERSION,
        layer,
        "configurationVersion at byte 0 is " + version + ", expected 1");
  }

  /** Rejects lengthSizeMinusOne 2 read at {@code byteOffset}: 3-byte lengths do not exist. */
  public static void checkLengthSizeMinusOne(int lengthSizeMinusOne, int byteOffset, String layer) {
    ProtocolException.check(
        lengthSizeMinusOne != 2,
        layer,
        "lengthSizeMinusOne at byte "
            + byteOffset
            + " is 2; 14496-15 allows only 1, 2 or 4 byte lengths");
  }

  /** The same rule for a record built by the caller. */
  public static void requireLengthSizeMinusOne(int lengthSizeMinusOne) {
    if (lengthSizeMinusOne != 0 && lengthSizeMinusOne != 1 && lengthSizeMinusOne != 3) {
      throw new IllegalArgumentException("lengthSizeMinusOne must be 0, 1 or 3");
    }
  }

  /** Rejects a field value the record's bit width cannot hold. */
  public static void requireRange(int value, int max, String name) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(name + " must be 0.." + max + ", got " + value);
    }
  }
}
