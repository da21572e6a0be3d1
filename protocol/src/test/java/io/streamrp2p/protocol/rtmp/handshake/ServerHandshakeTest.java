package io.streamrp2p.protocol.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerHandshakeTest {
  /** The 32 bytes both Adobe keys end with, written out here independently of the main code. */
  private static final String KEY_TAIL_HEX =
      "f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae";

  static final byte[] FP_KEY_30 = ascii("Genuine Adobe Flash Player 001");
  static final byte[] FMS_KEY_36 = ascii("Genuine Adobe Flash Media Server 001");
  static final byte[] FMS_KEY_68 = concat(FMS_KEY_36, HexFormat.of().parseHex(KEY_TAIL_HEX));

  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(0x12345678L), ZoneOffset.UTC);

  /**
   * Hand-built C1: byte i is (7i + 3) mod 256, time 0, version 9.0.124.2, and a digest whose offset
   * and value were computed outside Java (Python hmac/hashlib) so that a wrong key or offset
   * formula in both the code and this test would still fail.
   */
  static Stream<Arguments> knownC1() {
    return Stream.of(
        Arguments.of(
            HandshakeType.DIGEST_SCHEME_0,
            8,
            290,
            "612af37c38c4a1b74e5737fc4021ded17ed92a9431c19bc665cf421131bad8a6"),
        Arguments.of(
            HandshakeType.DIGEST_SCHEME_1,
            772,
            942,
            "e6a7fbdda4aab503b4e693e92d6f18d9d4b89f3ef0e95fffe767a4830aa37109"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownC1")
  void receive_knownDigestC1_answersWithValidS1AndS2(
      HandshakeType scheme, int base, int digestAt, String digestHex) throws Exception {
    byte[] c1 = patternC1();
    byte[] digest = hmac(FP_KEY_30, without(c1, digestAt));
    assertThat(HexFormat.of().formatHex(digest)).isEqualTo(digestHex);
    System.arraycopy(digest, 0, c1, digestAt, 32);
    ServerHandshake server = new ServerHandshake(new Random(1), CLOCK);

    byte[] out = server.receive(ByteBuffer.wrap(concat(new byte[] {3}, c1)));

    assertThat(server.type()).isEqualTo(scheme);
    assertThat(out).hasSize(3073);
    assertThat(out[0]).isEqualTo((byte) 3); // S0
    byte[] s1 = Arrays.copyOfRange(out, 1, 1537);
    byte[] s2 = Arrays.copyOfRange(out, 1537, 3073);
    assertThat(ByteBuffer.wrap(s1).getInt(0)).isEqualTo(0x12345678); // time from the clock
    assertThat(Arrays.copyOfRange(s1, 4, 8)).containsExactly(4, 5, 0, 1); // FMS version
    int s1DigestAt = offset(s1, base);
    assertThat(Arrays.copyOfRange(s1, s1DigestAt, s1DigestAt + 32))
        .isEqualTo(hmac(FMS_KEY_36, without(s1, s1DigestAt)));
    byte[] s2Key = hmac(FMS_KEY_68, digest);
    assertThat(Arrays.copyOfRange(s2, 1504, 1536)).isEqualTo(hmac(s2Key, Arrays.copyOf(s2, 1504)));
  }

  @Test
  void receive_plainC1_echoesC1AsS2WithZeroVersion() {
    byte[] c1 = patternC1();
    Arrays.fill(c1, 4, 8, (byte) 0);
    ServerHandshake server = new ServerHandshake(new Random(1), CLOCK);

    byte[] out = server.receive(ByteBuffer.wrap(concat(new byte[] {3}, c1)));

    assertThat(server.type()).isEqualTo(HandshakeType.PLAIN);
    assertThat(Arrays.copyOfRange(out, 5, 9)).containsExactly(0, 0, 0, 0);
    assertThat(Arrays.copyOfRange(out, 1537, 3073)).isEqualTo(c1);
  }

  @Test
  void receive_c1WithWrongDigest_fallsBackToPlain() {
    byte[] c1 = patternC1(); // version set, but no digest imprinted
    ServerHandshake server = new ServerHandshake(new Random(1), CLOCK);

    byte[] out = server.receive(ByteBuffer.wrap(concat(new byte[] {3}, c1)));

    assertThat(server.type()).isEqualTo(HandshakeType.PLAIN);
    assertThat(Arrays.copyOfRange(out, 1537, 3073)).isEqualTo(c1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 6, 0x47, 0xFF}) // 6 is RTMPE, 0x47 is the 'G' of an HTTP GET
  void receive_wrongVersion_throwsAndConsumesNothing(int version) {
    ServerHandshake server = new ServerHandshake(new Random(1), CLOCK);
    ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) version});

    assertThatThrownBy(() -> server.receive(in))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("rtmp.handshake: ");
    assertThat(in.position()).isZero();
  }

  @Test
  void receive_truncatedC0C1_consumesNothingAndIsNotComplete() {
    ServerHandshake server = new ServerHandshake(new Random(1), CLOCK);
    ByteBuffer in = ByteBuffer.wrap(concat(new byte[] {3}, new byte[1535]));

    assertThat(server.receive(in)).isEmpty();
    assertThat(in.position()).isZero();
    assertThat(server.isComplete()).isFalse();
    assertThat(server.type()).isNull();
  }

  @Test
  void receive_truncatedC2_consumesNothingOfItAndIsNotComplete() {
    ServerHandshake server = new ServerHandshake(new Random(1), CLOCK);
    server.receive(ByteBuffer.wrap(concat(new byte[] {3}, new byte[1536])));
    ByteBuffer in = ByteBuffer.wrap(new byte[1535]);

    assertThat(server.receive(in)).isEmpty();
    assertThat(in.position()).isZero();
    assertThat(server.isComplete()).isFalse();
  }

  @Test
  void receive_everythingAtOnce_completesAndLeavesTheRest() {
    ServerHandshake server = new ServerHandshake(new Random(1), CLOCK);
    ByteBuffer in = ByteBuffer.wrap(concat(new byte[] {3}, new byte[1536 * 2 + 5]));

    assertThat(server.receive(in)).hasSize(3073);
    assertThat(server.isComplete()).isTrue();
    assertThat(in.remaining()).isEqualTo(5);
  }

  @Test
  void receive_afterComplete_throwsIllegalState() {
    ServerHandshake server = new ServerHandshake(new Random(1), CLOCK);
    server.receive(ByteBuffer.wrap(concat(new byte[] {3}, new byte[1536 * 2])));

    assertThatThrownBy(() -> server.receive(ByteBuffer.allocate(0)))
        .isInstanceOf(IllegalStateException.class);
  }

  static byte[] patternC1() {
    byte[] c1 = new byte[1536];
    for (int i = 0; i < c1.length; i++) {
      c1[i] = (byte) (i * 7 + 3);
    }
    Arrays.fill(c1, 0, 4, (byte) 0); // time 0
    c1[4] = 9; // version 9.0.124.2
    c1[5] = 0;
    c1[6] = 124;
    c1[7] = 2;
    return c1;
  }

  /** Digest offset: sum of the 4 bytes at base, mod 728, plus base + 4. */
  static int offset(byte[] packet, int base) {
    int sum = 0;
    for (int i = base; i < base + 4; i++) {
      sum += packet[i] & 0xFF;
    }
    return sum % 728 + base + 4;
  }

  static byte[] without(byte[] packet, int digestAt) {
    return concat(
        Arrays.copyOfRange(packet, 0, digestAt), Arrays.copyOfRange(packet, digestAt + 32, 1536));
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
