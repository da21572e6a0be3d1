package io.streamrp2p.protocol.rtmp.handshake;

import static io.streamrp2p.protocol.rtmp.handshake.ServerHandshakeTest.CLOCK;
import static io.streamrp2p.protocol.rtmp.handshake.ServerHandshakeTest.FP_KEY_30;
import static io.streamrp2p.protocol.rtmp.handshake.ServerHandshakeTest.concat;
import static io.streamrp2p.protocol.rtmp.handshake.ServerHandshakeTest.hmac;
import static io.streamrp2p.protocol.rtmp.handshake.ServerHandshakeTest.offset;
import static io.streamrp2p.protocol.rtmp.handshake.ServerHandshakeTest.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientHandshakeTest {
  @ParameterizedTest
  @EnumSource(HandshakeType.class)
  void receive_againstOurServer_completesBothSides(HandshakeType type) {
    ClientHandshake client = new ClientHandshake(type, new Random(2), CLOCK);
    ServerHandshake server = new ServerHandshake(new Random(3), CLOCK);

    byte[] s0s1s2 = server.receive(ByteBuffer.wrap(client.start()));
    byte[] c2 = client.receive(ByteBuffer.wrap(s0s1s2));
    server.receive(ByteBuffer.wrap(c2));

    assertThat(client.isComplete()).isTrue();
    assertThat(server.isComplete()).isTrue();
    assertThat(server.type()).isEqualTo(type);
    assertThat(client.isServerDigestVerified()).isEqualTo(type != HandshakeType.PLAIN);
  }

  @ParameterizedTest
  @EnumSource(
      value = HandshakeType.class,
      names = "DIGEST_SCHEME_.*",
      mode = EnumSource.Mode.MATCH_ALL)
  void start_digestType_imprintsValidPlayerDigest(HandshakeType type) {
    byte[] c1 =
        Arrays.copyOfRange(new ClientHandshake(type, new Random(4), CLOCK).start(), 1, 1537);

    int at = offset(c1, type == HandshakeType.DIGEST_SCHEME_0 ? 8 : 772);
    assertThat(Arrays.copyOfRange(c1, at, at + 32)).isEqualTo(hmac(FP_KEY_30, without(c1, at)));
    assertThat(Arrays.copyOfRange(c1, 4, 8)).containsExactly(9, 0, 124, 2);
  }

  @Test
  void receive_plainServer_echoesS1AsC2() {
    ClientHandshake client =
        new ClientHandshake(HandshakeType.DIGEST_SCHEME_0, new Random(2), CLOCK);
    client.start();
    byte[] s1 = new byte[1536];
    new Random(5).nextBytes(s1);
    Arrays.fill(s1, 4, 8, (byte) 0);

    byte[] c2 = client.receive(ByteBuffer.wrap(concat(new byte[] {3}, s1)));

    assertThat(c2).isEqualTo(s1);
    assertThat(client.isServerDigestVerified()).isFalse();
    assertThat(client.isComplete()).isFalse();
  }

  @Test
  void receive_wrongS0Version_throwsProtocolException() {
    ClientHandshake client = new ClientHandshake(HandshakeType.PLAIN, new Random(2), CLOCK);
    client.start();

    assertThatThrownBy(() -> client.receive(ByteBuffer.wrap(new byte[] {6})))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("S0 version");
  }

  @Test
  void receive_tamperedS2_throwsProtocolException() {
    ClientHandshake client =
        new ClientHandshake(HandshakeType.DIGEST_SCHEME_1, new Random(2), CLOCK);
    byte[] response =
        new ServerHandshake(new Random(3), CLOCK).receive(ByteBuffer.wrap(client.start()));
    response[response.length - 1] ^= 1;

    assertThatThrownBy(() -> client.receive(ByteBuffer.wrap(response)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("S2 signature");
  }

  @Test
  void receive_truncatedS0S1_consumesNothing() {
    ClientHandshake client = new ClientHandshake(HandshakeType.PLAIN, new Random(2), CLOCK);
    client.start();
    ByteBuffer in = ByteBuffer.wrap(concat(new byte[] {3}, new byte[1535]));

    assertThat(client.receive(in)).isEmpty();
    assertThat(in.position()).isZero();
  }

  @Test
  void receive_beforeStart_throwsIllegalState() {
    ClientHandshake client = new ClientHandshake(HandshakeType.PLAIN, new Random(2), CLOCK);

    assertThatThrownBy(() -> client.receive(ByteBuffer.allocate(0)))
        .isInstanceOf(IllegalStateException.class);
  }
}
