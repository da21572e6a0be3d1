package io.streamrp2p.media.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrp2p.protocol.amf.AmfEcmaArray;
import io.streamrp2p.protocol.amf.AmfObject;
import io.streamrp2p.protocol.rtmp.message.DataMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {
  private final java.util.function.UnaryOperator<byte[]> servedBy =
      Metadata.withField("servedBy", "alice/n_1");

  @Test
  void withField_onMetaDataEcmaArray_addsTheFieldAndKeepsTheOthers() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("width", 1280.0);
    m.put("encoder", "obs");
    byte[] body = new DataMessage("onMetaData", new AmfEcmaArray(m)).encode();
    DataMessage out = DataMessage.decode(servedBy.apply(body), false);
    AmfEcmaArray a = (AmfEcmaArray) out.values().get(1);
    assertThat(a.entries())
        .containsEntry("width", 1280.0)
        .containsEntry("encoder", "obs")
        .containsEntry("servedBy", "alice/n_1");
  }

  @Test
  void withField_onMetaDataObject_addsTheField() {
    byte[] body = new DataMessage("onMetaData", new AmfObject(Map.of("framerate", 30.0))).encode();
    AmfObject o = (AmfObject) DataMessage.decode(servedBy.apply(body), false).values().get(1);
    assertThat(o.properties()).containsEntry("servedBy", "alice/n_1").containsKey("framerate");
  }

  @Test
  void withField_otherDataTag_passesUnchanged() {
    byte[] body = new DataMessage("onCuePoint", new AmfEcmaArray(Map.of())).encode();
    assertThat(servedBy.apply(body)).isSameAs(body);
  }

  @Test
  void withField_bytesThatDoNotDecode_passUnchanged() {
    byte[] garbage = {0x02, 0x00, 0x7f, 'x'};
    assertThat(servedBy.apply(garbage)).isSameAs(garbage);
  }
}
