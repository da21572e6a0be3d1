package io.streamrp2p.media.rtmp;

import io.streamrp2p.protocol.amf.Amf;
import io.streamrp2p.protocol.amf.AmfObject;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import io.streamrp2p.protocol.rtmp.message.Acknowledgement;
import io.streamrp2p.protocol.rtmp.message.CommandMessage;
import io.streamrp2p.protocol.rtmp.message.DataMessage;
import io.streamrp2p.protocol.rtmp.message.SetChunkSize;
import io.streamrp2p.protocol.rtmp.message.SetPeerBandwidth;
import io.streamrp2p.protocol.rtmp.message.WindowAcknowledgementSize;

/** The messages the hub's RTMP side sends, on the chunk streams the connection encoder owns. */
final class Control {
  /** Connection-level commands and their answers: chunk stream 3. */
  static final int CSID_COMMAND = 3;

  /** Stream-level status (onStatus, |RtmpSampleAccess): chunk stream 4. */
  static final int CSID_STREAM = 4;

  private Control() {}

  static RawMessage setChunkSize(int size) {
    return new SetChunkSize(size).encode();
  }

  static RawMessage acknowledgement(long sequence) {
    return new Acknowledgement(sequence).encode();
  }

  static RawMessage windowAckSize(long size) {
    return new WindowAcknowledgementSize(size).encode();
  }

  static RawMessage setPeerBandwidth(long size) {
    return new SetPeerBandwidth(size, SetPeerBandwidth.LimitType.DYNAMIC).encode();
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
}
