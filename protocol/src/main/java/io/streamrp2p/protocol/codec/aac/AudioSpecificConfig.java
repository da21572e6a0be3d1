package io.streamrp2p.protocol.codec.aac;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.BitReader;
import io.streamrp2p.protocol.codec.BitWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * AudioSpecificConfig, ISO/IEC 14496-3 1.6.2.1: what an FLV "AAC sequence header" and an MP4 {@code
 * esds} carry. The leading fields are decoded; everything after channelConfiguration
 * (GASpecificConfig, SBR/PS signalling, sync extensions) is kept as raw bits so a parsed config
 * re-encodes byte for byte.
 *
 * @param samplingFrequency the explicit 24-bit frequency when samplingFrequencyIndex is 15, else 0
 * @param tail the bits after channelConfiguration, left-aligned; {@code tailBits} of them count
 */
public record AudioSpecificConfig(
    int audioObjectType,
    int samplingFrequencyIndex,
    int samplingFrequency,
    int channelConfiguration,
    byte[] tail,
    int tailBits) {

  private static final String LAYER = "aac.asc";

  /** Table 1.18, indices 0..12; 13 and 14 are reserved, 15 escapes to an explicit frequency. */
  private static final int[] SAMPLING_FREQUENCIES = {
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
  };

  private static final int ESCAPE_FREQUENCY_INDEX = 15;
  private static final int ESCAPE_OBJECT_TYPE = 31;

  /** audioObjectType escape: 32 + a 6-bit audioObjectTypeExt. */
  private static final int OBJECT_TYPE_MAX = 32 + 63;

  /** Channels for channelConfiguration 0..15 (Table 1.19; 0 = in a PCE, reserved ones 0). */
  private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 0, 8, 0};

  public AudioSpecificConfig {
    if (audioObjectType < 1 || audioObjectType > OBJECT_TYPE_MAX) {
      throw new IllegalArgumentException("audioObjectType must be 1.." + OBJECT_TYPE_MAX);
    }
    if (samplingFrequencyIndex == ESCAPE_FREQUENCY_INDEX) {
      if (samplingFrequency <= 0 || samplingFrequency > 0xffffff) {
        throw new IllegalArgumentException("explicit samplingFrequency must be 1..2^24-1");
      }
    } else if (samplingFrequencyIndex < 0
        || samplingFrequencyIndex >= SAMPLING_FREQUENCIES.length
        || samplingFrequency != 0) {
      throw new IllegalArgumentException(
          "samplingFrequencyIndex must be 0..12 (frequency 0) or 15 (explicit frequency)");
    }
    if (channelConfiguration < 0 || channelConfiguration > 15) {
      throw new IllegalArgumentException("channelConfiguration must be 0..15");
    }
    Objects.requireNonNull(tail, "tail");
    if (tailBits < 0 || (tailBits + 7) / 8 != tail.length) {
      throw new IllegalArgumentException("tail must hold exactly tailBits bits");
    }
  }

  /**
   * A config for a plain GA object type (e.g. 2 = AAC LC) with a GASpecificConfig for 1024-sample
   * frames, no core coder and no extension: the 2-byte config encoders usually send.
   */
  public static AudioSpecificConfig of(int audioObjectType, int sampleRate, int channelConfig) {
    int index = indexOf(sampleRate);
    int explicit = index == ESCAPE_FREQUENCY_INDEX ? sampleRate : 0;
    // frameLengthFlag 0, dependsOnCoreCoder 0, extensionFlag 0
    return new AudioSpecificConfig(audioObjectType, index, explicit, channelConfig, new byte[1], 3);
  }

  /** Sampling frequency in Hz. */
  public int sampleRate() {
    return samplingFrequencyIndex == ESCAPE_FREQUENCY_INDEX
        ? samplingFrequency
        : SAMPLING_FREQUENCIES[samplingFrequencyIndex];
  }

  /** Output channels implied by channelConfiguration; 0 when a PCE defines them. */
  public int channels() {
    return CHANNELS[channelConfiguration];
  }

  /** Sampling frequency for an index of Table 1.18, for ADTS headers. */
  static int sampleRateOfIndex(int index) {
    return SAMPLING_FREQUENCIES[index];
  }

  public static AudioSpecificConfig parse(byte[] data) {
    return parse(data, 0, data.length);
  }

  public static AudioSpecificConfig parse(byte[] data, int offset, int length) {
    BitReader in = new BitReader(LAYER, data, offset, length);
    int objectType = in.readInt(5);
    if (objectType == ESCAPE_OBJECT_TYPE) {
      objectType = 32 + in.readInt(6);
    }
    ProtocolException.check(objectType != 0, LAYER, "audioObjectType 0 (NULL) at bit 0");
    long indexAt = in.bitPosition();
    int index = in.readInt(4);
    ProtocolException.check(
        index < SAMPLING_FREQUENCIES.length || index == ESCAPE_FREQUENCY_INDEX,
        LAYER,
        "samplingFrequencyIndex " + index + " at bit " + indexAt + " is reserved");
    int explicit = 0;
    if (index == ESCAPE_FREQUENCY_INDEX) {
      explicit = in.readInt(24);
      ProtocolException.check(
          explicit > 0, LAYER, "explicit samplingFrequency at bit " + (indexAt + 4) + " is 0");
    }
    int channels = in.readInt(4);
    int tailBits = (int) in.bitsLeft();
    byte[] tail = new byte[(tailBits + 7) / 8];
    for (int i = 0; i < tailBits; i++) {
      tail[i >>> 3] |= (byte) (in.readBit() << (7 - (i & 7)));
    }
    return new AudioSpecificConfig(objectType, index, explicit, channels, tail, tailBits);
  }

  public byte[] encode() {
    BitWriter out = new BitWriter();
    if (audioObjectType >= ESCAPE_OBJECT_TYPE) {
      out.u(5, ESCAPE_OBJECT_TYPE).u(6, audioObjectType - 32);
    } else {
      out.u(5, audioObjectType);
    }
    out.u(4, samplingFrequencyIndex);
    if (samplingFrequencyIndex == ESCAPE_FREQUENCY_INDEX) {
      out.u(24, samplingFrequency);
    }
    out.u(4, channelConfiguration);
    for (int i = 0; i < tailBits; i++) {
      out.u(1, (tail[i >>> 3] >>> (7 - (i & 7))) & 1);
    }
    return out.toBytes();
  }

  private static int indexOf(int sampleRate) {
    for (int i = 0; i < SAMPLING_FREQUENCIES.length; i++) {
      if (SAMPLING_FREQUENCIES[i] == sampleRate) {
        return i;
      }
    }
    return ESCAPE_FREQUENCY_INDEX;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AudioSpecificConfig a
        && audioObjectType == a.audioObjectType
        && samplingFrequencyIndex == a.samplingFrequencyIndex
        && samplingFrequency == a.samplingFrequency
        && channelConfiguration == a.channelConfiguration
        && tailBits == a.tailBits
        && Arrays.equals(tail, a.tail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
            audioObjectType,
            samplingFrequencyIndex,
            samplingFrequency,
            channelConfiguration,
            tailBits)
        + Arrays.hashCode(tail);
  }

  @Override
  public String toString() {
    return "AudioSpecificConfig[objectType="
        + audioObjectType
        + ", sampleRate="
        + sampleRate()
        + ", channelConfiguration="
        + channelConfiguration
        + ", tailBits="
        + tailBits
        + "]";
  }
}
