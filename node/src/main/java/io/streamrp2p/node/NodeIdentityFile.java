package io.streamrp2p.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamrp2p.protocol.keys.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node's identity on disk: {@code node.json} in the data directory, holding its private key. It
 * is created with mode 0600 from the start (never written first and narrowed after, so no other
 * user can read it in between), replaced atomically, and refused at load when group or others may
 * read or write it: a key others could read is a key others may hold.
 */
public final class NodeIdentityFile {
  static final String NAME = "node.json";

  /** A node file is a few hundred bytes; anything much larger is not one. */
  static final long FILE_BYTES_MAX = 64 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private NodeIdentityFile() {}

  /** Where {@code dataDir}'s identity lives. */
  public static Path in(Path dataDir) {
    return dataDir.resolve(NAME);
  }

  /** The identity in {@code dataDir}, or empty if the node never registered there. */
  public static Optional<NodeIdentity> load(Path dataDir) throws IOException {
    Path file = in(dataDir);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    byte[] json =
        PrivateFiles.read(
            file,
            FILE_BYTES_MAX,
            "the node's private key",
            "if no one else saw it, else register the node again");
    try {
      return Optional.of(JSON.readValue(json, NodeIdentity.class));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code identity} into {@code dataDir} (created 0700 if missing): to a new 0600 file
   * beside it, then moved over the old one in one step.
   */
  public static void save(Path dataDir, NodeIdentity identity) throws IOException {
    PrivateFiles.write(in(dataDir), JSON.writeValueAsBytes(identity));
  }
}
