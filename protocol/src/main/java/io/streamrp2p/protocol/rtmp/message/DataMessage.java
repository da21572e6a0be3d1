package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.amf.Amf0Reader;
import io.streamrp2p.protocol.amf.Amf0Writer;
import java.util.List;

/**
 * An RTMP data message (RTMP spec 7.1.2; type 18 in AMF0, 15 in AMF3): metadata such as
 * {@code @setDataFrame, onMetaData, {...}} from OBS and ffmpeg, or {@code onMetaData, {...}} as
 * sent to players.
 *
 * @param values the AMF values in order
 */
public record DataMessage(List<Object> values) {
  /** The name of {@code @setDataFrame}, which publishers prefix to the metadata they send. */
  public static final String SET_DATA_FRAME = "@setDataFrame";

  public DataMessage {
    values = List.copyOf(values);
  }

  public DataMessage(Object... values) {
    this(List.of(values));
  }

  /** The handler name (the first value) or {@code null} when it is not a string. */
  public String name() {
    return !values.isEmpty() && values.get(0) instanceof String s ? s : null;
  }

  /**
   * The same data without a leading {@code @setDataFrame}: what a server stores and forwards to
   * players, as SRS and nginx-rtmp do.
   */
  public DataMessage withoutSetDataFrame() {
    return SET_DATA_FRAME.equals(name()) ? new DataMessage(values.subList(1, values.size())) : this;
  }

  /** Decodes a type-18 ({@code amf3 == false}) or type-15 payload. */
  public static DataMessage decode(byte[] payload, boolean amf3) {
    int offset = amf3 && payload.length > 0 && payload[0] == 0 ? 1 : 0;
    return new DataMessage(new Amf0Reader(payload, offset, payload.length - offset).readAll());
  }

  /** Encodes as an AMF0 (type 18) payload. */
  public byte[] encode() {
    return Amf0Writer.encodeAll(values);
  }
}
