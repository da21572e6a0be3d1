package io.streamrp2p.tools;

import java.io.IOException;

/** The server answered connect or publish with an error status, such as a bad stream key. */
public final class PublishRefusedException extends IOException {
  private final String code;

  public PublishRefusedException(String code, String description) {
    super(code + ": " + description);
    this.code = code;
  }

  /** The status code, for example {@code NetStream.Publish.BadName}. */
  public String code() {
    return code;
  }
}
