package io.streamrp2p.hub.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ticket.TicketVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketKeysTest {
  private static final long NOW = 1_772_366_400_000L; // 2026-03-01T12:00:00Z

  @TempDir Path dir;

  @Test
  void loadOrCreate_noFile_writesAFileOnlyItsOwnerCanRead() throws IOException {
    Path file = dir.resolve("keys").resolve("ticket.key");

    TicketKeys.loadOrCreate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(file.resolveSibling("ticket.key.new")).doesNotExist();
  }

  @Test
  void loadOrCreate_existingFile_loadsTheSameKey() throws IOException {
    Path file = dir.resolve("ticket.key");
    TicketKeys created = TicketKeys.loadOrCreate(file);

    TicketKeys loaded = TicketKeys.loadOrCreate(file);

    assertThat(loaded.keyId()).isEqualTo(created.keyId());
    assertThat(loaded.publicKeyText()).isEqualTo(created.publicKeyText());
    String wire =
        created.signer().issue("cooking", "n_1", "v-1", NOW, Duration.ofMinutes(5)).wire();
    assertThat(loaded.verifier().verify(wire, "n_1", "cooking", NOW))
        .isInstanceOf(TicketVerdict.Accepted.class);
  }

  @Test
  void loadOrCreate_twoFiles_haveDifferentKeyIds() throws IOException {
    TicketKeys a = TicketKeys.loadOrCreate(dir.resolve("a.key"));
    TicketKeys b = TicketKeys.loadOrCreate(dir.resolve("b.key"));

    assertThat(a.keyId()).isNotEqualTo(b.keyId());
  }

  @Test
  void loadOrCreate_fileOthersCanRead_isRefusedNamingChmod600() throws IOException {
    Path file = dir.resolve("ticket.key");
    TicketKeys.loadOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> TicketKeys.loadOrCreate(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("mode rw-r--r--")
        .hasMessageContaining("chmod 600");
  }
}
