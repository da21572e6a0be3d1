package io.streamrp2p.hub.rtmp;

import io.streamrp2p.protocol.amf.Amf;
import io.streamrp2p.protocol.amf.AmfObject;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import io.streamrp2p.protocol.rtmp.message.CommandMessage;
import io.streamrp2p.protocol.rtmp.message.DataMessage;

/** The messages the hub's RTMP side sends, on the chunk streams the connection encoder owns. */
final class Control {
  /** Protocol control and user control messages (RTMP spec 5.4, 6.2): chunk stream 2. */
  static final int CSID_CONTROL = 2;

  /** Connection-level commands and their answers: chunk stream 3. */
  static final int CSID_COMMAND = 3;

  /** Stream-level status (onStatus, |RtmpSampleAccess): chunk stream 4. */
  static final int CSID_STREAM = 4;

  private Control() {}

  static RawMessage setChunkSize(int size) {
    return control(1, u32(size));
  }

  static RawMessage acknowledgement(long sequence) {
    return control(3, u32(sequence));
  }

  static RawMessage windowAckSize(long size) {
    return control(5, u32(size));
  }

  static RawMessage setPeerBandwidth(long size, int limitType) {
    byte[] b = new byte[5];
    System.arraycopy(u32(size), 0, b, 0, 4);
    b[4] = (byte) limitType;
    return control(6, b);
  }

  /** User control event (type 4) with one 32-bit argument: Stream Begin (0), EOF (1), ... */
  static RawMessage userControl(int event, long value) {
    byte[] b = new byte[6];
    b[0] = (byte) (event >>> 8);
    b[1] = (byte) event;
    System.arraycopy(u32(value), 0, b, 2, 4);
    return control(4, b);
  }

  static RawMessage command(int messageStreamId, CommandMessage c) {
    int csid = messageStreamId == 0 ? CSID_COMMAND : CSID_STREAM;
    return new RawMessage(csid, 20, 0, messageStreamId, c.encode());
  }

  static RawMessage data(int messageStreamId, DataMessage d) {
    return new RawMessage(CSID_STREAM, 18, 0, messageStreamId, d.encode());
  }

  static CommandMessage onStatus(String level, String code, String description) {
    AmfObject info =
        Amf.object("level", level, "code", code, "description", description, "clientid", 1.0);
    return new CommandMessage("onStatus", 0.0, Amf.NULL, info);
  }

  private static RawMessage control(int type, byte[] payload) {
    return new RawMessage(CSID_CONTROL, type, 0, 0, payload);
  }

  private static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
