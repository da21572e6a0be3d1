package io.streamrp2p.hub;

import io.streamrp2p.hub.live.StreamDirectory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Streams and their keys from configuration. With none configured, one stream "demo" gets a
 * random key, kept in the data directory so it survives restarts. Keys are compared in constant
 * time.
 */
public final class ConfigStreamDirectory implements StreamDirectory {
  static final String DEFAULT_STREAM = "demo";
  static final String KEYS_FILE = "stream-keys.properties";

  private final Map<String, String> keyByStream;

  private ConfigStreamDirectory(Map<String, String> keyByStream) {
    this.keyByStream = Map.copyOf(keyByStream);
  }

  public static ConfigStreamDirectory load(HubConfig config) {
    if (!config.streamKeys().isEmpty()) {
      return new ConfigStreamDirectory(config.streamKeys());
    }
    return new ConfigStreamDirectory(generatedKeys(config.dataDir().resolve(KEYS_FILE)));
  }

  /** Stream name to key, for the start banner. */
  public Map<String, String> keys() {
    return keyByStream;
  }

  @Override
  public CompletionStage<Optional<String>> streamForKey(String streamKey) {
    byte[] given = streamKey.getBytes(StandardCharsets.UTF_8);
    for (Map.Entry<String, String> e : keyByStream.entrySet()) {
      if (MessageDigest.isEqual(given, e.getValue().getBytes(StandardCharsets.UTF_8))) {
        return CompletableFuture.completedFuture(Optional.of(e.getKey()));
      }
    }
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<Boolean> exists(String streamName) {
    return CompletableFuture.completedFuture(keyByStream.containsKey(streamName));
  }

  private static Map<String, String> generatedKeys(Path file) {
    try {
      Properties p = new Properties();
      if (Files.exists(file)) {
        try (Reader r = Files.newBufferedReader(file)) {
          p.load(r);
        }
      }
      if (p.isEmpty()) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        p.setProperty(DEFAULT_STREAM, "sk_" + HexFormat.of().formatHex(random));
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file)) {
          p.store(w, "stream name = stream key");
        }
      }
      Map<String, String> keys = new LinkedHashMap<>();
      p.stringPropertyNames().forEach(n -> keys.put(n, p.getProperty(n)));
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write stream keys in " + file, e);
    }
  }
}
