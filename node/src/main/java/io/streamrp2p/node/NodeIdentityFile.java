package io.streamrp2p.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

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

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

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
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(file + " is not a regular file");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new IOException(
          file
              + " may be read or written by others (mode "
              + PosixFilePermissions.toString(perms)
              + "): it holds the node's private key; run chmod 600 "
              + file
              + " if no one else saw it, else register the node again");
    }
    if (Files.size(file) > FILE_BYTES_MAX) {
      throw new IOException(file + " is larger than " + FILE_BYTES_MAX + " bytes");
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), NodeIdentity.class));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code identity} into {@code dataDir} (created 0700 if missing): to a new 0600 file
   * beside it, then moved over the old one in one step.
   */
  public static void save(Path dataDir, NodeIdentity identity) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      Files.createDirectories(
          dataDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = dataDir.resolve(NAME + ".new");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("another process is writing " + tmp, e);
    }
    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
      JSON.writeValue(out, identity);
    }
    Files.move(
        tmp, in(dataDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
