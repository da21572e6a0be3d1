package io.streamrp2p.media.relay;

import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.media.live.Publisher;
import io.streamrp2p.protocol.flv.FlvReader;
import io.streamrp2p.protocol.flv.FlvTag;
import io.streamrp2p.protocol.flv.FlvUnit;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * One pull of a live stream over HTTP-FLV whose tags are published into a local stream, as if the
 * upstream were its publisher: a hub member relaying a stream ingested on another member, or a
 * friend node relaying its assigned stream from the hub. One connection, one claim: when the
 * upstream ends or fails, or {@link #stop} is called, the pull leaves the stream and {@link #done}
 * completes; reconnecting is a new pull.
 */
public final class FlvPull implements Publisher {
  private final String url;
  private final Map<String, String> headers;
  private final String upstream;
  private final LiveStream stream;
  private final UnaryOperator<byte[]> dataTags;
  private final CompletableFuture<String> done = new CompletableFuture<>();
  private final AtomicReference<UniqueKillSwitch> killSwitch = new AtomicReference<>();
  private final FlvReader reader = new FlvReader();
  private volatile boolean stopped;
  private volatile boolean receivedMedia;
  private ByteBuffer pending = ByteBuffer.allocate(64 * 1024).flip();

  /**
   * @param url the HTTP-FLV URL to pull
   * @param headers request headers (authentication, the relay marker)
   * @param upstream who is pulled from, for logs and {@link #describe}
   * @param stream the local stream the tags go to; the caller claims it for this pull
   */
  public FlvPull(String url, Map<String, String> headers, String upstream, LiveStream stream) {
    this(url, headers, upstream, stream, UnaryOperator.identity());
  }

  /**
   * @param dataTags rewrites each data tag's body (a node names its friend in onMetaData)
   */
  public FlvPull(
      String url,
      Map<String, String> headers,
      String upstream,
      LiveStream stream,
      UnaryOperator<byte[]> dataTags) {
    this.dataTags = dataTags;
    this.url = url;
    this.headers = Map.copyOf(headers);
    this.upstream = upstream;
    this.stream = stream;
  }

  public String upstream() {
    return upstream;
  }

  /** Completes with why the relay ended once it has left the stream. */
  public CompletionStage<String> done() {
    return done;
  }

  /** Whether any media came through: a relay that got media resets the reconnect backoff. */
  public boolean receivedMedia() {
    return receivedMedia;
  }

  /** Connects and starts publishing; the caller has claimed the stream for this relay. */
  public void start(ActorSystem system, ConnectionPoolSettings pool) {
    Materializer mat = Materializer.matFromSystem(system);
    HttpRequest request = HttpRequest.GET(url);
    for (Map.Entry<String, String> h : headers.entrySet()) {
      request = request.addHeader(RawHeader.create(h.getKey(), h.getValue()));
    }
    Http.get(system)
        .singleRequest(request, Http.get(system).defaultClientHttpsContext(), pool, system.log())
        .thenCompose(response -> consume(response, mat))
        .whenComplete(
            (reason, failure) ->
                done.complete(failure != null ? "failed: " + rootMessage(failure) : reason));
  }

  private CompletionStage<String> consume(HttpResponse response, Materializer mat) {
    if (response.status().intValue() != 200) {
      response.discardEntityBytes(mat);
      return CompletableFuture.completedFuture("upstream answered " + response.status());
    }
    var pair =
        response
            .entity()
            .getDataBytes()
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.foreach(this::onBytes), Keep.both())
            .run(mat);
    killSwitch.set(pair.first());
    if (stopped) {
      pair.first().shutdown();
    }
    CompletionStage<Done> finished = pair.second();
    return finished.thenApply(d -> stopped ? "stopped" : "upstream ended");
  }

  /** Stops pulling; {@link #done} completes once the connection is closed. */
  public void stop() {
    stopped = true;
    UniqueKillSwitch k = killSwitch.get();
    if (k != null) {
      k.shutdown();
    }
  }

  private void onBytes(ByteString bytes) {
    if (pending.capacity() - pending.remaining() < bytes.size()) {
      // Grows only to the largest tag the reader accepts (it rejects larger ones before their
      // body arrives) plus one network chunk.
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(2 * pending.capacity(), pending.remaining() + bytes.size()));
      bigger.put(pending).flip();
      pending = bigger;
    }
    pending.compact();
    bytes.copyToBuffer(pending);
    pending.flip();
    FlvUnit unit;
    while ((unit = reader.poll(pending)) != null) {
      if (unit instanceof FlvTag tag) {
        publish(tag);
      }
    }
  }

  private void publish(FlvTag tag) {
    MediaTag.Kind kind =
        switch (tag.tagType()) {
          case FlvTag.TYPE_AUDIO -> MediaTag.Kind.AUDIO;
          case FlvTag.TYPE_VIDEO -> MediaTag.Kind.VIDEO;
          case FlvTag.TYPE_SCRIPT -> MediaTag.Kind.DATA;
          default -> null; // FLV defines no other tag types; nothing a player could use
        };
    if (kind != null) {
      receivedMedia = true;
      byte[] body = kind == MediaTag.Kind.DATA ? dataTags.apply(tag.body()) : tag.body();
      stream.publish(this, kind, tag.timestamp(), body);
    }
  }

  @Override
  public String describe() {
    return "pull from " + upstream;
  }

  @Override
  public void kick(String reason) {
    stop();
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
