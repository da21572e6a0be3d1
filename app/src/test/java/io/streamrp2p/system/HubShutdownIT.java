package io.streamrp2p.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamrp2p.protocol.amf.AmfObject;
import io.streamrp2p.protocol.rtmp.message.CommandMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub that shuts down tells its publishers why before it closes their connections, and gives its
 * HTTP-FLV viewers a clean end of the body.
 */
class HubShutdownIT {
  @TempDir Path dir;

  @Test
  void close_publisherConnected_toldWhyThenClosed() throws Exception {
    TestHub hub = TestHub.start(dir.resolve("hub"));
    try (RawRtmpClient publisher = RawRtmpClient.connect(hub.rtmpPort()).handshake()) {
      publisher.publish("k1");
      await()
          .atMost(TestHub.PATIENCE)
          .until(
              () ->
                  hub.stream("s1")
                      .map(s -> s.state() == io.streamrp2p.media.live.LiveStream.State.LIVE)
                      .orElse(false));

      HttpFlvViewer viewer = HttpFlvViewer.open(hub.flvUrl("s1"));
      await()
          .atMost(TestHub.PATIENCE)
          .until(() -> hub.stream("s1").map(s -> s.viewers() == 1).orElse(false));

      hub.close();
      // A clean end: the last chunk, then the close; a cut connection fails the read instead.
      assertThat(viewer.ended()).succeedsWithin(Duration.ofSeconds(30));
      assertThat(viewer.status()).isEqualTo(200);
      List<CommandMessage> got = publisher.commandsUntilClosed(Duration.ofSeconds(30));

      List<String> codes =
          got.stream()
              .filter(c -> c.name().equals("onStatus"))
              .map(c -> ((AmfObject) c.argument(0)).string("code"))
              .toList();
      assertThat(codes)
          .contains(
              "NetStream.Publish.Start",
              "NetStream.Unpublish.Success",
              "NetConnection.Connect.Closed");
      assertThat(got)
          .filteredOn(c -> c.name().equals("onStatus"))
          .map(c -> ((AmfObject) c.argument(0)).string("description"))
          .anyMatch(d -> d.contains("shutting down"));
    }
  }
}
