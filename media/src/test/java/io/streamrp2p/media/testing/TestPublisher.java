package io.streamrp2p.media.testing;

import io.streamrp2p.media.live.Publisher;

/** A publisher with no connection behind it: tests call the stream's publish methods directly. */
public final class TestPublisher implements Publisher {
  @Override
  public String describe() {
    return "test publisher";
  }

  @Override
  public void kick(String reason) {}
}
