package io.streamrp2p.hub.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A request body: one JSON object, parsed as a tree under tight limits, whose fields are read one
 * by one so every complaint names its field. Unknown fields are refused, so a misspelt optional
 * field is not silently ignored.
 */
final class JsonBody {
  /** API bodies are a few short fields; 16 KiB is generous. */
  static final int BODY_BYTES_MAX = 16 * 1024;

  /** The API's objects are flat; deeper nesting is an attack, not a request. */
  static final int NESTING_DEPTH_MAX = 8;

  /** Longest string token (a URL of 2,048 characters fits). */
  static final int STRING_CHARS_MAX = 4096;

  /** Longest number token: a long has 19 digits. */
  static final int NUMBER_CHARS_MAX = 24;

  static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(NESTING_DEPTH_MAX)
                      .maxStringLength(STRING_CHARS_MAX)
                      .maxNumberLength(NUMBER_CHARS_MAX)
                      .maxDocumentLength(BODY_BYTES_MAX)
                      .build())
              .build());

  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  /** Parses {@code bytes}; allows only the {@code fields} named. */
  static JsonBody parse(byte[] bytes, Set<String> fields) {
    JsonNode tree;
    try {
      tree = bytes.length == 0 ? null : JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiError.invalid(null, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.invalid(null, "unreadable body: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw ApiError.invalid(null, "the body must be a JSON object");
    }
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw ApiError.invalid(f.length() > 64 ? f.substring(0, 64) : f, "unknown field");
      }
    }
    return new JsonBody((ObjectNode) tree);
  }

  String requiredString(String field, int charsMax) {
    return optionalString(field, charsMax).orElseThrow(() -> ApiError.invalid(field, "required"));
  }

  Optional<String> optionalString(String field, int charsMax) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw ApiError.invalid(field, "must be a string, got " + kind(v));
    }
    if (v.textValue().length() > charsMax) {
      throw ApiError.invalid(field, "must be at most " + charsMax + " characters");
    }
    return Optional.of(v.textValue());
  }

  long requiredLong(String field, long min, long max) {
    return optionalLong(field, min, max).orElseThrow(() -> ApiError.invalid(field, "required"));
  }

  Optional<Long> optionalLong(String field, long min, long max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isIntegralNumber()) {
      throw ApiError.invalid(field, "must be an integer, got " + kind(v));
    }
    if (!v.canConvertToLong()) {
      throw ApiError.invalid(field, "must be between " + min + " and " + max);
    }
    long n = v.longValue();
    if (n < min || n > max) {
      throw ApiError.invalid(field, "must be between " + min + " and " + max);
    }
    return Optional.of(n);
  }

  private static String kind(JsonNode v) {
    return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
