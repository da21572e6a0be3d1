package io.streamrp2p.media;

/** Checks shared by the media settings records: a bad value names its setting at start. */
public final class Settings {
  private Settings() {}

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code ok}. */
  public static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A TCP port to listen on; 0 picks any free port. */
  public static void requirePort(int port, String name) {
    require(port >= 0 && port <= 65535, name + " must be 0..65535 (0 = any free port)");
  }
}
