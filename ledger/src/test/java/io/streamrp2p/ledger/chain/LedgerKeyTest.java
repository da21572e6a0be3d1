package io.streamrp2p.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerKeyTest {
  @TempDir Path dir;

  @Test
  void loadOrCreate_noFile_createsAnOwnerOnlyFileHoldingTheSameKey() throws IOException {
    Path file = dir.resolve("ledger").resolve("ledger.key");
    LedgerKey created = LedgerKey.loadOrCreate(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    LedgerKey loaded = LedgerKey.loadOrCreate(file);
    assertThat(loaded.publicKeyBase64()).isEqualTo(created.publicKeyBase64());
    byte[] message = "checkpoint".getBytes(StandardCharsets.US_ASCII);
    assertThat(LedgerKey.verify(created.publicKeyBase64(), message, loaded.sign(message))).isTrue();
  }

  @Test
  void loadOrCreate_fileOthersMayRead_refusedAndNotUsed() throws IOException {
    Path file = dir.resolve("ledger.key");
    LedgerKey.loadOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> LedgerKey.loadOrCreate(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("may be read or written by others (mode rw-r--r--)")
        .hasMessageContaining("the ledger's signing key")
        .hasMessageContaining("run chmod 600 " + file);
  }
}
