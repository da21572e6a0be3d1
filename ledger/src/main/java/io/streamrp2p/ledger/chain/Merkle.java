package io.streamrp2p.ledger.chain;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Merkle root over entity heads, in the shape of RFC 6962: leaf = SHA-256(0x00 || canonical head),
 * node = SHA-256(0x01 || left || right), and an unpaired node moves up unchanged. The prefixes keep
 * a leaf from passing for a node. Heads go in ascending persistence id order.
 */
public final class Merkle {
  private Merkle() {}

  /** Root (hex) over {@code heads}, which must be sorted by persistence id. */
  public static String root(List<EntityHead> heads) {
    if (heads.isEmpty()) {
      return HexFormat.of().formatHex(Chain.sha256(new byte[0]));
    }
    List<byte[]> level = new ArrayList<>(heads.size());
    for (EntityHead h : heads) {
      byte[] c = new Canonical().str(h.persistenceId()).i64(h.seq()).hash(h.hash()).bytes();
      level.add(Chain.sha256(prefixed((byte) 0, c)));
    }
    while (level.size() > 1) {
      List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        if (i + 1 == level.size()) {
          up.add(level.get(i));
        } else {
          byte[] both = new byte[64];
          System.arraycopy(level.get(i), 0, both, 0, 32);
          System.arraycopy(level.get(i + 1), 0, both, 32, 32);
          up.add(Chain.sha256(prefixed((byte) 1, both)));
        }
      }
      level = up;
    }
    return HexFormat.of().formatHex(level.get(0));
  }

  private static byte[] prefixed(byte prefix, byte[] data) {
    byte[] out = new byte[data.length + 1];
    out[0] = prefix;
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }
}
