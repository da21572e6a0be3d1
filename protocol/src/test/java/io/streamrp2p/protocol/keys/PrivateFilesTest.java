package io.streamrp2p.protocol.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
  @TempDir Path dir;

  @Test
  void write_newFile_isOwnerOnlyAndReadsBack() throws IOException {
    Path file = dir.resolve("keys").resolve("secret.key");
    PrivateFiles.write(file, "s3cret".getBytes(StandardCharsets.US_ASCII));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.exists(dir.resolve("keys").resolve("secret.key.new"))).isFalse();
    assertThat(new String(PrivateFiles.read(file, 100, "a key", ""), StandardCharsets.US_ASCII))
        .isEqualTo("s3cret");
  }

  @Test
  void write_overAFileOthersCouldRead_leavesAnOwnerOnlyFile() throws IOException {
    Path file = dir.resolve("secret.key");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    PrivateFiles.write(file, "new".getBytes(StandardCharsets.US_ASCII));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void read_fileGroupCanRead_refusedNamingModeAndRemedy() throws IOException {
    Path file = dir.resolve("secret.key");
    Files.writeString(file, "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(
            () -> PrivateFiles.read(file, 100, "the ledger's signing key", "then rotate"))
        .isInstanceOf(IOException.class)
        .hasMessage(
            file
                + " may be read or written by others (mode rw-r-----): it holds the ledger's"
                + " signing key; run chmod 600 "
                + file
                + " then rotate");
  }

  @Test
  void read_symlinkOrOversizedFile_refused() throws IOException {
    Path file = dir.resolve("secret.key");
    PrivateFiles.write(file, new byte[200]);
    assertThatThrownBy(() -> PrivateFiles.read(file, 100, "a key", ""))
        .hasMessageContaining("is larger than 100 bytes");
    Path link = Files.createSymbolicLink(dir.resolve("link.key"), file);
    assertThatThrownBy(() -> PrivateFiles.read(link, 1000, "a key", ""))
        .hasMessageContaining("is not a regular file");
  }
}
