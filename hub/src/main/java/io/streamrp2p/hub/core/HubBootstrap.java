package io.streamrp2p.hub.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;

/**
 * What a hub sets up at start so it works with no configuration: on the very first start an
 * operator credential and stream {@code demo} with a random key (both shown once); streams named in
 * {@code streamrp2p.hub.streams} are created, or their keys updated, on every start.
 */
public final class HubBootstrap {
  /** The account that owns the operator's and the configuration's streams. */
  public static final String OPERATOR_CREATOR = "operator";

  public static final String DEMO_STREAM = "demo";

  /** A cold start (recovery, cluster formation, first database connections) fits in this. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What the start banner shows.
   *
   * @param operatorToken the operator's token, only on the start that created it
   * @param streamKeys stream name to its key when it is known now (configured, or just generated);
   *     empty when only its hash is stored
   */
  public record Result(Optional<String> operatorToken, Map<String, Optional<String>> streamKeys) {}

  private final HubEntities entities;

  public HubBootstrap(HubEntities entities) {
    this.entities = entities;
  }

  /** Runs the set-up; blocks, as it runs once before the hub listens. */
  public Result run(Map<String, String> configuredStreams) {
    configuredStreams
        .keySet()
        .forEach(
            n -> {
              if (!Validation.isName(n)) {
                throw new IllegalArgumentException(
                    "streamrp2p.hub.streams: '"
                        + n
                        + "' is not a stream name ("
                        + Validation.NAME.pattern()
                        + ")");
              }
            });
    Optional<String> operatorToken = await(initializeOperator());
    await(ensureCreator());
    Map<String, Optional<String>> keys = new LinkedHashMap<>();
    if (configuredStreams.isEmpty()) {
      keys.put(DEMO_STREAM, await(ensureDemo()));
    }
    configuredStreams.forEach(
        (name, key) -> {
          await(ensureStream(name, key));
          keys.put(name, Optional.of(key));
        });
    return new Result(operatorToken, keys);
  }

  private CompletionStage<Optional<String>> initializeOperator() {
    String token = Secrets.generate("op_");
    return entities
        .operator()
        .initialize(Secrets.hash(token))
        .thenApply(created -> created.map(d -> token));
  }

  private CompletionStage<Done> ensureCreator() {
    CreatorEntity.Client creator = entities.creator(OPERATOR_CREATOR);
    return creator
        .find()
        .thenCompose(
            p ->
                p.isPresent()
                    ? done()
                    // The operator signs in through the operator entity; this account only owns
                    // streams, so its token is one nobody knows.
                    : creator.register("bootstrap", Secrets.hash(Secrets.generate(""))));
  }

  private CompletionStage<Optional<String>> ensureDemo() {
    return entities.stream(DEMO_STREAM)
        .find()
        .thenCompose(
            s -> {
              if (s.isPresent()) {
                return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
              }
              String key = Secrets.generate("sk_");
              return entities
                  .createStream(
                      OPERATOR_CREATOR,
                      DEMO_STREAM,
                      Secrets.hash(key),
                      StreamEntity.Settings.DEFAULT)
                  .thenApply(d -> Optional.of(key));
            });
  }

  private CompletionStage<Done> ensureStream(String name, String key) {
    String hash = Secrets.hash(key);
    StreamEntity.Client stream = entities.stream(name);
    return stream
        .find()
        .thenCompose(
            s ->
                s.isEmpty()
                    ? entities.createStream(
                        OPERATOR_CREATOR, name, hash, StreamEntity.Settings.DEFAULT)
                    : stream
                        .authorize(hash)
                        .thenCompose(
                            same -> same.isPresent() ? done() : entities.rotateKey(name, hash)));
  }

  private static CompletionStage<Done> done() {
    return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up the hub", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up the hub's streams and accounts: " + e, e);
    }
  }
}
