package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import java.util.Arrays;
import java.util.Objects;

/**
 * User Control message, type 4 (RTMP 1.0 sections 6.2 and 7.1.7): a 16-bit event type and event
 * data. Known events are checked for their exact data length; other event types (for example the
 * SWF verification events 26 and 27) decode to {@link Other} unchanged.
 */
public sealed interface UserControl {
  int STREAM_BEGIN = 0;
  int STREAM_EOF = 1;
  int STREAM_DRY = 2;
  int SET_BUFFER_LENGTH = 3;
  int STREAM_IS_RECORDED = 4;
  int PING_REQUEST = 6;
  int PING_RESPONSE = 7;

  /** The event type on the wire. */
  int eventType();

  /** Event data after the 2-byte event type. */
  byte[] eventData();

  /** Server tells the client a stream became functional. */
  record StreamBegin(int streamId) implements UserControl {
    public int eventType() {
      return STREAM_BEGIN;
    }

    public byte[] eventData() {
      return Payloads.u32Payload(streamId & Payloads.U32_MAX);
    }
  }

  /** Playback of the stream is over. */
  record StreamEof(int streamId) implements UserControl {
    public int eventType() {
      return STREAM_EOF;
    }

    public byte[] eventData() {
      return Payloads.u32Payload(streamId & Payloads.U32_MAX);
    }
  }

  /** No more data on the stream for now. */
  record StreamDry(int streamId) implements UserControl {
    public int eventType() {
      return STREAM_DRY;
    }

    public byte[] eventData() {
      return Payloads.u32Payload(streamId & Payloads.U32_MAX);
    }
  }

  /** Client's buffer length for a stream, in milliseconds. */
  record SetBufferLength(int streamId, long bufferMillis) implements UserControl {
    public SetBufferLength {
      Payloads.requireU32(bufferMillis, "bufferMillis");
    }

    public int eventType() {
      return SET_BUFFER_LENGTH;
    }

    public byte[] eventData() {
      byte[] d = new byte[8];
      Payloads.putU32(d, 0, streamId & Payloads.U32_MAX);
      Payloads.putU32(d, 4, bufferMillis);
      return d;
    }
  }

  /** The stream is a recording, not live. */
  record StreamIsRecorded(int streamId) implements UserControl {
    public int eventType() {
      return STREAM_IS_RECORDED;
    }

    public byte[] eventData() {
      return Payloads.u32Payload(streamId & Payloads.U32_MAX);
    }
  }

  /** Server liveness probe; the peer answers with the same timestamp. */
  record PingRequest(long timestamp) implements UserControl {
    public PingRequest {
      Payloads.requireU32(timestamp, "timestamp");
    }

    public int eventType() {
      return PING_REQUEST;
    }

    public byte[] eventData() {
      return Payloads.u32Payload(timestamp);
    }
  }

  /** Answer to {@link PingRequest}. */
  record PingResponse(long timestamp) implements UserControl {
    public PingResponse {
      Payloads.requireU32(timestamp, "timestamp");
    }

    public int eventType() {
      return PING_RESPONSE;
    }

    public byte[] eventData() {
      return Payloads.u32Payload(timestamp);
    }
  }

  /** An event type this codec does not interpret; data kept as received. */
  record Other(int eventType, byte[] eventData) implements UserControl {
    public Other {
      if (eventType < 0 || eventType > 0xFFFF) {
        throw new IllegalArgumentException("event type must fit 16 bits: " + eventType);
      }
      eventData = Objects.requireNonNull(eventData, "eventData").clone();
    }

    @Override
    public byte[] eventData() {
      return eventData.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Other other
          && eventType == other.eventType
          && Arrays.equals(eventData, other.eventData);
    }

    @Override
    public int hashCode() {
      return 31 * eventType + Arrays.hashCode(eventData);
    }

    @Override
    public String toString() {
      return "Other[eventType=" + eventType + ", eventData=" + eventData.length + " bytes]";
    }
  }

  /** Decodes a type 4 message. */
  static UserControl decode(RawMessage raw) {
    Payloads.requireType(raw, MessageTypes.USER_CONTROL, "User Control");
    byte[] p = raw.payload();
    ProtocolException.check(
        p.length >= 2,
        Payloads.LAYER,
        "User Control payload is " + p.length + " bytes, needs a 2-byte event type");
    int type = (p[0] & 0xFF) << 8 | (p[1] & 0xFF);
    byte[] data = Arrays.copyOfRange(p, 2, p.length);
    return switch (type) {
      case STREAM_BEGIN -> new StreamBegin(streamId(data, "StreamBegin"));
      case STREAM_EOF -> new StreamEof(streamId(data, "StreamEOF"));
      case STREAM_DRY -> new StreamDry(streamId(data, "StreamDry"));
      case STREAM_IS_RECORDED -> new StreamIsRecorded(streamId(data, "StreamIsRecorded"));
      case SET_BUFFER_LENGTH -> {
        Payloads.checkLength(data, 8, "User Control SetBufferLength data");
        yield new SetBufferLength((int) Payloads.u32(data, 0), Payloads.u32(data, 4));
      }
      case PING_REQUEST -> new PingRequest(timestamp(data, "PingRequest"));
      case PING_RESPONSE -> new PingResponse(timestamp(data, "PingResponse"));
      default -> new Other(type, data);
    };
  }

  /** Encodes on chunk stream 2, message stream 0, timestamp 0 (section 6.2). */
  default RawMessage encode() {
    byte[] data = eventData();
    byte[] p = new byte[2 + data.length];
    p[0] = (byte) (eventType() >>> 8);
    p[1] = (byte) eventType();
    System.arraycopy(data, 0, p, 2, data.length);
    return Payloads.control(MessageTypes.USER_CONTROL, p);
  }

  private static int streamId(byte[] data, String event) {
    Payloads.checkLength(data, 4, "User Control " + event + " data");
    return (int) Payloads.u32(data, 0);
  }

  private static long timestamp(byte[] data, String event) {
    Payloads.checkLength(data, 4, "User Control " + event + " data");
    return Payloads.u32(data, 0);
  }
}
