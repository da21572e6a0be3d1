package io.streamrp2p.media.rtmp;

import io.streamrp2p.media.LogText;
import io.streamrp2p.media.live.LiveStream;
import io.streamrp2p.media.live.LiveStreams;
import io.streamrp2p.media.live.MediaTag;
import io.streamrp2p.media.live.Publisher;
import io.streamrp2p.media.live.TagEncoding;
import io.streamrp2p.media.live.ViewerGate;
import io.streamrp2p.protocol.amf.Amf;
import io.streamrp2p.protocol.amf.AmfObject;
import io.streamrp2p.protocol.rtmp.chunk.RawMessage;
import io.streamrp2p.protocol.rtmp.message.Aggregate;
import io.streamrp2p.protocol.rtmp.message.CommandMessage;
import io.streamrp2p.protocol.rtmp.message.DataMessage;
import io.streamrp2p.protocol.rtmp.message.MessageTypes;
import io.streamrp2p.protocol.rtmp.message.UserControl;
import io.streamrp2p.protocol.rtmp.message.WindowAcknowledgementSize;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP session: answers the command sequences of OBS, ffmpeg and GStreamer (connect,
 * releaseStream, FCPublish, createStream, publish, @setDataFrame, play, deleteStream), feeds a
 * publisher's media into its live stream and a player's stream back out. Runs inside its
 * connection's stage; only {@link #kick} is called from other threads.
 */
final class RtmpSession implements Publisher {
  private static final Logger log = LoggerFactory.getLogger(RtmpSession.class);

  /** Window acknowledgement size the hub asks of peers, and the bandwidth it announces. */
  static final long WINDOW_ACK_SIZE = 2_500_000;

  private final RtmpSettings config;
  private final LiveStreams streams;
  private final Clock clock;
  private final RtmpConnection.Io io;
  private boolean connected;
  private LiveStream publishing;
  private LiveStream playing;
  private long peerWindowAckSize;
  private long lastAckedBytes;
  private long lastInputMillis;

  RtmpSession(RtmpSettings config, LiveStreams streams, Clock clock, RtmpConnection.Io io) {
    this.config = config;
    this.streams = streams;
    this.clock = clock;
    this.io = io;
    this.lastInputMillis = clock.millis();
  }

  void onMessage(RawMessage m, long bytesRead) {
    lastInputMillis = clock.millis();
    switch (m.typeId()) {
      case MessageTypes.COMMAND_AMF0, MessageTypes.COMMAND_AMF3 ->
          onCommand(CommandMessage.decode(m.payload(), m.typeId() == MessageTypes.COMMAND_AMF3));
      case MessageTypes.DATA_AMF0, MessageTypes.DATA_AMF3 ->
          onData(
              DataMessage.decode(m.payload(), m.typeId() == MessageTypes.DATA_AMF3), m.timestamp());
      case MessageTypes.AUDIO -> media(MediaTag.Kind.AUDIO, m.timestamp(), m.payload());
      case MessageTypes.VIDEO -> media(MediaTag.Kind.VIDEO, m.timestamp(), m.payload());
      case MessageTypes.AGGREGATE -> Aggregate.decode(m).messages().forEach(this::onAggregated);
      case MessageTypes.WINDOW_ACKNOWLEDGEMENT_SIZE ->
          peerWindowAckSize = WindowAcknowledgementSize.decode(m).windowBytes();
      case MessageTypes.USER_CONTROL -> onUserControl(UserControl.decode(m));
      default -> {
        // Set Chunk Size and Abort are applied by the decoder; Acknowledgement and Set Peer
        // Bandwidth need no answer.
      }
    }
    acknowledge(bytesRead);
  }

  private void acknowledge(long bytesRead) {
    if (peerWindowAckSize > 0 && bytesRead - lastAckedBytes >= peerWindowAckSize) {
      lastAckedBytes = bytesRead;
      io.send(Control.acknowledgement(bytesRead & 0xFFFF_FFFFL));
    }
  }

  private void onUserControl(UserControl event) {
    if (event instanceof UserControl.PingRequest ping) {
      io.send(new UserControl.PingResponse(ping.timestamp()).encode());
    }
  }

  private void onAggregated(RawMessage m) {
    switch (m.typeId()) {
      case MessageTypes.AUDIO -> media(MediaTag.Kind.AUDIO, m.timestamp(), m.payload());
      case MessageTypes.VIDEO -> media(MediaTag.Kind.VIDEO, m.timestamp(), m.payload());
      default -> {} // script data inside aggregates is not forwarded
    }
  }

  private void onCommand(CommandMessage c) {
    if (!connected && !"connect".equals(c.name())) {
      io.close("command " + c.name() + " before connect");
      return;
    }
    switch (c.name()) {
      case "connect" -> connect(c);
      case "releaseStream", "FCPublish", "FCUnpublish", "getStreamLength", "_checkbw" ->
          result(c, Amf.UNDEFINED);
      case "createStream" -> result(c, (double) TagEncoding.RTMP_MESSAGE_STREAM_ID);
      case "publish" -> publish(c);
      case "play" -> play(c);
      case "deleteStream", "closeStream" -> stopPublishing("the encoder stopped publishing");
      default -> log.debug("rtmp {}: ignoring command {}", io.remote(), LogText.safe(c.name()));
    }
  }

  private void connect(CommandMessage c) {
    String app = c.commandObject() instanceof AmfObject o ? o.string("app") : null;
    String appName = app == null ? "" : stripQuery(app).replaceAll("/+$", "");
    if (!config.app().equals(appName)) {
      io.send(
          Control.command(
              0,
              new CommandMessage(
                  "_error",
                  c.transactionId(),
                  Amf.NULL,
                  status(
                      "error",
                      "NetConnection.Connect.Rejected",
                      "unknown application '" + app + "'; use rtmp://host/" + config.app()))));
      io.close("connect to unknown application '" + app + "'");
      return;
    }
    connected = true;
    io.send(Control.windowAckSize(WINDOW_ACK_SIZE));
    io.send(Control.setPeerBandwidth(WINDOW_ACK_SIZE));
    io.send(Control.setChunkSize(TagEncoding.RTMP_CHUNK_SIZE));
    io.setOutgoingChunkSize(TagEncoding.RTMP_CHUNK_SIZE);
    AmfObject props = Amf.object("fmsVer", "FMS/3,5,3,888", "capabilities", 127.0, "mode", 1.0);
    AmfObject info =
        Amf.object(
            "level",
            "status",
            "code",
            "NetConnection.Connect.Success",
            "description",
            "Connection succeeded.",
            "objectEncoding",
            0.0);
    io.send(Control.command(0, new CommandMessage("_result", c.transactionId(), props, info)));
  }

  private void publish(CommandMessage c) {
    String key = c.stringArgument(0);
    if (key == null || publishing != null || playing != null) {
      rejectPublish(
          key == null
              ? "publish without a stream key"
              : "this connection already publishes or plays");
      return;
    }
    io.await(
        streams.directory().streamForKey(stripQuery(key)),
        (name, failure) -> {
          if (failure != null) {
            rejectPublish("stream keys cannot be checked now: " + failure.getMessage());
          } else if (name.isEmpty()) {
            rejectPublish("unknown stream key");
          } else {
            startPublishing(name.get());
          }
        });
  }

  private void startPublishing(String name) {
    LiveStream stream = streams.open(name);
    String refused = streams.claim(stream, this);
    if (refused != null) {
      rejectPublish(refused);
      return;
    }
    publishing = stream;
    io.send(new UserControl.StreamBegin(TagEncoding.RTMP_MESSAGE_STREAM_ID).encode());
    io.send(
        Control.command(
            TagEncoding.RTMP_MESSAGE_STREAM_ID,
            Control.onStatus(
                "status", "NetStream.Publish.Start", stream.name() + " is now published.")));
    log.info("rtmp {}: publishing stream {}", io.remote(), stream.name());
  }

  private void rejectPublish(String why) {
    io.send(
        Control.command(
            TagEncoding.RTMP_MESSAGE_STREAM_ID,
            Control.onStatus("error", "NetStream.Publish.BadName", why)));
    io.close("publish refused: " + why);
  }

  private void play(CommandMessage c) {
    String full = c.stringArgument(0);
    String name = full == null ? null : stripQuery(full);
    if (publishing != null || playing != null) {
      refusePlay("this connection already publishes or plays", name);
      return;
    }
    if (name == null || name.isEmpty()) {
      refusePlay("play without a stream name", name);
      return;
    }
    String query = full.length() > name.length() + 1 ? full.substring(name.length() + 1) : "";
    ViewerGate.Decision d =
        streams
            .gate()
            .decide(
                new ViewerGate.Request(
                    name,
                    ViewerGate.Door.RTMP,
                    query,
                    io.remoteHost(),
                    streams.find(name).map(LiveStream::viewers).orElse(0)));
    if (d instanceof ViewerGate.Refuse r) {
      refusePlay(r.reason(), name);
      return;
    }
    if (d instanceof ViewerGate.Redirect) {
      refusePlay("play this stream over HTTP-FLV or HLS, which follow redirects", name);
      return;
    }
    Optional<LiveStream> live = streams.find(name);
    if (live.isPresent()) {
      startPlaying(live.get());
      return;
    }
    io.await(
        streams.directory().exists(name),
        (known, failure) -> {
          if (failure == null && Boolean.TRUE.equals(known)) {
            startPlaying(streams.open(name));
          } else {
            refusePlay("no stream named " + name, name);
          }
        });
  }

  private void refusePlay(String why, String name) {
    io.send(
        Control.command(
            TagEncoding.RTMP_MESSAGE_STREAM_ID,
            Control.onStatus("error", "NetStream.Play.StreamNotFound", why)));
    io.close("play of " + name + " refused: " + why);
  }

  private void startPlaying(LiveStream stream) {
    playing = stream;
    String name = stream.name();
    int msid = TagEncoding.RTMP_MESSAGE_STREAM_ID;
    io.send(new UserControl.StreamBegin(msid).encode());
    io.send(
        Control.command(
            msid,
            Control.onStatus(
                "status", "NetStream.Play.Reset", "Playing and resetting " + name + ".")));
    io.send(
        Control.command(
            msid,
            Control.onStatus("status", "NetStream.Play.Start", "Started playing " + name + ".")));
    io.send(Control.data(msid, new DataMessage("|RtmpSampleAccess", true, true)));
    io.startMedia(playing.subscribeBatches().map(TagEncoding::rtmp));
    log.info("rtmp {}: playing stream {}", io.remote(), LogText.safe(name));
  }

  private void onData(DataMessage d, long timestamp) {
    if (publishing == null) {
      return;
    }
    DataMessage forPlayers = d.withoutSetDataFrame();
    if ("onMetaData".equals(forPlayers.name())) {
      publishing.publish(this, MediaTag.Kind.DATA, timestamp, forPlayers.encode());
    }
  }

  private void media(MediaTag.Kind kind, long timestamp, byte[] body) {
    if (publishing != null) {
      publishing.publish(this, kind, timestamp, body);
    }
  }

  void mediaEnded(Throwable failure) {
    if (failure != null) {
      io.close("player cut off: " + failure.getMessage());
      return;
    }
    io.send(new UserControl.StreamEof(TagEncoding.RTMP_MESSAGE_STREAM_ID).encode());
    io.send(
        Control.command(
            TagEncoding.RTMP_MESSAGE_STREAM_ID,
            Control.onStatus("status", "NetStream.Play.UnpublishNotify", "the stream ended")));
    io.close("stream " + playing.name() + " ended");
  }

  private void stopPublishing(String why) {
    if (publishing != null) {
      streams.publisherLeft(publishing, this);
      log.info("rtmp {}: stream {}: {}", io.remote(), publishing.name(), LogText.safe(why));
      publishing = null;
    }
  }

  /** Called when the connection stops, for whatever reason. */
  void stopped() {
    stopPublishing("connection closed");
  }

  String checkConnected() {
    return connected ? null : "no handshake and connect within " + config.handshakeTimeout();
  }

  String checkIdle() {
    long idleMs = clock.millis() - lastInputMillis;
    if (publishing != null && idleMs > config.publisherIdleTimeout().toMillis()) {
      return "publisher sent nothing for " + idleMs + " ms";
    }
    return null;
  }

  @Override
  public String describe() {
    return "rtmp " + io.remote();
  }

  /**
   * The hub closes this connection: a publisher gets an onStatus saying why (encoders log it and
   * reconnect), as FMS and SRS do before they drop a stream.
   */
  void closing(String reason) {
    if (publishing != null) {
      io.send(
          Control.command(
              TagEncoding.RTMP_MESSAGE_STREAM_ID,
              Control.onStatus(
                  "status", "NetStream.Unpublish.Success", "closed by the hub: " + reason)));
    }
    if (connected) {
      io.send(
          Control.command(0, Control.onStatus("status", "NetConnection.Connect.Closed", reason)));
    }
  }

  @Override
  public void kick(String reason) {
    io.closeFromAnyThread(reason);
  }

  private void result(CommandMessage c, Object value) {
    if (c.transactionId() != 0) {
      io.send(
          Control.command(0, new CommandMessage("_result", c.transactionId(), Amf.NULL, value)));
    }
  }

  private static AmfObject status(String level, String code, String description) {
    return Amf.object("level", level, "code", code, "description", description);
  }

  private static String stripQuery(String s) {
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }
}
