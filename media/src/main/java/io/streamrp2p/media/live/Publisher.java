package io.streamrp2p.media.live;

/** What a live stream needs of the connection publishing into it. */
public interface Publisher {
  /** A short description for logs: protocol, remote address, session id. */
  String describe();

  /** Closes the connection, telling the encoder why (it may reconnect). */
  void kick(String reason);
}
