package io.streamrp2p.protocol.amf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An AMF0 anonymous object (marker 0x03) or typed object (0x10, with a class name). Property order
 * is kept, as encoders such as OBS depend on the order of the "connect" command object.
 *
 * @param className the class name of a typed object, or {@code null} for an anonymous object
 * @param properties the properties in wire order (unmodifiable)
 */
public record AmfObject(String className, Map<String, Object> properties) {
  public AmfObject {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  public AmfObject(Map<String, Object> properties) {
    this(null, properties);
  }

  /** Starts a builder that keeps insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  public Object get(String key) {
    return properties.get(key);
  }

  /** The property as a string, or {@code null} when absent or not a string. */
  public String string(String key) {
    return properties.get(key) instanceof String s ? s : null;
  }

  /** The property as a number, or {@code null} when absent or not a number. */
  public Double number(String key) {
    return properties.get(key) instanceof Double d ? d : null;
  }

  /** Collects properties in order. */
  public static final class Builder {
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public Builder put(String key, Object value) {
      properties.put(Objects.requireNonNull(key), Amf.requireValue(value));
      return this;
    }

    public AmfObject build() {
      return new AmfObject(properties);
    }
  }
}
