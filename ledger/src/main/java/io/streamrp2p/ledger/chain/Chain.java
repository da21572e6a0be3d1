package io.streamrp2p.ledger.chain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The per-entity SHA-256 hash chain. An event's hash is SHA-256 over: the domain tag {@value
 * #DOMAIN}, the entity's persistence id, the event's sequence number, the previous event's hash,
 * the event's canonical type, and its canonical fields ({@link Canonical}).
 */
public final class Chain {
  public static final String GENESIS = "0".repeat(64);
  static final String DOMAIN = "streamrp2p-ledger-event-v1";

  private Chain() {}

  /** Gives {@code unsealed} the link that follows {@code head} in entity {@code persistenceId}. */
  @SuppressWarnings("unchecked")
  public static <E extends LedgerEvent> E seal(String persistenceId, Head head, E unsealed) {
    long seq = head.seq() + 1;
    String h = hash(persistenceId, seq, head.hash(), unsealed);
    return (E) unsealed.withLink(new Link(seq, head.hash(), h));
  }

  /** The hash {@code e} must carry, computed from its content and its link's seq and prevHash. */
  public static String expectedHash(String persistenceId, LedgerEvent e) {
    return hash(persistenceId, e.link().seq(), e.link().prevHash(), e);
  }

  static String hash(String persistenceId, long seq, String prevHash, LedgerEvent e) {
    Canonical c =
        new Canonical()
            .str(DOMAIN)
            .str(persistenceId)
            .i64(seq)
            .hash(prevHash)
            .str(e.canonicalType());
    e.writeFields(c);
    return HexFormat.of().formatHex(c.sha256());
  }

  /** One digest per thread: getInstance costs a provider lookup, the audit hashes millions. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JDK has SHA-256", e);
            }
          });

  public static byte[] sha256(byte[] data) {
    return sha256(data, data.length);
  }

  static byte[] sha256(byte[] data, int length) {
    MessageDigest md = SHA256.get();
    md.update(data, 0, length);
    return md.digest(); // digest() resets the instance for the next use
  }

  /** Always-on check for programmer errors (the {@code assert} keyword is off by default). */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  /**
   * As {@link #require(boolean, String)}, with the message built only on failure: entities check
   * several invariants per event, and formatting records for messages that are never shown was a
   * measurable share of the CPU per event.
   */
  public static void require(boolean condition, Supplier<String> message) {
    if (!condition) {
      throw new IllegalStateException(message.get());
    }
  }
}
