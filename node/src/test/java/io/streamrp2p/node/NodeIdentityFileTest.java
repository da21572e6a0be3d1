package io.streamrp2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityFileTest {
  @TempDir Path dir;

  private static NodeIdentity identity() {
    return new NodeIdentity(
        "n_0123456789abcdef",
        "alice",
        "MC4CAQAwBQYDK2VwBCIEIA==",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        List.of("http://127.0.0.1:8080", "http://127.0.0.1:8081"),
        "http://node.example:8090",
        20,
        "127.0.0.1",
        8090,
        "127.0.0.1",
        1936);
  }

  @Test
  void save_thenLoad_givesTheSameIdentity_inAFileOnlyItsOwnerCanRead() throws IOException {
    NodeIdentityFile.save(dir.resolve("node"), identity());
    Path file = NodeIdentityFile.in(dir.resolve("node"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(NodeIdentityFile.load(dir.resolve("node"))).contains(identity());
  }

  @Test
  void load_noFile_isEmpty() throws IOException {
    assertThat(NodeIdentityFile.load(dir)).isEmpty();
  }

  @Test
  void load_fileOthersCanRead_isRefusedNamingTheFix() throws IOException {
    NodeIdentityFile.save(dir, identity());
    Path file = NodeIdentityFile.in(dir);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> NodeIdentityFile.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("may be read or written by others (mode rw-r--r--)")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void load_fileGroupCanWrite_isRefused() throws IOException {
    NodeIdentityFile.save(dir, identity());
    Files.setPosixFilePermissions(
        NodeIdentityFile.in(dir), PosixFilePermissions.fromString("rw--w----"));
    assertThatThrownBy(() -> NodeIdentityFile.load(dir)).hasMessageContaining("(mode rw--w----)");
  }

  @Test
  void save_again_replacesTheIdentityAndKeepsTheMode() throws IOException {
    NodeIdentityFile.save(dir, identity());
    NodeIdentity moved =
        new NodeIdentity(
            "n_0123456789abcdef",
            "alice",
            identity().privateKey(),
            identity().publicKey(),
            List.of("http://hub.example"),
            "http://node.example:8090",
            50,
            "0.0.0.0",
            8090,
            "0.0.0.0",
            1936);
    NodeIdentityFile.save(dir, moved);
    assertThat(NodeIdentityFile.load(dir)).contains(moved);
    assertThat(Files.exists(dir.resolve("node.json.new"))).isFalse();
  }

  @Test
  void load_garbage_isRefusedNamingTheFile() throws IOException {
    Path file = NodeIdentityFile.in(dir);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, "{\"nodeId\": 3");
    assertThatThrownBy(() -> NodeIdentityFile.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot read " + file);
  }

  @Test
  void load_unknownField_isRefused() throws IOException {
    NodeIdentityFile.save(dir, identity());
    Path file = NodeIdentityFile.in(dir);
    Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"extra\": 1,"));
    assertThatThrownBy(() -> NodeIdentityFile.load(dir)).hasMessageContaining("extra");
  }
}
