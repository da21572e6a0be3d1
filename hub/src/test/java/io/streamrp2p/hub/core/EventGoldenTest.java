package io.streamrp2p.hub.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes written today decode tomorrow: for every persisted event type, the CBOR bytes and manifest
 * written when it was introduced are committed under {@code src/test/resources/golden} and must
 * still decode to the same event. A rename or a changed field needs a Jackson migration
 * (pekko.serialization.jackson.migrations) for these files to keep passing; they are never
 * rewritten for that. New event types: run once with {@code -Dgolden.write=true} and commit the new
 * files.
 */
class EventGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/golden");
  private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final String H = Secrets.hash("golden");
  private static final ActorSystem system =
      ActorSystem.create(
          "golden",
          ConfigFactory.parseString("pekko.actor.provider = local")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    system.terminate();
  }

  static List<Object> samples() {
    return List.of(
        new StreamEntity.Created("alice", H, new StreamEntity.Settings(1500), T),
        new StreamEntity.KeyRotated(H, T),
        new StreamEntity.WentLive("http://10.0.0.5:8080", "rtmp-1", T),
        new StreamEntity.Ended("rtmp-1", T),
        new KeyIndexEntity.Claimed("s1"),
        new KeyIndexEntity.Released("s1"),
        new CreatorEntity.Registered("t1", H, T),
        new CreatorEntity.TokenIssued("t2", H, T),
        new CreatorEntity.TokenRevoked("t2", T),
        new CreatorEntity.StreamAdded("s1"),
        new CreatorEntity.NodeAdded("n_0123456789abcdef"),
        new InviteEntity.Created("alice", Optional.of("s1"), T.plusSeconds(3600), T),
        new InviteEntity.Redeemed("n_0123456789abcdef", T),
        new FriendNodeEntity.Registered(
            "alice",
            H,
            "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
            "https://relay.example.org",
            T),
        new FriendNodeEntity.SessionOpened("ws-1", T),
        new FriendNodeEntity.SessionClosed("ws-1", T),
        new FriendNodeEntity.Assigned("s1", T),
        new FriendNodeEntity.Unassigned("s1", T),
        new FriendNodeEntity.Suspended("failed probes", T),
        new FriendNodeEntity.Reinstated(T),
        new OperatorEntity.Initialized(H, T));
  }

  @Test
  void samples_everyEventType_hasOne() {
    Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
    Set<Class<?>> events =
        Stream.of(
                StreamEntity.Event.class,
                KeyIndexEntity.Event.class,
                CreatorEntity.Event.class,
                InviteEntity.Event.class,
                FriendNodeEntity.Event.class,
                OperatorEntity.Event.class)
            .flatMap(c -> Arrays.stream(c.getPermittedSubclasses()))
            .collect(Collectors.toSet());
    assertThat(sampled).isEqualTo(events);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void decode_committedBytes_equalsEvent(Object event) throws IOException {
    Serialization serialization = SerializationExtension.get(system);
    Serializer serializer = serialization.findSerializerFor(event);
    assertThat(serializer.getClass().getSimpleName()).isEqualTo("JacksonCborSerializer");
    String name = event.getClass().getName().replace("io.streamrp2p.hub.core.", "");
    Path bytesFile = DIR.resolve(name + ".cbor");
    Path manifestFile = DIR.resolve(name + ".manifest");
    if (Boolean.getBoolean("golden.write") && !Files.exists(bytesFile)) {
      Files.createDirectories(DIR);
      Files.write(bytesFile, serializer.toBinary(event));
      Files.writeString(
          manifestFile,
          Serializers.manifestFor(serializer, event) + "\n" + serializer.identifier() + "\n");
    }
    assertThat(bytesFile).as("golden file; write it with -Dgolden.write=true").exists();
    byte[] bytes = Files.readAllBytes(bytesFile);
    List<String> meta = Files.readAllLines(manifestFile, StandardCharsets.UTF_8);
    Object decoded =
        serialization.deserialize(bytes, Integer.parseInt(meta.get(1)), meta.get(0)).get();
    assertThat(decoded).isEqualTo(event);
  }
}
