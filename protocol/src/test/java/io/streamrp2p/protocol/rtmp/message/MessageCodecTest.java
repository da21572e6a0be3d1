package io.streamrp2p.protocol.rtmp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import io.streamrp2p.protocol.rtmp.message.SetPeerBandwidth.LimitType;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table of (name, wire message, decoded record) drives both decode and encode. */
class MessageCodecTest {
  record Case(String name, RawMessage raw, Object decoded, Function<RawMessage, ?> decoder) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.concat(protocolControlCases(), userControlAndMediaCases());
  }

  private static Stream<Case> protocolControlCases() {
    return Stream.of(
        new Case(
            "Set Chunk Size 4096",
            control(1, "00 00 10 00"),
            new SetChunkSize(4096),
            SetChunkSize::decode),
        new Case("Abort csid 4", control(2, "00 00 00 04"), new Abort(4), Abort::decode),
        new Case(
            "Acknowledgement 2^32-1",
            control(3, "FF FF FF FF"),
            new Acknowledgement(0xFFFFFFFFL),
            Acknowledgement::decode),
        new Case(
            "Window Acknowledgement Size 2500000",
            control(5, "00 26 25 A0"),
            new WindowAcknowledgementSize(2_500_000),
            WindowAcknowledgementSize::decode),
        new Case(
            "Set Peer Bandwidth dynamic",
            control(6, "00 26 25 A0 02"),
            new SetPeerBandwidth(2_500_000, LimitType.DYNAMIC),
            SetPeerBandwidth::decode));
  }

  private static Stream<Case> userControlAndMediaCases() {
    return Stream.of(
        new Case(
            "StreamBegin 1",
            control(4, "00 00 00 00 00 01"),
            new UserControl.StreamBegin(1),
            UserControl::decode),
        new Case(
            "StreamEOF 1",
            control(4, "00 01 00 00 00 01"),
            new UserControl.StreamEof(1),
            UserControl::decode),
        new Case(
            "StreamDry 1",
            control(4, "00 02 00 00 00 01"),
            new UserControl.StreamDry(1),
            UserControl::decode),
        new Case(
            "SetBufferLength 1, 3000 ms",
            control(4, "00 03 00 00 00 01 00 00 0B B8"),
            new UserControl.SetBufferLength(1, 3000),
            UserControl::decode),
        new Case(
            "StreamIsRecorded 1",
            control(4, "00 04 00 00 00 01"),
            new UserControl.StreamIsRecorded(1),
            UserControl::decode),
        new Case(
            "PingRequest",
            control(4, "00 06 12 34 56 78"),
            new UserControl.PingRequest(0x12345678L),
            UserControl::decode),
        new Case(
            "PingResponse",
            control(4, "00 07 12 34 56 78"),
            new UserControl.PingResponse(0x12345678L),
            UserControl::decode),
        new Case(
            "unknown event 26 (SWF verify request)",
            control(4, "00 1A"),
            new UserControl.Other(26, new byte[0]),
            UserControl::decode),
        new Case(
            "audio",
            new RawMessage(4, 8, 20, 1, hex("AF 01 21")),
            new AudioMessage(20, 1, hex("AF 01 21")),
            AudioMessage::decode),
        new Case(
            "video",
            new RawMessage(6, 9, 40, 1, hex("17 01 00 00 00")),
            new VideoMessage(40, 1, hex("17 01 00 00 00")),
            VideoMessage::decode));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decode_wireMessage_returnsRecord(Case c) {
    assertThat((Object) c.decoder().apply(c.raw())).isEqualTo(c.decoded());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void encode_record_returnsWireMessage(Case c) {
    assertThat(encode(c.decoded(), c.raw().chunkStreamId())).isEqualTo(c.raw());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        bad("Set Chunk Size 0", control(1, "00 00 00 00"), SetChunkSize::decode),
        bad("Set Chunk Size top bit", control(1, "80 00 00 80"), SetChunkSize::decode),
        bad("Set Chunk Size short", control(1, "00 10 00"), SetChunkSize::decode),
        bad("Abort csid 1", control(2, "00 00 00 01"), Abort::decode),
        bad("Abort long", control(2, "00 00 00 04 00"), Abort::decode),
        bad("Acknowledgement short", control(3, "00"), Acknowledgement::decode),
        bad("Window Ack Size short", control(5, ""), WindowAcknowledgementSize::decode),
        bad("Set Peer Bandwidth limit 3", control(6, "00 00 10 00 03"), SetPeerBandwidth::decode),
        bad("Set Peer Bandwidth short", control(6, "00 00 10 00"), SetPeerBandwidth::decode),
        bad("User Control empty", control(4, ""), UserControl::decode),
        bad("User Control 1-byte event type", control(4, "00"), UserControl::decode),
        bad("StreamBegin short", control(4, "00 00 00 00 01"), UserControl::decode),
        bad("SetBufferLength short", control(4, "00 03 00 00 00 01 00 0B B8"), UserControl::decode),
        bad("PingRequest long", control(4, "00 06 12 34 56 78 9A"), UserControl::decode));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void decode_malformedPayload_throwsProtocolException(
      String name, RawMessage raw, Function<RawMessage, ?> decoder) {
    assertThatThrownBy(() -> decoder.apply(raw))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("rtmp.message: ");
  }

  @Test
  void decode_wrongType_throwsIllegalArgument() {
    assertThatThrownBy(() -> Acknowledgement.decode(control(5, "00 00 00 01")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Object encode(Object decoded, int chunkStreamId) {
    if (decoded instanceof SetChunkSize m) {
      return m.encode();
    } else if (decoded instanceof Abort m) {
      return m.encode();
    } else if (decoded instanceof Acknowledgement m) {
      return m.encode();
    } else if (decoded instanceof WindowAcknowledgementSize m) {
      return m.encode();
    } else if (decoded instanceof SetPeerBandwidth m) {
      return m.encode();
    } else if (decoded instanceof UserControl m) {
      return m.encode();
    } else if (decoded instanceof AudioMessage m) {
      return m.encode(chunkStreamId);
    } else if (decoded instanceof VideoMessage m) {
      return m.encode(chunkStreamId);
    }
    throw new AssertionError(decoded);
  }

  private static Arguments bad(String name, RawMessage raw, Function<RawMessage, ?> decoder) {
    return Arguments.of(name, raw, decoder);
  }

  static RawMessage control(int typeId, String payloadHex) {
    return new RawMessage(2, typeId, 0, 0, hex(payloadHex));
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }
}
