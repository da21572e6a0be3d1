package io.streamrp2p.protocol.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of (name, frame, decoded message) drives decode and encode; the fuzz target's seeds are
 * the same frames. Frames are written with ' for " to keep them readable.
 */
class NodeMessageCodecTest {
  static final String NONCE = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"; // bytes 0..31
  static final String SIGNATURE = // bytes 0..63
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
  static final String NODE = "n_0123456789abcdef";
  static final String FLV = "http://hub.example:8080/live/cats.flv";
  static final String RTMP = "rtmp://hub.example/live/cats";
  // RFC 8032 section 7.1, TEST 1 and TEST 2 public keys.
  static final String KEY_1 = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
  static final String KEY_2 = "PUAXw-hDiVqStwqnTRt-vJyYLM8uxJaMwM1V8Sr0Zgw";

  private static final String SEEDS =
      "/io/streamrp2p/protocol/fuzz/NodeMessageCodecFuzzTestInputs/"
          + "decode_anyFrame_onlyProtocolExceptionAndReencodes/";

  record Case(String name, String frame, NodeMessage decoded) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.concat(sessionCases(), workCases());
  }

  private static Stream<Case> sessionCases() {
    return Stream.of(
        new Case(
            "challenge",
            json(
                "{'type':'challenge','v':1,'nonce':'"
                    + NONCE
                    + "',"
                    + "'hubTimeMs':1796000000000,'authTimeoutMs':10000}"),
            new Challenge(NONCE, 1_796_000_000_000L, 10_000)),
        new Case(
            "auth",
            json("{'type':'auth','v':1,'nodeId':'" + NODE + "','signature':'" + SIGNATURE + "'}"),
            new Auth(NODE, SIGNATURE)),
        new Case(
            "welcome, no assignments, one ticket key",
            json(
                "{'type':'welcome','v':1,'sessionId':'s_9f8e7d6c','heartbeatIntervalMs':5000,"
                    + "'heartbeatTimeoutMs':15000,'assignments':[],"
                    + "'ticketKeys':[{'keyId':'hub-2026-11','publicKey':'"
                    + KEY_1
                    + "'}]}"),
            new Welcome(
                "s_9f8e7d6c",
                5_000,
                15_000,
                List.of(),
                List.of(new TicketKey("hub-2026-11", KEY_1)))),
        new Case(
            "welcome, two assignments, two ticket keys during a rotation",
            json(
                "{'type':'welcome','v':1,'sessionId':'s-1','heartbeatIntervalMs':1000,"
                    + "'heartbeatTimeoutMs':600000,'assignments':["
                    + "{'stream':'cats','pullUrls':['"
                    + FLV
                    + "','"
                    + RTMP
                    + "'],"
                    + "'bitrateBps':3200000},"
                    + "{'stream':'dogs_2','pullUrls':['https://h2.example/live/dogs_2.flv'],"
                    + "'bitrateBps':0}],"
                    + "'ticketKeys':[{'keyId':'hub-2026-11','publicKey':'"
                    + KEY_1
                    + "'},{'keyId':'hub-2026-12','publicKey':'"
                    + KEY_2
                    + "'}]}"),
            new Welcome(
                "s-1",
                1_000,
                600_000,
                List.of(
                    new Assignment("cats", List.of(FLV, RTMP), 3_200_000),
                    new Assignment("dogs_2", List.of("https://h2.example/live/dogs_2.flv"), 0)),
                List.of(new TicketKey("hub-2026-11", KEY_1), new TicketKey("hub-2026-12", KEY_2)))),
        new Case(
            "error, unknown type",
            json("{'type':'error','v':1,'code':'unknown-type','message':'unknown type \\'x\\''}"),
            new ErrorMessage(ReasonCode.UNKNOWN_TYPE, "unknown type 'x'")),
        new Case(
            "close, empty message",
            json("{'type':'close','v':1,'reason':'going-away','message':''}"),
            new Close(ReasonCode.GOING_AWAY, "")),
        new Case(
            "close, escaped and non-ASCII text",
            json(
                "{'type':'close','v':1,'reason':'internal','message':'tab\\there, caf\u00e9 \ud83c\udfa5'}"),
            new Close(ReasonCode.INTERNAL, "tab\there, caf\u00e9 \ud83c\udfa5")));
  }

  private static Stream<Case> workCases() {
    return Stream.of(
        new Case(
            "heartbeat, idle",
            json(
                "{'type':'heartbeat','v':1,'viewers':0,'egressBps':0,"
                    + "'capacityLeftBps':40000000,'streams':[]}"),
            new Heartbeat(0, 0, 40_000_000, List.of())),
        new Case(
            "heartbeat, three states",
            json(
                "{'type':'heartbeat','v':1,'viewers':12,'egressBps':38400000,"
                    + "'capacityLeftBps':1600000,'streams':["
                    + "{'stream':'cats','viewers':12,'state':'serving'},"
                    + "{'stream':'dogs','viewers':0,'state':'pulling'},"
                    + "{'stream':'owls','viewers':0,'state':'stalled'}]}"),
            new Heartbeat(
                12,
                38_400_000,
                1_600_000,
                List.of(
                    new StreamHealth("cats", 12, StreamState.SERVING),
                    new StreamHealth("dogs", 0, StreamState.PULLING),
                    new StreamHealth("owls", 0, StreamState.STALLED)))),
        new Case(
            "assign",
            json(
                "{'type':'assign','v':1,'stream':'cats','pullUrls':['"
                    + FLV
                    + "'],"
                    + "'bitrateBps':1000000000}"),
            new Assign(new Assignment("cats", List.of(FLV), 1_000_000_000))),
        new Case(
            "unassign",
            json("{'type':'unassign','v':1,'stream':'cats','reason':'stream-ended'}"),
            new Unassign("cats", UnassignReason.STREAM_ENDED)),
        new Case(
            "usage, two tickets, largest byte count",
            json(
                "{'type':'usage','v':1,'epochId':42,'epochStartMs':1796000000000,"
                    + "'epochEndMs':1796003600000,'tickets':["
                    + "{'ticketId':'t_AbC-9','bytes':0},"
                    + "{'ticketId':'t_2','bytes':9223372036854775807}]}"),
            new Usage(
                42,
                1_796_000_000_000L,
                1_796_003_600_000L,
                List.of(new TicketBytes("t_AbC-9", 0), new TicketBytes("t_2", Long.MAX_VALUE)))),
        new Case(
            "usage, no tickets",
            json(
                "{'type':'usage','v':1,'epochId':0,'epochStartMs':0,'epochEndMs':1,"
                    + "'tickets':[]}"),
            new Usage(0, 0, 1, List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decode_frame_returnsMessage(Case c) {
    assertThat(NodeMessageCodec.decode(c.frame())).isEqualTo(c.decoded());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void encode_message_returnsFrame(Case c) {
    assertThat(NodeMessageCodec.encode(c.decoded())).isEqualTo(c.frame());
  }

  /** The fuzz target starts from the table's frames, so a seed cannot go stale as fields change. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fuzzSeed_case_isTheFrame(Case c) throws IOException {
    String file = "vector-" + c.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    try (InputStream in = NodeMessageCodecTest.class.getResourceAsStream(SEEDS + file)) {
      assertThat(in).as(file).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(c.frame());
    }
  }

  /** The frame with ' turned into ", for readable tables; a \' stays a '. */
  static String json(String singleQuoted) {
    return singleQuoted.replace("\\'", "\u0000").replace('\'', '"').replace('\u0000', '\'');
  }
}
