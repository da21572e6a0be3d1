package io.streamrp2p.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.account.Side;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainTest {
  @TempDir Path dir;

  @Test
  void canonical_fields_fixedWidthBigEndianAndLengthPrefixed() {
    byte[] b = new Canonical().i32(1).i64(2).bool(true).str("é").bytes();
    assertThat(HexFormat.of().formatHex(b))
        .isEqualTo("00000001" + "0000000000000002" + "01" + "00000002c3a9");
  }

  @Test
  void seal_knownEvent_hashIsStableAcrossReleases() {
    // Golden value: if this changes, every stored chain breaks. Change the encoding only with
    // a new versioned type name.
    AccountEntity.LegReserved e =
        Chain.seal(
            "Account|a",
            Head.GENESIS,
            new AccountEntity.LegReserved("t1", Side.DEBIT, 1234, Link.UNSEALED));
    assertThat(e.link().seq()).isEqualTo(1);
    assertThat(e.link().prevHash()).isEqualTo(Chain.GENESIS);
    assertThat(e.link().hash()).isEqualTo(GOLDEN);
    assertThat(Chain.expectedHash("Account|a", e)).isEqualTo(e.link().hash());
  }

  static final String GOLDEN = "34a5066e221b28392477bf674944ea8624152ae95c9efe66ae2ce7c10f4b33f5";

  record Unregistered(String note, Link link) implements LedgerEvent {}

  @Test
  void seal_eventWithoutCanonicalType_failsNamingTheTable() {
    assertThatThrownBy(() -> Chain.seal("X|1", Head.GENESIS, new Unregistered("n", Link.UNSEALED)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CanonicalTypes");
  }

  @Test
  void seal_otherEntityOrAmount_otherHash() {
    AccountEntity.LegReserved a =
        Chain.seal(
            "Account|a",
            Head.GENESIS,
            new AccountEntity.LegReserved("t1", Side.DEBIT, 1234, Link.UNSEALED));
    AccountEntity.LegReserved b =
        Chain.seal(
            "Account|b",
            Head.GENESIS,
            new AccountEntity.LegReserved("t1", Side.DEBIT, 1234, Link.UNSEALED));
    AccountEntity.LegReserved c =
        Chain.seal(
            "Account|a",
            Head.GENESIS,
            new AccountEntity.LegReserved("t1", Side.DEBIT, 1235, Link.UNSEALED));
    assertThat(List.of(b.link().hash(), c.link().hash())).doesNotContain(a.link().hash());
  }

  @Test
  void ledgerKey_reloaded_signsWithTheSamePublicKey() throws Exception {
    LedgerKey k = LedgerKey.loadOrCreate(dir.resolve("ledger.key"));
    LedgerKey again = LedgerKey.loadOrCreate(dir.resolve("ledger.key"));
    assertThat(again.publicKeyBase64()).isEqualTo(k.publicKeyBase64());
    byte[] msg = {1, 2, 3};
    assertThat(LedgerKey.verify(k.publicKeyBase64(), msg, again.sign(msg))).isTrue();
    assertThat(LedgerKey.verify(k.publicKeyBase64(), new byte[] {1, 2, 4}, k.sign(msg))).isFalse();
  }

  @Test
  void merkle_oneHeadChanged_rootChanges() {
    String h = "11".repeat(32);
    List<EntityHead> heads =
        List.of(
            new EntityHead("A|1", 3, h), new EntityHead("A|2", 1, h), new EntityHead("T|9", 2, h));
    List<EntityHead> changed =
        List.of(
            new EntityHead("A|1", 3, h), new EntityHead("A|2", 2, h), new EntityHead("T|9", 2, h));
    assertThat(Merkle.root(heads)).hasSize(64).isNotEqualTo(Merkle.root(changed));
    assertThat(Merkle.root(heads)).isEqualTo(Merkle.root(List.copyOf(heads)));
  }
}
