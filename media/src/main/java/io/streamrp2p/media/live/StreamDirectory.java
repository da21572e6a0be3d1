package io.streamrp2p.media.live;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Which streams exist and which stream key publishes to which stream. Answers may need a round trip
 * (to a sharded entity on another member), so they are asynchronous.
 */
public interface StreamDirectory {
  /** The stream that {@code streamKey} publishes to, if the key is valid. */
  CompletionStage<Optional<String>> streamForKey(String streamKey);

  /** Whether viewers may wait for {@code streamName} before it goes live. */
  CompletionStage<Boolean> exists(String streamName);
}
