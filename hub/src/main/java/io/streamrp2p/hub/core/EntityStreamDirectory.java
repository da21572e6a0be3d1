package io.streamrp2p.hub.core;

import io.streamrp2p.hub.cluster.IngestLocator;
import io.streamrp2p.media.live.StreamDirectory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Streams and publish authorization from the Stream entities: a key is hashed, the key index names
 * its stream, and the stream confirms the hash. Also records where each stream's ingest is.
 */
public final class EntityStreamDirectory implements StreamDirectory, IngestLocator {
  /** Longer keys are refused without a lookup; generated keys have 46 characters. */
  static final int KEY_CHARS_MAX = 256;

  private final HubEntities entities;

  public EntityStreamDirectory(HubEntities entities) {
    this.entities = entities;
  }

  @Override
  public CompletionStage<Optional<String>> streamForKey(String streamKey) {
    if (streamKey.isEmpty() || streamKey.length() > KEY_CHARS_MAX) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String hash = Secrets.hash(streamKey);
    return entities
        .keyIndex(hash)
        .lookup()
        .thenCompose(
            name ->
                name.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<String>empty())
                    : authorize(name.get(), hash));
  }

  private CompletionStage<Optional<String>> authorize(String name, String hash) {
    return entities.stream(name).authorize(hash).thenApply(ok -> ok.map(d -> name));
  }

  @Override
  public CompletionStage<Boolean> exists(String streamName) {
    if (!Validation.isName(streamName)) {
      return CompletableFuture.completedFuture(false);
    }
    return entities.stream(streamName).find().thenApply(Optional::isPresent);
  }

  @Override
  public CompletionStage<Void> wentLive(String stream, String member, String session) {
    return entities.stream(stream).goLive(member, session).thenApply(d -> null);
  }

  @Override
  public CompletionStage<Void> ended(String stream, String session) {
    return entities.stream(stream).end(session).thenApply(d -> null);
  }

  @Override
  public CompletionStage<Optional<String>> ingestOf(String stream) {
    if (!Validation.isName(stream)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return entities.stream(stream)
        .find()
        .thenApply(s -> s.flatMap(StreamEntity.Summary::live).map(StreamEntity.Ingest::member));
  }
}
