package io.streamrp2p.hub.cluster;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where each stream's ingest is: the hub member that holds the publisher's connection. A member
 * that has viewers for a stream ingested elsewhere pulls it from there, once per stream.
 */
public interface IngestLocator {
  /**
   * The publisher's session began on {@code member}; {@code member} is that member's internal HTTP
   * base URL (for example {@code http://10.0.0.5:8080}).
   */
  CompletionStage<Void> wentLive(String stream, String member, String session);

  /** The session ended (after the reconnect grace period). */
  CompletionStage<Void> ended(String stream, String session);

  /** The member holding the stream's ingest now, if it is live anywhere. */
  CompletionStage<Optional<String>> ingestOf(String stream);
}
