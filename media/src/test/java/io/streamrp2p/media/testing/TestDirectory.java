package io.streamrp2p.media.testing;

import io.streamrp2p.media.live.StreamDirectory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/** A stream directory for tests: no stream keys, and the streams {@code known} accepts. */
public final class TestDirectory {
  private TestDirectory() {}

  public static StreamDirectory knowing(Predicate<String> known) {
    return new StreamDirectory() {
      @Override
      public CompletionStage<Optional<String>> streamForKey(String streamKey) {
        return CompletableFuture.completedFuture(Optional.empty());
      }

      @Override
      public CompletionStage<Boolean> exists(String streamName) {
        return CompletableFuture.completedFuture(known.test(streamName));
      }
    };
  }
}
