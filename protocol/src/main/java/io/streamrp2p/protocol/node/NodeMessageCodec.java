package io.streamrp2p.protocol.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The hub-node session messages (docs/protocol.md, "Hub-node session"): one JSON object per
 * websocket text frame, with {@code type} and {@code v}. Frames are parsed to a tree with a bounded
 * parser and every field is mapped by hand; nothing on the wire chooses a Java class. Every bad
 * frame raises {@link NodeProtocolException} with the reason code to answer with.
 */
public final class NodeMessageCodec {
  /** The protocol version this codec writes and the newest it reads. */
  public static final int VERSION = 1;

  /**
   * 192 KiB of UTF-8. The largest message is a welcome with {@link NodeLimits#ASSIGNMENTS_MAX}
   * assignments of {@link NodeLimits#PULL_URLS_MAX} longest URLs (pull URLs carry a signed ticket)
   * and {@link NodeLimits#TICKET_KEYS_MAX} ticket keys with the longest ids, under 140 KB; a usage
   * report of {@link NodeLimits#TICKETS_MAX} tickets is about 54 KB. With thousands of nodes per
   * hub, one frame each being parsed costs at most a few hundred MB of transient memory, and a
   * frame is refused by its size before it is parsed.
   */
  public static final int FRAME_BYTES_MAX = 192 * 1024;

  /**
   * 16 levels. The deepest message of this version nests 4 (welcome, assignments, assignment,
   * pullUrls); the rest is room for fields a newer peer adds, which are ignored, while recursion
   * over a hostile {@code [[[[...} stays shallow.
   */
  public static final int NESTING_DEPTH_MAX = 16;

  /**
   * 4096 characters per JSON string, field values of newer versions included: eight times the
   * longest string this version defines (an error text of 500 characters).
   */
  public static final int STRING_CHARS_MAX = 4096;

  /** 20 digits: every long has at most 19 and a sign; longer numbers are refused unparsed. */
  public static final int NUMBER_CHARS_MAX = 20;

  /** Field names of this version have at most 19 characters; newer ones may use up to 64. */
  public static final int FIELD_NAME_CHARS_MAX = 64;

  /** Message types: lower case, digits and '-', at most 32 characters, so they can be echoed. */
  public static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private static final ObjectMapper MAPPER = mapper();

  private NodeMessageCodec() {}

  private static ObjectMapper mapper() {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxDocumentLength(FRAME_BYTES_MAX)
            .maxNestingDepth(NESTING_DEPTH_MAX)
            .maxStringLength(STRING_CHARS_MAX)
            .maxNumberLength(NUMBER_CHARS_MAX)
            .maxNameLength(FIELD_NAME_CHARS_MAX)
            .build();
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(constraints)
            // Two values for one field could be read differently by two parsers: refuse them.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The frame for {@code message}; always within {@link #FRAME_BYTES_MAX}. */
  public static String encode(NodeMessage message) {
    Objects.requireNonNull(message, "message");
    ObjectNode o = MAPPER.createObjectNode();
    o.put("type", typeOf(message));
    o.put("v", VERSION);
    NodeMessageFields.write(message, o);
    String frame;
    try {
      frame = MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers always writes", e);
    }
    int bytes = utf8Bytes(frame, Integer.MAX_VALUE);
    if (bytes > FRAME_BYTES_MAX) {
      // The field bounds keep every valid message under the frame bound; a test checks the largest.
      throw new IllegalStateException(
          typeOf(message) + " encodes to " + bytes + " bytes, over " + FRAME_BYTES_MAX);
    }
    return frame;
  }

  /**
   * The message in one text frame.
   *
   * @throws NodeProtocolException {@code too-large} for a frame over {@link #FRAME_BYTES_MAX}
   *     (refused before parsing), {@code unsupported-version} for a {@code v} above {@link
   *     #VERSION}, {@code unknown-type} for a well-formed frame of a type this version does not
   *     define, {@code malformed} for anything else wrong
   */
  public static NodeMessage decode(String frame) {
    Objects.requireNonNull(frame, "frame");
    int bytes = utf8Bytes(frame, FRAME_BYTES_MAX);
    if (bytes > FRAME_BYTES_MAX) {
      throw new NodeProtocolException(
          ReasonCode.TOO_LARGE, null, "frame is over the limit of " + FRAME_BYTES_MAX + " bytes");
    }
    JsonNode root = parse(frame);
    JsonFields fields = new JsonFields(null, "", root);
    long v = fields.integer("v", 1, Integer.MAX_VALUE);
    if (v > VERSION) {
      String type = root.path("type").isTextual() ? root.get("type").textValue() : null;
      throw new NodeProtocolException(
          ReasonCode.UNSUPPORTED_VERSION,
          type != null && TYPE.matcher(type).matches() ? type : null,
          "version " + v + " is newer than " + VERSION + ", the newest this side speaks");
    }
    String type = fields.string("type");
    if (!TYPE.matcher(type).matches()) {
      throw NodeProtocolException.malformed(
          null, "type '" + NodeLimits.shortened(type) + "' must match " + TYPE);
    }
    return NodeMessageFields.read(type, new JsonFields(type, "", root));
  }

  private static JsonNode parse(String frame) {
    JsonNode root;
    try {
      root = MAPPER.readTree(frame);
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      throw NodeProtocolException.malformed(
          null,
          "invalid JSON" + (at < 0 ? "" : " at character " + at) + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw NodeProtocolException.malformed(null, "frame is not a JSON object");
    }
    return root;
  }

  static String typeOf(NodeMessage m) {
    if (m instanceof Challenge) {
      return "challenge";
    } else if (m instanceof Auth) {
      return "auth";
    } else if (m instanceof Welcome) {
      return "welcome";
    } else if (m instanceof Heartbeat) {
      return "heartbeat";
    } else if (m instanceof Assign) {
      return "assign";
    } else if (m instanceof Unassign) {
      return "unassign";
    } else if (m instanceof Usage) {
      return "usage";
    } else if (m instanceof ErrorMessage) {
      return "error";
    } else if (m instanceof Close) {
      return "close";
    }
    throw new IllegalStateException("no wire type for " + m.getClass());
  }

  /**
   * UTF-8 length of {@code s}, counting stops once past {@code limit}. A lone surrogate counts 3
   * bytes, as the replacement character a websocket encoder would send.
   */
  static int utf8Bytes(String s, int limit) {
    if (s.length() > limit) {
      return s.length(); // every char is at least one byte
    }
    int bytes = 0;
    for (int i = 0; i < s.length() && bytes <= limit; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
