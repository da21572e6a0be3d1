package io.streamrp2p.protocol.codec.aac;

import io.streamrp2p.protocol.ProtocolException;
import java.util.Objects;

/**
 * ADTS framing, ISO/IEC 14496-3 1.A.2.2: the self-describing header each raw AAC frame needs in
 * MPEG-TS (HLS) and in raw {@code .aac} streams, where no AudioSpecificConfig travels out of band.
 */
public final class Adts {
  private static final String LAYER = "aac.adts";

  /** adts_fixed_header + adts_variable_header without CRC (protection_absent = 1). */
  public static final int HEADER_BYTES = 7;

  /** aac_frame_length is a 13-bit field and counts the header too. */
  public static final int FRAME_BYTES_MAX = (1 << 13) - 1;

  private static final int SYNC_WORD = 0xfff;

  /** adts_buffer_fullness 0x7FF signals a variable-rate stream. */
  private static final int BUFFER_FULLNESS_VBR = 0x7ff;

  /** profile_ObjectType is 2 bits holding audioObjectType - 1. */
  private static final int OBJECT_TYPE_MAX = 4;

  private static final int CHANNEL_CONFIGURATION_MAX = 7;
  private static final int SAMPLING_INDEX_MAX = 12;

  private Adts() {}

  /** The fields of one ADTS header. */
  public record Header(
      boolean mpeg2,
      boolean protectionAbsent,
      int profile,
      int samplingFrequencyIndex,
      int channelConfiguration,
      int frameLength,
      int bufferFullness,
      int rawDataBlocks) {

    /**
     * Header bytes before the first raw data block: 7, plus adts_error_check (CRC, 2 bytes) or, for
     * several blocks, adts_header_error_check (2 bytes per extra block position + CRC).
     */
    public int headerLength() {
      if (protectionAbsent) {
        return HEADER_BYTES;
      }
      return HEADER_BYTES + 2 * rawDataBlocks + 2;
    }

    /** Bytes after the header, up to the next ADTS frame. */
    public int payloadLength() {
      return frameLength - headerLength();
    }

    public int audioObjectType() {
      return profile + 1;
    }

    public int sampleRate() {
      return AudioSpecificConfig.sampleRateOfIndex(samplingFrequencyIndex);
    }

    /** The equivalent AudioSpecificConfig, as an FLV/MP4 muxer needs it. */
    public AudioSpecificConfig toAudioSpecificConfig() {
      return AudioSpecificConfig.of(audioObjectType(), sampleRate(), channelConfiguration);
    }
  }

  /** A 7-byte header (no CRC) for a raw AAC frame of {@code rawFrameLength} bytes. */
  public static byte[] header(AudioSpecificConfig config, int rawFrameLength) {
    byte[] out = new byte[HEADER_BYTES];
    writeHeader(config, rawFrameLength, out, 0);
    return out;
  }

  /** Writes the 7-byte header into {@code dst} at {@code offset}. */
  public static void writeHeader(
      AudioSpecificConfig config, int rawFrameLength, byte[] dst, int offset) {
    Objects.requireNonNull(config, "config");
    Objects.checkFromIndexSize(offset, HEADER_BYTES, dst.length);
    int objectType = config.audioObjectType();
    if (objectType < 1 || objectType > OBJECT_TYPE_MAX) {
      throw new IllegalArgumentException(
          "ADTS carries audio object types 1..4 only, got " + objectType);
    }
    int index = config.samplingFrequencyIndex();
    if (index > SAMPLING_INDEX_MAX) {
      throw new IllegalArgumentException("ADTS cannot carry an explicit sampling frequency");
    }
    int channels = config.channelConfiguration();
    if (channels > CHANNEL_CONFIGURATION_MAX) {
      throw new IllegalArgumentException("ADTS channel_configuration is 3 bits, got " + channels);
    }
    if (rawFrameLength < 1 || rawFrameLength > FRAME_BYTES_MAX - HEADER_BYTES) {
      throw new IllegalArgumentException(
          "raw frame of "
              + rawFrameLength
              + " bytes exceeds the ADTS maximum of "
              + (FRAME_BYTES_MAX - HEADER_BYTES));
    }
    int frameLength = rawFrameLength + HEADER_BYTES;
    int profile = objectType - 1;
    dst[offset] = (byte) 0xff; // syncword (high 8 of 12)
    // syncword low 4, ID 0 (MPEG-4), layer 00, protection_absent 1
    dst[offset + 1] = (byte) 0xf1;
    // profile(2) sampling_frequency_index(4) private_bit(1) channel_configuration high bit
    dst[offset + 2] = (byte) ((profile << 6) | (index << 2) | (channels >>> 2));
    // channel_configuration low 2, original_copy, home, copyright id bit/start, frame_length 2
    dst[offset + 3] = (byte) (((channels & 3) << 6) | (frameLength >>> 11));
    dst[offset + 4] = (byte) (frameLength >>> 3);
    // frame_length low 3, buffer_fullness high 5
    dst[offset + 5] = (byte) (((frameLength & 7) << 5) | (BUFFER_FULLNESS_VBR >>> 6));
    // buffer_fullness low 6, number_of_raw_data_blocks_in_frame 0 (one block)
    dst[offset + 6] = (byte) ((BUFFER_FULLNESS_VBR & 0x3f) << 2);
  }

  /** Parses the ADTS header at {@code offset}; throws unless the whole header is there. */
  public static Header parseHeader(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    ProtocolException.check(
        length >= HEADER_BYTES,
        LAYER,
        "header needs " + HEADER_BYTES + " bytes, " + length + " available");
    int b1 = data[offset + 1] & 0xff;
    int sync = ((data[offset] & 0xff) << 4) | (b1 >>> 4);
    ProtocolException.check(
        sync == SYNC_WORD, LAYER, "syncword at byte 0 is 0x" + Integer.toHexString(sync));
    int layer = (b1 >>> 1) & 3;
    ProtocolException.check(layer == 0, LAYER, "layer at byte 1 is " + layer + ", must be 0");
    int b2 = data[offset + 2] & 0xff;
    int b3 = data[offset + 3] & 0xff;
    int index = (b2 >>> 2) & 0xf;
    ProtocolException.check(
        index <= SAMPLING_INDEX_MAX,
        LAYER,
        "sampling_frequency_index at byte 2 is " + index + ", must be 0..12");
    int frameLength =
        ((b3 & 3) << 11) | ((data[offset + 4] & 0xff) << 3) | ((data[offset + 5] & 0xff) >>> 5);
    int b6 = data[offset + 6] & 0xff;
    Header header =
        new Header(
            (b1 & 0x08) != 0,
            (b1 & 1) == 1,
            b2 >>> 6,
            index,
            ((b2 & 1) << 2) | (b3 >>> 6),
            frameLength,
            ((data[offset + 5] & 0x1f) << 6) | (b6 >>> 2),
            b6 & 3);
    ProtocolException.check(
        length >= header.headerLength(),
        LAYER,
        "header with CRC needs " + header.headerLength() + " bytes, " + length + " available");
    ProtocolException.check(
        frameLength > header.headerLength(),
        LAYER,
        "aac_frame_length "
            + frameLength
            + " at byte 3 does not exceed the "
            + header.headerLength()
            + "-byte header");
    return header;
  }

  public static Header parseHeader(byte[] data) {
    return parseHeader(data, 0, data.length);
  }
}
