package io.streamrp2p.protocol.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields of each message type, both ways: {@link #read} maps a decoded object to its record,
 * {@link #write} the record to its object. The two sides sit together so a field cannot be added to
 * one and forgotten in the other.
 */
final class NodeMessageFields {
  private NodeMessageFields() {}

  static NodeMessage read(String type, JsonFields f) {
    return switch (type) {
      case "challenge" ->
          f.build(
              () ->
                  new Challenge(
                      f.string("nonce"),
                      f.integer("hubTimeMs", 0, Long.MAX_VALUE),
                      f.integer("authTimeoutMs", 1, NodeLimits.AUTH_TIMEOUT_MS_MAX)));
      case "auth" -> f.build(() -> new Auth(f.string("nodeId"), f.string("signature")));
      case "welcome" -> welcome(f);
      case "heartbeat" -> heartbeat(f);
      case "assign" -> new Assign(assignment(f));
      case "unassign" ->
          f.build(
              () ->
                  new Unassign(f.string("stream"), f.wireEnum("reason", UnassignReason::fromWire)));
      case "usage" -> usage(f);
      case "error" ->
          f.build(
              () ->
                  new ErrorMessage(f.wireEnum("code", ReasonCode::fromWire), f.string("message")));
      case "close" ->
          f.build(() -> new Close(f.wireEnum("reason", ReasonCode::fromWire), f.string("message")));
      default ->
          throw new NodeProtocolException(
              ReasonCode.UNKNOWN_TYPE, type, "unknown message type '" + type + "'");
    };
  }

  private static Welcome welcome(JsonFields f) {
    return f.build(
        () ->
            new Welcome(
                f.string("sessionId"),
                f.integer("heartbeatIntervalMs", 0, NodeLimits.HEARTBEAT_MS_MAX),
                f.integer("heartbeatTimeoutMs", 0, NodeLimits.HEARTBEAT_MS_MAX),
                f.objects("assignments", NodeLimits.ASSIGNMENTS_MAX, NodeMessageFields::assignment),
                f.objects("ticketKeys", NodeLimits.TICKET_KEYS_MAX, NodeMessageFields::ticketKey)));
  }

  private static TicketKey ticketKey(JsonFields f) {
    return f.build(() -> new TicketKey(f.string("keyId"), f.string("publicKey")));
  }

  private static Assignment assignment(JsonFields f) {
    return f.build(
        () ->
            new Assignment(
                f.string("stream"),
                f.strings("pullUrls", NodeLimits.PULL_URLS_MAX),
                f.integer("bitrateBps", 0, NodeLimits.BITRATE_BPS_MAX)));
  }

  private static Heartbeat heartbeat(JsonFields f) {
    return f.build(
        () ->
            new Heartbeat(
                f.int32("viewers", 0, NodeLimits.VIEWERS_MAX),
                f.integer("egressBps", 0, NodeLimits.EGRESS_BPS_MAX),
                f.integer("capacityLeftBps", 0, NodeLimits.EGRESS_BPS_MAX),
                f.objects("streams", NodeLimits.STREAMS_MAX, NodeMessageFields::streamHealth)));
  }

  private static StreamHealth streamHealth(JsonFields f) {
    return f.build(
        () ->
            new StreamHealth(
                f.string("stream"),
                f.int32("viewers", 0, NodeLimits.VIEWERS_MAX),
                f.wireEnum("state", StreamState::fromWire)));
  }

  private static Usage usage(JsonFields f) {
    return f.build(
        () ->
            new Usage(
                f.integer("epochId", 0, Long.MAX_VALUE),
                f.integer("epochStartMs", 0, Long.MAX_VALUE),
                f.integer("epochEndMs", 0, Long.MAX_VALUE),
                f.objects("tickets", NodeLimits.TICKETS_MAX, NodeMessageFields::ticket)));
  }

  private static TicketBytes ticket(JsonFields f) {
    return f.build(
        () -> new TicketBytes(f.string("ticketId"), f.integer("bytes", 0, Long.MAX_VALUE)));
  }

  static void write(NodeMessage message, ObjectNode o) {
    if (message instanceof Challenge m) {
      o.put("nonce", m.nonce())
          .put("hubTimeMs", m.hubTimeMs())
          .put("authTimeoutMs", m.authTimeoutMs());
    } else if (message instanceof Auth m) {
      o.put("nodeId", m.nodeId()).put("signature", m.signature());
    } else if (message instanceof Welcome m) {
      writeWelcome(m, o);
    } else if (message instanceof Heartbeat m) {
      writeHeartbeat(m, o);
    } else if (message instanceof Assign m) {
      writeAssignment(m.assignment(), o);
    } else if (message instanceof Unassign m) {
      o.put("stream", m.stream()).put("reason", m.reason().wire());
    } else if (message instanceof Usage m) {
      writeUsage(m, o);
    } else if (message instanceof ErrorMessage m) {
      o.put("code", m.code().wire()).put("message", m.message());
    } else if (message instanceof Close m) {
      o.put("reason", m.reason().wire()).put("message", m.message());
    } else {
      throw new IllegalStateException("no fields for " + message.getClass());
    }
  }

  private static void writeWelcome(Welcome m, ObjectNode o) {
    o.put("sessionId", m.sessionId())
        .put("heartbeatIntervalMs", m.heartbeatIntervalMs())
        .put("heartbeatTimeoutMs", m.heartbeatTimeoutMs());
    ArrayNode a = o.putArray("assignments");
    m.assignments().forEach(x -> writeAssignment(x, a.addObject()));
    ArrayNode k = o.putArray("ticketKeys");
    for (TicketKey t : m.ticketKeys()) {
      k.addObject().put("keyId", t.keyId()).put("publicKey", t.publicKey());
    }
  }

  private static void writeAssignment(Assignment m, ObjectNode o) {
    o.put("stream", m.stream());
    ArrayNode urls = o.putArray("pullUrls");
    m.pullUrls().forEach(urls::add);
    o.put("bitrateBps", m.bitrateBps());
  }

  private static void writeHeartbeat(Heartbeat m, ObjectNode o) {
    o.put("viewers", m.viewers())
        .put("egressBps", m.egressBps())
        .put("capacityLeftBps", m.capacityLeftBps());
    ArrayNode a = o.putArray("streams");
    for (StreamHealth s : m.streams()) {
      a.addObject()
          .put("stream", s.stream())
          .put("viewers", s.viewers())
          .put("state", s.state().wire());
    }
  }

  private static void writeUsage(Usage m, ObjectNode o) {
    o.put("epochId", m.epochId())
        .put("epochStartMs", m.epochStartMs())
        .put("epochEndMs", m.epochEndMs());
    ArrayNode a = o.putArray("tickets");
    for (TicketBytes t : m.tickets()) {
      a.addObject().put("ticketId", t.ticketId()).put("bytes", t.bytes());
    }
  }
}
