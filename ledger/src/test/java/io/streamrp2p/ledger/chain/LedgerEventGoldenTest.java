package io.streamrp2p.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.account.Side;
import io.streamrp2p.ledger.payout.PayoutEntity;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.ledger.transfer.TransferSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stored ledger events stay readable and their hashes stay valid. For every event type the journal
 * holds (the ledger saves no snapshots), files under {@code src/test/resources/golden} keep what
 * the event's first version wrote: the CBOR bytes and manifest (must still decode to the same
 * event), and the canonical encoding and chain hash (must not change, or every stored chain
 * breaks). Files are named by the canonical type, not the class, so they outlive class renames; a
 * rename needs a Jackson migration for the old manifests to keep decoding, and the files are never
 * rewritten for it. New event types: run once with {@code -Dgolden.write=true} and commit the new
 * files.
 */
class LedgerEventGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/golden");
  private static final String H1 = "a1".repeat(32);
  private static final String H2 = "b2".repeat(32);

  /** Events are sealed after this head, so the golden hashes cover a non-genesis prevHash. */
  private static final Head AFTER = new Head(41, "c3".repeat(32));

  private static final ActorSystem system =
      ActorSystem.create(
          "ledger-golden",
          ConfigFactory.parseString("pekko.actor.provider = local")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    system.terminate();
  }

  /** An event as stored: sealed in the chain of entity {@code persistenceId}. */
  record Sample(String persistenceId, LedgerEvent event) {
    String name() {
      return event.canonicalType();
    }

    @Override
    public String toString() {
      return name();
    }
  }

  static List<Sample> samples() {
    List<Sample> s = new ArrayList<>();
    String account = "Account|friend-1";
    s.add(
        sealed(
            account,
            new AccountEntity.Opened(
                "friend-1", AccountKind.FRIEND_PAYOUT, 840, true, false, Link.UNSEALED)));
    s.add(
        sealed(
            account, new AccountEntity.LegReserved("t-1", Side.DEBIT, 1_500_000, Link.UNSEALED)));
    s.add(
        sealed(
            account, new AccountEntity.LegApplied("t-2", Side.CREDIT, 2_000_000, Link.UNSEALED)));
    s.add(
        sealed(
            account,
            new AccountEntity.LegPosted("t-1", Side.DEBIT, 1_200_000, 1_500_000, Link.UNSEALED)));
    s.add(sealed(account, new AccountEntity.LegReleased("t-3", Side.CREDIT, 0, Link.UNSEALED)));
    String transfer = "Transfer|t-1";
    TransferSpec spec =
        TransferSpec.pending(
            "t-1", "friend-1", "system-payouts", 1_500_000, 840, TransferSpec.CODE_PAYOUT, 3600);
    s.add(sealed(transfer, new TransferEntity.Initiated(spec, 1_767_323_045_678L, Link.UNSEALED)));
    s.add(sealed(transfer, new TransferEntity.Held(1_500_000, Link.UNSEALED)));
    s.add(
        sealed(
            transfer,
            new TransferEntity.ResolutionRequested(true, 1_200_000, "posted", Link.UNSEALED)));
    s.add(sealed(transfer, new TransferEntity.Posted(1_200_000, Link.UNSEALED)));
    s.add(sealed(transfer, new TransferEntity.Voided("timed out", Link.UNSEALED)));
    s.add(
        sealed(
            transfer,
            new TransferEntity.Rejected("EXCEEDS_CREDITS", "friend-1 available 0", Link.UNSEALED)));
    String payout = "Payout|p-1";
    s.add(
        sealed(
            payout,
            new PayoutEntity.Requested(
                "friend-1",
                "system-payouts",
                "0x00000000000000000000000000000000000000aa",
                1_500_000,
                840,
                Link.UNSEALED)));
    s.add(sealed(payout, new PayoutEntity.Submitted("0x" + H1, Link.UNSEALED)));
    s.add(sealed(payout, new PayoutEntity.Confirmed("0x" + H1, Link.UNSEALED)));
    s.add(sealed(payout, new PayoutEntity.Failed("nonce too low", Link.UNSEALED)));
    s.add(checkpoint());
    return s;
  }

  private static Sample checkpoint() {
    List<EntityHead> heads =
        List.of(new EntityHead("Account|friend-1", 42, H1), new EntityHead("Transfer|t-1", 3, H2));
    // Key and signature are fixed strings: the test is about bytes, not about signing.
    LedgerCheckpoint.Taken taken =
        new LedgerCheckpoint.Taken(
            7,
            1_767_323_045_678L,
            heads,
            Merkle.root(heads),
            "MCowBQYDK2VwAyEAgoldenpublickeygoldenpublickeygoldenpu=",
            "goldensignature==",
            Link.UNSEALED);
    return sealed("LedgerCheckpoint|main", taken);
  }

  private static Sample sealed(String persistenceId, LedgerEvent unsealed) {
    return new Sample(persistenceId, Chain.seal(persistenceId, AFTER, unsealed));
  }

  @Test
  void samples_everyPersistedType_hasOne() {
    Set<Class<?>> sampled =
        samples().stream().map(s -> s.event().getClass()).collect(Collectors.toSet());
    Set<Class<?>> persisted =
        Stream.concat(
                Stream.of(
                        AccountEntity.Event.class,
                        TransferEntity.Event.class,
                        PayoutEntity.Event.class)
                    .flatMap(c -> Arrays.stream(c.getPermittedSubclasses())),
                Stream.of(LedgerCheckpoint.Taken.class))
            .collect(Collectors.toSet());
    assertThat(sampled).isEqualTo(persisted);
    assertThat(samples().stream().map(Sample::name).distinct()).hasSize(persisted.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void decode_committedBytes_equalsEvent(Sample sample) throws IOException {
    Serialization serialization = SerializationExtension.get(system);
    Serializer serializer = serialization.findSerializerFor(sample.event());
    assertThat(serializer.getClass().getSimpleName()).isEqualTo("JacksonCborSerializer");
    Path bytesFile = DIR.resolve(sample.name() + ".cbor");
    Path manifestFile = DIR.resolve(sample.name() + ".manifest");
    if (writing(bytesFile)) {
      Files.write(bytesFile, serializer.toBinary(sample.event()));
      Files.writeString(
          manifestFile,
          Serializers.manifestFor(serializer, sample.event())
              + "\n"
              + serializer.identifier()
              + "\n");
    }
    assertThat(bytesFile).as("golden file; write it with -Dgolden.write=true").exists();
    byte[] bytes = Files.readAllBytes(bytesFile);
    List<String> meta = Files.readAllLines(manifestFile, StandardCharsets.UTF_8);
    Object decoded =
        serialization.deserialize(bytes, Integer.parseInt(meta.get(1)), meta.get(0)).get();
    assertThat(decoded).isEqualTo(sample.event());
  }

  /**
   * The golden manifests name the classes as they were first written; since the entities took the
   * XxxEntity names those are not the current ones, so decoding them above goes through
   * EntityRenameMigration. Here: what is written today decodes too, with an unversioned manifest
   * naming the current class.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void decode_bytesWrittenToday_equalsEvent(Sample sample) {
    Serialization serialization = SerializationExtension.get(system);
    Serializer serializer = serialization.findSerializerFor(sample.event());
    String manifest = Serializers.manifestFor(serializer, sample.event());
    assertThat(manifest).isEqualTo(sample.event().getClass().getName());
    Object decoded =
        serialization
            .deserialize(serializer.toBinary(sample.event()), serializer.identifier(), manifest)
            .get();
    assertThat(decoded).isEqualTo(sample.event());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void hash_committedCanonicalEncoding_unchanged(Sample sample) throws IOException {
    LedgerEvent e = sample.event();
    Canonical c =
        new Canonical()
            .str("streamrp2p-ledger-event-v1")
            .str(sample.persistenceId())
            .i64(e.link().seq())
            .hash(e.link().prevHash())
            .str(e.canonicalType());
    e.writeFields(c);
    String encoding = HexFormat.of().formatHex(c.bytes());
    Path encodingFile = DIR.resolve(sample.name() + ".canonical.hex");
    Path hashFile = DIR.resolve(sample.name() + ".sha256");
    if (writing(encodingFile)) {
      Files.writeString(encodingFile, encoding + "\n");
      Files.writeString(hashFile, e.link().hash() + "\n");
    }
    assertThat(encodingFile).as("golden file; write it with -Dgolden.write=true").exists();
    assertThat(encoding).isEqualTo(Files.readString(encodingFile).trim());
    String hash = Files.readString(hashFile).trim();
    assertThat(HexFormat.of().formatHex(sha256(c.bytes()))).isEqualTo(hash);
    assertThat(e.link().hash()).isEqualTo(hash);
    assertThat(Chain.expectedHash(sample.persistenceId(), e)).isEqualTo(hash);
  }

  private static boolean writing(Path file) throws IOException {
    if (Boolean.getBoolean("golden.write") && !Files.exists(file)) {
      Files.createDirectories(DIR);
      return true;
    }
    return false;
  }

  @Test
  void merkleRoot_fixedHeads_matchesRfc6962() {
    List<EntityHead> heads = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      heads.add(
          new EntityHead(
              "Account|a" + i,
              1 + i * 7L,
              HexFormat.of().formatHex(sha256(new byte[] {(byte) i}))));
    }
    for (int n = 0; n <= heads.size(); n++) {
      List<EntityHead> some = heads.subList(0, n);
      assertThat(Merkle.root(some)).as(n + " heads").isEqualTo(rfc6962Root(some));
    }
  }

  /**
   * RFC 6962 section 2.1, written from the spec and docs/ledger.md rather than from Merkle: MTH({})
   * = SHA-256(), a leaf is SHA-256(0x00 || head), and n > 1 heads split at the largest power of two
   * k < n into SHA-256(0x01 || MTH(first k) || MTH(rest)). A head is its persistence id (4-byte
   * big-endian UTF-8 length, then the bytes), its seq (8 bytes big-endian) and its hash (32 raw
   * bytes).
   */
  private static String rfc6962Root(List<EntityHead> heads) {
    return HexFormat.of().formatHex(mth(heads));
  }

  private static byte[] mth(List<EntityHead> heads) {
    if (heads.isEmpty()) {
      return sha256(new byte[0]);
    }
    if (heads.size() == 1) {
      return sha256(new byte[] {0}, headBytes(heads.get(0)));
    }
    int k = Integer.highestOneBit(heads.size() - 1);
    return sha256(new byte[] {1}, mth(heads.subList(0, k)), mth(heads.subList(k, heads.size())));
  }

  private static byte[] headBytes(EntityHead h) {
    byte[] id = h.persistenceId().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + id.length + 8 + 32)
        .putInt(id.length)
        .put(id)
        .putLong(h.seq())
        .put(HexFormat.of().parseHex(h.hash()))
        .array();
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
