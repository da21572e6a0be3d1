package io.streamrp2p.hub.live;

import java.util.Optional;

/** Which streams exist and which stream key publishes to which stream. */
public interface StreamDirectory {
  /** The stream that {@code streamKey} publishes to, if the key is valid. */
  Optional<String> streamForKey(String streamKey);

  /** Whether viewers may wait for {@code streamName} before it goes live. */
  boolean exists(String streamName);
}
