package io.streamrp2p.protocol.keys;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold a private key (the ledger's signing key, the viewer-ticket key, a node's
 * identity): written with mode 0600 from their first byte, whatever the process umask, and read
 * only while nobody but their owner may read or write them.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /**
   * Writes {@code content} to {@code file}: into a new 0600 file beside it, then moved over it in
   * one step, so no reader ever sees a partial file or one others could read. The directory is
   * created (0700) if missing.
   */
  public static void write(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = dir.resolve(file.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("another process is writing " + tmp, e);
    }
    // createFile's mode is filtered by the umask, which may take the owner's bits too.
    Files.setPosixFilePermissions(tmp, OWNER_ONLY);
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Reads {@code file} after checking that it is a regular file (not a link) of at most {@code
   * bytesMax} bytes that only its owner may read or write.
   *
   * @param holds what the file holds, for the refusal ("the ledger's signing key")
   * @param remedy what to do about others' access, after "run chmod 600 FILE"
   * @throws IOException naming the file, its mode and the remedy when others may use it
   */
  public static byte[] read(Path file, long bytesMax, String holds, String remedy)
      throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(file + " is not a regular file");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new IOException(
          file
              + " may be read or written by others (mode "
              + PosixFilePermissions.toString(perms)
              + "): it holds "
              + holds
              + "; run chmod 600 "
              + file
              + (remedy.isEmpty() ? "" : " " + remedy));
    }
    if (Files.size(file) > bytesMax) {
      throw new IOException(file + " is larger than " + bytesMax + " bytes");
    }
    return Files.readAllBytes(file);
  }
}
