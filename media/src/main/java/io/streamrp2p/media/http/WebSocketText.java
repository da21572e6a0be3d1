package io.streamrp2p.media.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * One websocket message as text, bounded: what both ends of a text-only protocol (the hub-node
 * session) read frames with. A binary message is drained and refused; a streamed text longer than
 * the bound is refused before it is all held.
 */
public final class WebSocketText {
  private WebSocketText() {}

  /** A message the reader refuses, and why. */
  public static final class RefusedException extends RuntimeException {
    private final boolean tooLarge;

    RefusedException(boolean tooLarge, String message) {
      super(message, null, false, false);
      this.tooLarge = tooLarge;
    }

    /** Whether the text was over the bound (else the message was binary). */
    public boolean tooLarge() {
      return tooLarge;
    }
  }

  /**
   * The text of {@code m}, or a stage failed with {@link RefusedException}.
   *
   * @param charsMax the longest text taken
   */
  public static CompletionStage<String> read(Message m, int charsMax, Materializer mat) {
    if (!m.isText()) {
      m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), mat);
      return CompletableFuture.failedFuture(
          new RefusedException(false, "binary frames are not part of the protocol"));
    }
    TextMessage t = m.asTextMessage();
    if (t.isStrict()) {
      return CompletableFuture.completedFuture(t.getStrictText());
    }
    return t.getStreamedText()
        .limitWeighted(charsMax, chunk -> (long) chunk.length())
        .runFold(new StringBuilder(), StringBuilder::append, mat)
        .<String>handle(
            (b, e) -> {
              if (e != null) {
                throw new RefusedException(true, "frame larger than " + charsMax + " bytes");
              }
              return b.toString();
            });
  }

  /** The refusal inside a failed stage's exception, or null if it failed otherwise. */
  public static RefusedException refusal(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof RefusedException r) {
        return r;
      }
    }
    return null;
  }
}
