package io.streamrp2p.tools;

import java.net.URI;

/**
 * A publishing address {@code rtmp://host[:port]/app/streamKey}: the application is the first path
 * segment, the stream key (with any query) the rest, as ffmpeg and OBS split it.
 */
public record RtmpUrl(String host, int port, String app, String streamKey) {
  /** RTMP 1.0 default port. */
  public static final int DEFAULT_PORT = 1935;

  public RtmpUrl {
    if (host == null || host.isEmpty() || app.isEmpty() || streamKey.isEmpty()) {
      throw new IllegalArgumentException("need rtmp://host[:port]/app/key");
    }
  }

  public static RtmpUrl parse(String url) {
    URI uri = URI.create(url);
    if (!"rtmp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an rtmp://host[:port]/app/key URL: " + url);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/+", "");
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new IllegalArgumentException("URL lacks an application or a stream key: " + url);
    }
    String key =
        path.substring(slash + 1) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    return new RtmpUrl(uri.getHost(), port, path.substring(0, slash), key);
  }

  /** The tcUrl sent in connect: the URL without the stream key. */
  public String tcUrl() {
    return "rtmp://" + host + ":" + port + "/" + app;
  }
}
