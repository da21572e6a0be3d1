package io.streamrp2p.tools;

import io.streamrp2p.protocol.ProtocolException;
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
   * Input files are held in memory so that looping costs no I/O: 1 GiB is about 40 minutes of a
   * 3 Mbit/s stream, more than any test or benchmark fixture needs.
   */
  public static final long FILE_BYTES_MAX = 1L << 30;

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

  private static byte[] readBounded(Path file) throws IOException {
    long size = Files.size(file);
    if (size > FILE_BYTES_MAX) {
      throw new IOException(file + " has " + size + " bytes, over the limit of " + FILE_BYTES_MAX);
    }
    return Files.readAllBytes(file);
  }
}
