package io.streamrp2p.protocol.node;

import static io.streamrp2p.protocol.node.NodeMessageCodecTest.FLV;
import static io.streamrp2p.protocol.node.NodeMessageCodecTest.KEY_1;
import static io.streamrp2p.protocol.node.NodeMessageCodecTest.KEY_2;
import static io.streamrp2p.protocol.node.NodeMessageCodecTest.NONCE;
import static io.streamrp2p.protocol.node.NodeMessageCodecTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ticket.NodeProof;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** One test per kind of bad frame, and the bounds that keep every valid frame small. */
class NodeMessageCodecMalformedTest {
  private static final String HEARTBEAT_HEAD =
      "{'type':'heartbeat','v':1,'viewers':1,'egressBps':1,'capacityLeftBps':1,";
  private static final String WELCOME_HEAD =
      "{'type':'welcome','v':1,'sessionId':'s','heartbeatIntervalMs':5000,"
          + "'heartbeatTimeoutMs':15000,'assignments':[]";

  @Test
  void decode_truncatedJson_malformed() {
    assertRefused(json("{'type':'auth','v':1,'nodeId':'n_1','signa"), ReasonCode.MALFORMED)
        .hasMessageStartingWith("node: invalid JSON at character ")
        .hasMessageContaining("end-of-input");
  }

  @Test
  void decode_emptyFrame_malformed() {
    assertRefused("", ReasonCode.MALFORMED).hasMessage("node: frame is not a JSON object");
  }

  @Test
  void decode_arrayInsteadOfObject_malformed() {
    assertRefused("[1,2]", ReasonCode.MALFORMED).hasMessage("node: frame is not a JSON object");
  }

  @Test
  void decode_trailingValue_malformed() {
    assertRefused(json("{'type':'close','v':1,'reason':'internal','message':''} {}"), null)
        .hasMessageStartingWith("node: invalid JSON");
  }

  @Test
  void decode_duplicateField_malformed() {
    assertRefused(json("{'type':'close','type':'error','v':1}"), ReasonCode.MALFORMED)
        .hasMessageContaining("Duplicate field 'type'");
  }

  @Test
  void decode_stringForInteger_malformedNamesField() {
    assertRefused(
            json(HEARTBEAT_HEAD + "'streams':[{'stream':'a','viewers':'3','state':'serving'}]}"),
            null)
        .hasMessage("node: heartbeat: streams[0].viewers: expected an integer, got a string");
  }

  @Test
  void decode_fractionForInteger_malformed() {
    assertRefused(json("{'type':'heartbeat','v':1,'viewers':1.5}"), null)
        .hasMessage("node: heartbeat: viewers: expected an integer, got a fraction");
  }

  @Test
  void decode_objectForArray_malformed() {
    assertRefused(json(HEARTBEAT_HEAD + "'streams':{}}"), null)
        .hasMessage("node: heartbeat: streams: expected an array, got an object");
  }

  @Test
  void decode_missingField_malformed() {
    assertRefused(json("{'type':'auth','v':1,'nodeId':'n_1'}"), null)
        .hasMessage("node: auth: missing field signature");
  }

  @Test
  void decode_nullField_malformedAsMissing() {
    assertRefused(json("{'type':'unassign','v':1,'stream':null,'reason':'removed'}"), null)
        .hasMessage("node: unassign: missing field stream");
  }

  @Test
  void decode_valueOutOfBounds_malformed() {
    assertRefused(
            json(HEARTBEAT_HEAD.replace("'viewers':1", "'viewers':-1") + "'streams':[]}"), null)
        .hasMessage("node: heartbeat: viewers -1 is outside 0..1000000");
  }

  @Test
  void decode_numberLongerThanALong_malformedUnparsed() {
    assertRefused(json("{'type':'usage','v':1,'epochId':123456789012345678901234}"), null)
        .hasMessageContaining("Number value length");
  }

  @Test
  void decode_badStreamName_malformed() {
    assertRefused(json("{'type':'unassign','v':1,'stream':'Cats!','reason':'removed'}"), null)
        .hasMessageStartingWith("node: unassign: stream must match ");
  }

  @Test
  void decode_unknownEnumValue_malformed() {
    assertRefused(json("{'type':'unassign','v':1,'stream':'cats','reason':'bored'}"), null)
        .hasMessage("node: unassign: reason 'bored' is not a known value");
  }

  @Test
  void decode_duplicateStream_malformed() {
    String s = "{'stream':'a','viewers':0,'state':'serving'}";
    assertRefused(json(HEARTBEAT_HEAD + "'streams':[" + s + "," + s + "]}"), null)
        .hasMessage("node: heartbeat: streams name stream 'a' twice");
  }

  @Test
  void decode_heartbeatTimeoutNotAboveInterval_malformed() {
    assertRefused(
            json(
                "{'type':'welcome','v':1,'sessionId':'s','heartbeatIntervalMs':5000,"
                    + "'heartbeatTimeoutMs':5000,'assignments':[],"
                    + "'ticketKeys':[{'keyId':'k','publicKey':'"
                    + KEY_1
                    + "'}]}"),
            null)
        .hasMessage("node: welcome: heartbeatTimeoutMs 5000 is outside 5001..600000");
  }

  @Test
  void decode_pullUrlWithOtherScheme_malformed() {
    assertRefused(
            json(
                "{'type':'assign','v':1,'stream':'a','pullUrls':['file:///etc/passwd'],"
                    + "'bitrateBps':0}"),
            null)
        .hasMessageStartingWith("node: assign: pullUrls[0] must be an http, https, rtmp or rtmps");
  }

  @Test
  void decode_nonceOfWrongLength_malformed() {
    assertRefused(
            json("{'type':'challenge','v':1,'nonce':'AAEC','hubTimeMs':0,'authTimeoutMs':1000}"),
            null)
        .hasMessage("node: challenge: nonce must be unpadded base64url of 32 bytes: 'AAEC'");
  }

  @Test
  void decode_frameOverLimit_tooLargeBeforeParsing() {
    String notJson = "x".repeat(NodeMessageCodec.FRAME_BYTES_MAX + 1);
    assertRefused(notJson, ReasonCode.TOO_LARGE)
        .hasMessage(
            "node: frame is over the limit of " + NodeMessageCodec.FRAME_BYTES_MAX + " bytes");
  }

  @Test
  void decode_multiByteTextOverLimitInBytes_tooLarge() {
    // Characters of 3 UTF-8 bytes each: fewer characters than the limit, more bytes.
    String frame =
        json("{'type':'close','v':1,'reason':'internal','message':'")
            + "\u20ac".repeat(NodeMessageCodec.FRAME_BYTES_MAX / 2)
            + "\"}";
    assertRefused(frame, ReasonCode.TOO_LARGE);
  }

  @Test
  void decode_frameOfExactlyTheLimit_decodes() {
    String close = json("{'type':'close','v':1,'reason':'internal','message':''}");
    String padded = close + " ".repeat(NodeMessageCodec.FRAME_BYTES_MAX - close.length());
    assertThat(NodeMessageCodec.decode(padded)).isEqualTo(new Close(ReasonCode.INTERNAL, ""));
  }

  @Test
  void decode_tooManyStreams_malformed() {
    String streams =
        IntStream.range(0, NodeLimits.STREAMS_MAX + 1)
            .mapToObj(i -> "{'stream':'s" + i + "','viewers':0,'state':'serving'}")
            .collect(Collectors.joining(","));
    assertRefused(json(HEARTBEAT_HEAD + "'streams':[" + streams + "]}"), null)
        .hasMessage("node: heartbeat: streams has 65 entries, more than 64");
  }

  @Test
  void decode_tooManyTickets_malformed() {
    String tickets =
        IntStream.range(0, NodeLimits.TICKETS_MAX + 1)
            .mapToObj(i -> "{'ticketId':'t" + i + "','bytes':1}")
            .collect(Collectors.joining(","));
    assertRefused(
            json(
                "{'type':'usage','v':1,'epochId':1,'epochStartMs':0,'epochEndMs':1,'tickets':["
                    + tickets
                    + "]}"),
            null)
        .hasMessage("node: usage: tickets has 501 entries, more than 500");
  }

  @Test
  void decode_tooManyAssignments_malformed() {
    String assignments =
        IntStream.range(0, NodeLimits.ASSIGNMENTS_MAX + 1)
            .mapToObj(i -> "{'stream':'s" + i + "','pullUrls':['" + FLV + "'],'bitrateBps':0}")
            .collect(Collectors.joining(","));
    assertRefused(
            json(
                "{'type':'welcome','v':1,'sessionId':'s','heartbeatIntervalMs':5000,"
                    + "'heartbeatTimeoutMs':15000,'assignments':["
                    + assignments
                    + "]}"),
            null)
        .hasMessage("node: welcome: assignments has 65 entries, more than 64");
  }

  @Test
  void decode_welcomeWithoutTicketKeys_malformed() {
    assertRefused(json(WELCOME_HEAD + "}"), null)
        .hasMessage("node: welcome: missing field ticketKeys");
  }

  @Test
  void decode_welcomeWithNoTicketKey_malformed() {
    assertRefused(json(WELCOME_HEAD + ",'ticketKeys':[]}"), null)
        .hasMessage("node: welcome: ticketKeys has 0 entries, outside 1..4");
  }

  @Test
  void decode_tooManyTicketKeys_malformed() {
    String keys =
        IntStream.range(0, NodeLimits.TICKET_KEYS_MAX + 1)
            .mapToObj(i -> ticketKey("k" + i, KEY_1))
            .collect(Collectors.joining(","));
    assertRefused(json(WELCOME_HEAD + ",'ticketKeys':[" + keys + "]}"), null)
        .hasMessage("node: welcome: ticketKeys has 5 entries, more than 4");
  }

  @Test
  void decode_ticketKeyIdTwice_malformed() {
    String keys = ticketKey("hub-1", KEY_1) + "," + ticketKey("hub-1", KEY_2);
    assertRefused(json(WELCOME_HEAD + ",'ticketKeys':[" + keys + "]}"), null)
        .hasMessage("node: welcome: ticketKeys name keyId 'hub-1' twice");
  }

  @Test
  void decode_ticketPublicKeyOf31Bytes_malformed() {
    String short31 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]);
    String keys = ticketKey("hub-1", KEY_1) + "," + ticketKey("hub-2", short31);
    assertRefused(json(WELCOME_HEAD + ",'ticketKeys':[" + keys + "]}"), null)
        .hasMessage(
            "node: welcome: ticketKeys[1].publicKey must be unpadded base64url of 32 bytes: '"
                + short31
                + "'");
  }

  @Test
  void decode_ticketKeyIdOutsideItsAlphabet_malformed() {
    assertRefused(json(WELCOME_HEAD + ",'ticketKeys':[" + ticketKey("hub 1", KEY_1) + "]}"), null)
        .hasMessage("node: welcome: ticketKeys[0].keyId must match [A-Za-z0-9_-]{1,32}: 'hub 1'");
  }

  @Test
  void decode_tooManyPullUrls_malformed() {
    assertRefused(
            json(
                "{'type':'assign','v':1,'stream':'a','pullUrls':['"
                    + String.join("','", FLV, FLV, FLV)
                    + "'],'bitrateBps':0}"),
            null)
        .hasMessage("node: assign: pullUrls has 3 entries, more than 2");
  }

  @Test
  void decode_deepNestingInUnknownField_malformed() {
    int depth = NodeMessageCodec.NESTING_DEPTH_MAX; // plus the frame's own object
    String deep = "[".repeat(depth) + "]".repeat(depth);
    assertRefused(json("{'type':'close','v':1,'x':") + deep + "}", null)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void decode_nestingWithinLimitInUnknownField_ignored() {
    int depth = NodeMessageCodec.NESTING_DEPTH_MAX - 1;
    String deep = "[".repeat(depth) + "]".repeat(depth);
    String frame = json("{'type':'close','v':1,'reason':'internal','message':'','x':") + deep + "}";
    assertThat(NodeMessageCodec.decode(frame)).isEqualTo(new Close(ReasonCode.INTERNAL, ""));
  }

  @Test
  void decode_longStringInUnknownField_malformed() {
    String big = "a".repeat(4 * NodeMessageCodec.STRING_CHARS_MAX);
    assertRefused(json("{'type':'close','v':1,'x':'" + big + "'}"), null)
        .hasMessageContaining("String value length");
  }

  @Test
  void decode_unknownType_unknownTypeWithTheType() {
    var e = catchNode(json("{'type':'stream-key-rotated','v':1,'stream':'a'}"));
    assertThat(e.reason()).isEqualTo(ReasonCode.UNKNOWN_TYPE);
    assertThat(e.type()).contains("stream-key-rotated");
    assertThat(e).hasMessage("node: unknown message type 'stream-key-rotated'");
  }

  @Test
  void decode_typeNotAName_malformed() {
    assertRefused(json("{'type':'Auth Me','v':1}"), ReasonCode.MALFORMED)
        .hasMessageStartingWith("node: type 'Auth Me' must match ");
  }

  @Test
  void decode_futureVersion_unsupportedVersionBeforeAnythingElse() {
    var e = catchNode(json("{'type':'welcome','v':2,'whatever':'v2 wants'}"));
    assertThat(e.reason()).isEqualTo(ReasonCode.UNSUPPORTED_VERSION);
    assertThat(e.type()).contains("welcome");
    assertThat(e).hasMessage("node: version 2 is newer than 1, the newest this side speaks");
  }

  @Test
  void decode_versionZero_malformed() {
    assertRefused(json("{'type':'close','v':0}"), ReasonCode.MALFORMED)
        .hasMessage("node: v 0 is outside 1..2147483647");
  }

  @Test
  void decode_versionMissing_malformed() {
    assertRefused(json("{'type':'close'}"), ReasonCode.MALFORMED)
        .hasMessage("node: missing field v");
  }

  @Test
  void decode_unknownFields_ignored() {
    String frame =
        json(
            "{'future':{'a':[1,2.5,null,true]},'type':'unassign','v':1,'stream':'cats',"
                + "'reason':'rebalanced','hint':'later'}");
    assertThat(NodeMessageCodec.decode(frame))
        .isEqualTo(new Unassign("cats", UnassignReason.REBALANCED));
  }

  @Test
  void encode_largestMessageOfEachListType_fitsInAFrame() {
    String url = "https://" + "h".repeat(NodeLimits.URL_CHARS_MAX - 8);
    List<String> urls = java.util.Collections.nCopies(NodeLimits.PULL_URLS_MAX, url);
    List<Assignment> assignments =
        IntStream.range(0, NodeLimits.ASSIGNMENTS_MAX)
            .mapToObj(i -> new Assignment(name(i), urls, NodeLimits.BITRATE_BPS_MAX))
            .toList();
    List<TicketBytes> tickets =
        IntStream.range(0, NodeLimits.TICKETS_MAX)
            .mapToObj(i -> new TicketBytes(name(i).replace('z', 'Z'), Long.MAX_VALUE))
            .toList();
    List<StreamHealth> streams =
        IntStream.range(0, NodeLimits.STREAMS_MAX)
            .mapToObj(i -> new StreamHealth(name(i), NodeLimits.VIEWERS_MAX, StreamState.STALLED))
            .toList();
    List<TicketKey> keys =
        IntStream.range(0, NodeLimits.TICKET_KEYS_MAX)
            .mapToObj(i -> new TicketKey(i + "K".repeat(31), KEY_1))
            .toList();
    String text = "\u0001".repeat(NodeLimits.MESSAGE_CHARS_MAX); // escaped as 6 bytes each
    List<NodeMessage> largest =
        List.of(
            new Welcome("s".repeat(64), 1_000, 600_000, assignments, keys),
            new Usage(Long.MAX_VALUE, 0, Long.MAX_VALUE, tickets),
            new Heartbeat(1, 1, 1, streams),
            new Close(ReasonCode.UNSUPPORTED_VERSION, text));
    for (NodeMessage m : largest) {
      String frame = NodeMessageCodec.encode(m); // refuses to go over the limit
      assertThat(NodeMessageCodec.decode(frame)).isEqualTo(m);
    }
  }

  @Test
  void decode_authWithANodeProof_signatureVerifies() throws Exception {
    var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] nonce = Base64.getUrlDecoder().decode(NONCE);
    String hub = NodeProof.origin("http://127.0.0.1:8080/node");
    byte[] proof = NodeProof.sign(keys.getPrivate(), nonce, "n_1", hub);
    String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(proof);

    var auth = (Auth) NodeMessageCodec.decode(NodeMessageCodec.encode(new Auth("n_1", sig)));
    byte[] received = Base64.getUrlDecoder().decode(auth.signature());
    assertThat(NodeProof.verify(keys.getPublic(), nonce, auth.nodeId(), hub, received)).isTrue();
  }

  private static String ticketKey(String keyId, String publicKey) {
    return "{'keyId':'" + keyId + "','publicKey':'" + publicKey + "'}";
  }

  /** Distinct 64-character names. */
  private static String name(int i) {
    String n = "s" + i + "-";
    return n + "z".repeat(64 - n.length());
  }

  private static NodeProtocolException catchNode(String frame) {
    try {
      NodeMessageCodec.decode(frame);
    } catch (NodeProtocolException e) {
      return e;
    }
    throw new AssertionError("decoded: " + frame);
  }

  /** Asserts the frame is refused with {@code reason} (MALFORMED when null). */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      String frame, ReasonCode reason) {
    ReasonCode expected = reason == null ? ReasonCode.MALFORMED : reason;
    return assertThatThrownBy(() -> NodeMessageCodec.decode(frame))
        .isInstanceOfSatisfying(
            NodeProtocolException.class, e -> assertThat(e.reason()).isEqualTo(expected));
  }
}
