package io.streamrp2p.protocol.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Typed reads from one JSON object of a decoded frame. Every failure is a {@code malformed} {@link
 * NodeProtocolException} naming the message type and the field's path, for example {@code
 * heartbeat: streams[3].viewers: expected an integer, got a string}. Fields not asked for are never
 * looked at, which is how unknown fields are ignored.
 */
final class JsonFields {
  private final String type;
  private final String path;
  private final JsonNode node;

  JsonFields(String type, String path, JsonNode node) {
    this.type = type;
    this.path = path;
    this.node = node;
  }

  String string(String name) {
    JsonNode v = required(name);
    if (!v.isTextual()) {
      throw wrongType(name, "a string", v);
    }
    return v.textValue();
  }

  long integer(String name, long min, long max) {
    JsonNode v = required(name);
    if (!v.isIntegralNumber()) {
      throw wrongType(name, "an integer", v);
    }
    if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      throw malformed(name + " " + v.asText() + " is outside " + min + ".." + max);
    }
    return v.longValue();
  }

  int int32(String name, int min, int max) {
    return (int) integer(name, min, max);
  }

  <E> E wireEnum(String name, Function<String, Optional<E>> fromWire) {
    String s = string(name);
    return fromWire
        .apply(s)
        .orElseThrow(
            () -> malformed(name + " '" + NodeLimits.shortened(s) + "' is not a known value"));
  }

  List<String> strings(String name, int max) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : array(name, max)) {
      if (!v.isTextual()) {
        throw wrongType(name + "[" + out.size() + "]", "a string", v);
      }
      out.add(v.textValue());
    }
    return out;
  }

  /** The entries of an array of objects, each read by {@code read} with its own path. */
  <T> List<T> objects(String name, int max, Function<JsonFields, T> read) {
    List<T> out = new ArrayList<>();
    for (JsonNode v : array(name, max)) {
      String at = name + "[" + out.size() + "]";
      if (!v.isObject()) {
        throw wrongType(at, "an object", v);
      }
      out.add(read.apply(new JsonFields(type, path + at + ".", v)));
    }
    return out;
  }

  /**
   * Builds a record; the bounds it checks that a single field read cannot (one value against
   * another, duplicates) come back as {@code malformed}.
   */
  <T> T build(Supplier<T> record) {
    try {
      return record.get();
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private JsonNode array(String name, int max) {
    JsonNode v = required(name);
    if (!v.isArray()) {
      throw wrongType(name, "an array", v);
    }
    if (v.size() > max) {
      throw malformed(name + " has " + v.size() + " entries, more than " + max);
    }
    return v;
  }

  private JsonNode required(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw malformed("missing field " + name);
    }
    return v;
  }

  private NodeProtocolException wrongType(String name, String expected, JsonNode v) {
    return malformed(name + ": expected " + expected + ", got " + kind(v));
  }

  private NodeProtocolException malformed(String what) {
    String where = type == null ? "" : type + ": ";
    return NodeProtocolException.malformed(type, where + path + what);
  }

  private static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case BOOLEAN -> "a boolean";
      case NUMBER -> v.isIntegralNumber() ? "an integer" : "a fraction";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
