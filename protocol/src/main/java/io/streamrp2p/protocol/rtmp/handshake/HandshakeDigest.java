package io.streamrp2p.protocol.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The digest arithmetic of the Flash handshake, shared by both sides. */
final class HandshakeDigest {
  static final int PACKET_BYTES = 1536;
  static final int DIGEST_BYTES = 32;

  /** Digest offsets are taken modulo this so the digest stays inside its 764-byte half. */
  private static final int OFFSET_MODULUS = 728;

  private static final byte[] KEY_TAIL = {
    (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE,
    (byte) 0xE8, (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E,
    (byte) 0x7E, (byte) 0x57, (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29,
    (byte) 0x80, (byte) 0x6F, (byte) 0xAB, (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36,
    (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE
  };

  /** Flash Player key: 30 text bytes sign C1, all 62 bytes derive the C2 key. */
  static final byte[] PLAYER_KEY = concat("Genuine Adobe Flash Player 001", KEY_TAIL);

  static final int PLAYER_KEY_TEXT_BYTES = 30;

  /** Media Server key: 36 text bytes sign S1, all 68 bytes derive the S2 key. */
  static final byte[] SERVER_KEY = concat("Genuine Adobe Flash Media Server 001", KEY_TAIL);

  static final int SERVER_KEY_TEXT_BYTES = 36;

  private HandshakeDigest() {}

  /** Where the 32-byte digest sits in {@code packet} under {@code type}. */
  static int digestOffset(byte[] packet, HandshakeType type) {
    int base = type.offsetBase();
    int sum =
        (packet[base] & 0xFF)
            + (packet[base + 1] & 0xFF)
            + (packet[base + 2] & 0xFF)
            + (packet[base + 3] & 0xFF);
    return sum % OFFSET_MODULUS + base + 4;
  }

  /** HMAC-SHA256 of the packet without its digest bytes, keyed by a prefix of {@code key}. */
  static byte[] packetDigest(byte[] packet, int digestOffset, byte[] key, int keyBytes) {
    Mac mac = mac(key, keyBytes);
    mac.update(packet, 0, digestOffset);
    int after = digestOffset + DIGEST_BYTES;
    mac.update(packet, after, PACKET_BYTES - after);
    return mac.doFinal();
  }

  /** Writes the digest into {@code packet}; returns its offset. */
  static int imprint(byte[] packet, HandshakeType type, byte[] key, int keyBytes) {
    int offset = digestOffset(packet, type);
    byte[] digest = packetDigest(packet, offset, key, keyBytes);
    System.arraycopy(digest, 0, packet, offset, DIGEST_BYTES);
    return offset;
  }

  /**
   * The scheme whose digest validates, scheme 0 tried first; {@link HandshakeType#PLAIN} if none.
   */
  static HandshakeType detect(byte[] packet, byte[] key, int keyBytes) {
    for (HandshakeType type :
        new HandshakeType[] {HandshakeType.DIGEST_SCHEME_0, HandshakeType.DIGEST_SCHEME_1}) {
      int offset = digestOffset(packet, type);
      byte[] expected = packetDigest(packet, offset, key, keyBytes);
      if (Arrays.equals(expected, 0, DIGEST_BYTES, packet, offset, offset + DIGEST_BYTES)) {
        return type;
      }
    }
    return HandshakeType.PLAIN;
  }

  /** The S2/C2 form: random bytes ending in HMAC(HMAC(fullKey, peerDigest), first 1504 bytes). */
  static void sign(byte[] response, byte[] peerDigest, byte[] fullKey) {
    byte[] key = mac(fullKey, fullKey.length).doFinal(peerDigest);
    byte[] signature = signature(response, key);
    System.arraycopy(signature, 0, response, PACKET_BYTES - DIGEST_BYTES, DIGEST_BYTES);
  }

  /** Whether {@code response} carries the signature {@link #sign} would write. */
  static boolean isSigned(byte[] response, byte[] peerDigest, byte[] fullKey) {
    byte[] key = mac(fullKey, fullKey.length).doFinal(peerDigest);
    byte[] signature = signature(response, key);
    int at = PACKET_BYTES - DIGEST_BYTES;
    return Arrays.equals(signature, 0, DIGEST_BYTES, response, at, PACKET_BYTES);
  }

  private static byte[] signature(byte[] response, byte[] key) {
    Mac mac = mac(key, key.length);
    mac.update(response, 0, PACKET_BYTES - DIGEST_BYTES);
    return mac.doFinal();
  }

  private static Mac mac(byte[] key, int keyBytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, 0, keyBytes, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      // Every Java SE platform must provide HmacSHA256.
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] concat(String text, byte[] tail) {
    byte[] head = text.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
