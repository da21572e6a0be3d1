package io.streamrp2p.tools;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.codec.aac.Adts;
import io.streamrp2p.protocol.flv.FlvReader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.FlvUnit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the tags a publisher sends from an FLV file or an HEVC Annex B elementary stream. */
public final class MediaFiles {
  /**
   * Input files are held in memory so that looping costs no I/O: 1 GiB is about 40 minutes of a 3
   * Mbit/s stream, more than any test or benchmark fixture needs.
   */
  public static final long FILE_BYTES_MAX = 1L << 30;

  /**
   * FLV audio tag header byte for AAC: SoundFormat 10, 44 kHz, 16-bit, stereo (as FLV requires).
   */
  private static final byte[] AAC_HEADER = {(byte) 0xAF};

  private static final long AAC_SAMPLES_PER_FRAME = 1024;

  private MediaFiles() {}

  /** The script, audio and video tags of an FLV file, in file order. */
  public static List<FlvTag> readFlv(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(readBounded(file));
    FlvReader reader = new FlvReader();
    List<FlvTag> tags = new ArrayList<>();
    try {
      for (FlvUnit unit = reader.poll(in); unit != null; unit = reader.poll(in)) {
        if (unit instanceof FlvTag tag && (tag.isAudio() || tag.isVideo() || tag.isScript())) {
          tags.add(tag);
        }
      }
    } catch (ProtocolException e) {
      throw new IOException(file + " is not a valid FLV file: " + e.getMessage(), e);
    }
    if (tags.isEmpty()) {
      throw new IOException(file + " holds no FLV tags");
    }
    return tags;
  }

  /** Enhanced-RTMP HEVC video tags from an Annex B stream at {@code fps} frames per second. */
  public static List<FlvTag> readHevcAnnexB(Path file, int fps) throws IOException {
    try {
      return HevcAnnexB.toTags(readBounded(file), fps);
    } catch (ProtocolException e) {
      throw new IOException(file + " is not a usable HEVC Annex B stream: " + e.getMessage(), e);
    }
  }

  /**
   * AAC tags from an ADTS stream (as {@code ffmpeg -c:a aac -f adts} writes): the sequence header
   * built from the first frame's header, then one raw frame per tag, timed by its 1,024 samples.
   */
  public static List<FlvTag> readAdts(Path file) throws IOException {
    byte[] data = readBounded(file);
    List<FlvTag> tags = new ArrayList<>();
    int at = 0;
    long frames = 0;
    try {
      while (at < data.length) {
        Adts.Header h = Adts.parseHeader(data, at, data.length - at);
        if (h.rawDataBlocks() != 0 || h.frameLength() > data.length - at) {
          throw new IOException(file + ": ADTS frame at byte " + at + " is not one whole block");
        }
        if (tags.isEmpty()) {
          byte[] asc = h.toAudioSpecificConfig().encode();
          tags.add(new FlvTag(FlvTag.TYPE_AUDIO, 0, concat(AAC_HEADER, new byte[] {0}, asc)));
        }
        long ms = frames * AAC_SAMPLES_PER_FRAME * 1000 / h.sampleRate();
        byte[] raw =
            java.util.Arrays.copyOfRange(data, at + h.headerLength(), at + h.frameLength());
        tags.add(new FlvTag(FlvTag.TYPE_AUDIO, ms, concat(AAC_HEADER, new byte[] {1}, raw)));
        frames++;
        at += h.frameLength();
      }
    } catch (ProtocolException e) {
      throw new IOException(file + " is not a valid ADTS stream: " + e.getMessage(), e);
    }
    if (tags.isEmpty()) {
      throw new IOException(file + " holds no ADTS frames");
    }
    return tags;
  }

  /** Two tag lists merged by timestamp (stable: at equal times, {@code a} first). */
  public static List<FlvTag> interleave(List<FlvTag> a, List<FlvTag> b) {
    List<FlvTag> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      boolean takeA =
          j >= b.size() || (i < a.size() && a.get(i).timestamp() <= b.get(j).timestamp());
      out.add(takeA ? a.get(i++) : b.get(j++));
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static byte[] readBounded(Path file) throws IOException {
    long size = Files.size(file);
    if (size > FILE_BYTES_MAX) {
      throw new IOException(file + " has " + size + " bytes, over the limit of " + FILE_BYTES_MAX);
    }
    return Files.readAllBytes(file);
  }
}
