package io.streamrp2p.protocol.rtmp.message;

import io.streamrp2p.protocol.ProtocolException;
import io.streamrp2p.protocol.amf.Amf;
import io.streamrp2p.protocol.amf.Amf0Reader;
import io.streamrp2p.protocol.amf.Amf0Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * An RTMP command (RTMP spec 7.1.1; message type 20 in AMF0, 17 in AMF3): connect, createStream,
 * publish, play, onStatus, _result and the rest. The AMF3 form starts with a format byte and then
 * carries AMF0 values (which may switch to AMF3 per value), as ffmpeg and librtmp read it.
 *
 * @param name the command name
 * @param transactionId matches a _result/_error to its request; 0 when no answer is expected
 * @param commandObject the command object, or {@link Amf#NULL}
 * @param arguments the optional arguments after the command object
 */
public record CommandMessage(
    String name, double transactionId, Object commandObject, List<Object> arguments) {
  private static final String LAYER = "rtmp.command";

  public CommandMessage {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("command name must not be empty");
    }
    arguments = List.copyOf(arguments);
  }

  public CommandMessage(String name, double transactionId, Object commandObject, Object... args) {
    this(name, transactionId, commandObject, List.of(args));
  }

  /** The argument at {@code index}, or {@link Amf#UNDEFINED} when there are fewer. */
  public Object argument(int index) {
    return index < arguments.size() ? arguments.get(index) : Amf.UNDEFINED;
  }

  /** The argument at {@code index} if it is a string, else {@code null}. */
  public String stringArgument(int index) {
    return argument(index) instanceof String s ? s : null;
  }

  /** Decodes a type-20 ({@code amf3 == false}) or type-17 payload. */
  public static CommandMessage decode(byte[] payload, boolean amf3) {
    int offset = amf3 && payload.length > 0 && payload[0] == 0 ? 1 : 0;
    List<Object> values = new Amf0Reader(payload, offset, payload.length - offset).readAll();
    if (values.isEmpty() || !(values.get(0) instanceof String name) || name.isEmpty()) {
      throw new ProtocolException(LAYER, "command does not start with a command name");
    }
    double transactionId = 0;
    if (values.size() > 1) {
      if (!(values.get(1) instanceof Double id)) {
        throw new ProtocolException(LAYER, "command '" + name + "' has no numeric transaction id");
      }
      transactionId = id;
    }
    Object commandObject = values.size() > 2 ? values.get(2) : Amf.NULL;
    List<Object> args = values.size() > 3 ? values.subList(3, values.size()) : List.of();
    return new CommandMessage(name, transactionId, commandObject, new ArrayList<>(args));
  }

  /** Encodes as an AMF0 (type 20) payload. */
  public byte[] encode() {
    Amf0Writer w = new Amf0Writer();
    w.writeString(name).writeNumber(transactionId).write(commandObject);
    arguments.forEach(w::write);
    return w.toByteArray();
  }
}
