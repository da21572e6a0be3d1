package io.streamrp2p.protocol.rtmp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.amf.Amf;
import io.streamrp2p.protocol.amf.Amf0Writer;
import io.streamrp2p.protocol.amf.AmfEcmaArray;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandMessageTest {

  @Test
  void decode_obsConnect_readsNameTransactionAndObject() {
    byte[] payload =
        Amf0Writer.encodeAll(
            "connect",
            1.0,
            Amf.object("app", "live", "type", "nonprivate", "tcUrl", "rtmp://h/live"));
    CommandMessage c = CommandMessage.decode(payload, false);
    assertThat(c.name()).isEqualTo("connect");
    assertThat(c.transactionId()).isEqualTo(1.0);
    assertThat(c.commandObject())
        .isEqualTo(Amf.object("app", "live", "type", "nonprivate", "tcUrl", "rtmp://h/live"));
    assertThat(c.arguments()).isEmpty();
    assertThat(c.encode()).isEqualTo(payload);
  }

  @Test
  void decode_amf3Form_skipsFormatByte() {
    byte[] amf0 = Amf0Writer.encodeAll("publish", 5.0, Amf.NULL, "key", "live");
    byte[] amf3 = new byte[amf0.length + 1];
    System.arraycopy(amf0, 0, amf3, 1, amf0.length);
    CommandMessage c = CommandMessage.decode(amf3, true);
    assertThat(c.name()).isEqualTo("publish");
    assertThat(c.stringArgument(0)).isEqualTo("key");
    assertThat(c.stringArgument(1)).isEqualTo("live");
    assertThat(c.argument(2)).isEqualTo(Amf.UNDEFINED);
  }

  @Test
  void decode_nameNotString_throwsProtocolException() {
    assertThatThrownBy(() -> CommandMessage.decode(Amf0Writer.encodeAll(1.0, 2.0), false))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("command name");
  }

  @Test
  void decode_transactionNotNumber_throwsProtocolException() {
    assertThatThrownBy(() -> CommandMessage.decode(Amf0Writer.encodeAll("play", "x"), false))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("transaction id");
  }

  @Test
  void dataMessage_setDataFrame_strippedForPlayers() {
    AmfEcmaArray meta = new AmfEcmaArray(Map.of("width", 1280.0));
    byte[] payload = Amf0Writer.encodeAll("@setDataFrame", "onMetaData", meta);
    DataMessage d = DataMessage.decode(payload, false);
    assertThat(d.name()).isEqualTo("@setDataFrame");
    DataMessage forPlayers = d.withoutSetDataFrame();
    assertThat(forPlayers.values()).containsExactly("onMetaData", meta);
    assertThat(DataMessage.decode(forPlayers.encode(), false)).isEqualTo(forPlayers);
  }
}
