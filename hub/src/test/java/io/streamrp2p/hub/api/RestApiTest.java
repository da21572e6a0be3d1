package io.streamrp2p.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.hub.Hub;
import io.streamrp2p.hub.TestHubs;
import io.streamrp2p.persistence.ConfiguredDatabase;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Comparator;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API against an in-process hub on the embedded database. */
class RestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final KeyPair NODE = ed25519();
  private static final String NODE_KEY = Ed25519Keys.encodePublicKey(NODE.getPublic());

  private static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The node's registration proof: its signature over the invite, its key and this hub. */
  static String proof(String code, PrivateKey signer, String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            NodeProof.sign(signer, NodeProof.registrationNonce(code), key, NodeProof.origin(base)));
  }

  private static Path dir;
  private static Hub hub;
  private static String operator;
  private static String base;

  record Reply(int status, JsonNode body) {
    String text(String field) {
      return body.path(field).asText();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("rest-api");
    hub = TestHubs.start("rest", TestHubs.config(dir), null);
    operator = hub.bootstrap().operatorToken().orElseThrow();
    base = "http://127.0.0.1:" + hub.httpAddress().getPort();
  }

  @AfterAll
  static void stop() throws Exception {
    TestHubs.stop(hub);
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static Reply call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    return new Reply(r.statusCode(), json);
  }

  static String creator(String name) throws Exception {
    Reply r = call("POST", "/api/creators", operator, "{\"name\":\"" + name + "\"}");
    assertThat(r.status()).isEqualTo(201);
    return r.text("apiToken");
  }

  static long journalRows() throws Exception {
    var db = ConfiguredDatabase.of(hub.system().settings().config());
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Runs the refused requests and checks that none of them wrote an event. */
  static void nothingPersisted(Supplier<Void> requests) throws Exception {
    long before = journalRows();
    requests.get();
    assertThat(journalRows()).isEqualTo(before);
  }

  static void assertError(Reply r, int status, String field, String reasonPart) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
    assertThat(r.body().path("field").isNull() ? null : r.text("field")).isEqualTo(field);
    assertThat(r.text("reason")).contains(reasonPart);
    assertThat(r.text("error")).isNotBlank();
  }

  @Test
  void createCreator_operator_returnsTokenOnceAndTokenWorks() throws Exception {
    Reply r = call("POST", "/api/creators", operator, "{\"name\":\"carol\"}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.text("name")).isEqualTo("carol");
    assertThat(r.text("apiToken")).startsWith("ct.carol.");
    Reply list = call("GET", "/api/v1/streams", r.text("apiToken"), null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().path("streams").size()).isZero();
  }

  @Test
  void createCreator_refused_401_403_400_409_nothingPersisted() throws Exception {
    String dave = creator("dave");
    nothingPersisted(
        () -> {
          try {
            assertError(
                call("POST", "/api/creators", null, "{\"name\":\"x\"}"),
                401,
                "Authorization",
                "Bearer");
            assertError(
                call("POST", "/api/creators", "op_forged", "{\"name\":\"x\"}"),
                401,
                "Authorization",
                "invalid token");
            assertError(
                call("POST", "/api/creators", dave, "{\"name\":\"x\"}"), 403, null, "operator");
            assertError(
                call("POST", "/api/creators", operator, "{\"name\":\"Not OK\"}"),
                400,
                "name",
                "must match");
            assertError(
                call("POST", "/api/creators", operator, "{\"name\":7}"),
                400,
                "name",
                "must be a string, got a number");
            assertError(call("POST", "/api/creators", operator, "{}"), 400, "name", "required");
            assertError(
                call("POST", "/api/creators", operator, "{\"name\":\"x\",\"admin\":true}"),
                400,
                "admin",
                "unknown field");
            assertError(call("POST", "/api/creators", operator, "[1]"), 400, null, "JSON object");
            assertError(
                call("POST", "/api/creators", operator, "{\"name\":"), 400, null, "malformed JSON");
            assertError(
                call("POST", "/api/creators", operator, "{\"name\":\"dave\"}"),
                409,
                "name",
                "exists");
            return null;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void anyBody_hostile_400Or413WithPreciseReason() throws Exception {
    String deep = "{\"name\":" + "[".repeat(50) + "]".repeat(50) + "}";
    assertError(call("POST", "/api/creators", operator, deep), 400, null, "nesting depth");
    String huge = "{\"name\":\"" + "a".repeat(5000) + "\"}";
    assertError(call("POST", "/api/creators", operator, huge), 400, null, "String value length");
    String tooBig = "{\"name\":\"" + "a".repeat(20_000) + "\"}";
    assertError(call("POST", "/api/creators", operator, tooBig), 413, null, "at most");
    String longNumber = "{\"name\":\"x\",\"rewardRateMicrosPerGb\":" + "9".repeat(40) + "}";
    assertError(
        call("POST", "/api/v1/streams", operator, longNumber), 400, null, "Number value length");
  }

  @Test
  void createStream_creator_keyShownOnceAndPublishes() throws Exception {
    String erin = creator("erin");
    Reply r =
        call(
            "POST",
            "/api/v1/streams",
            erin,
            "{\"name\":\"erin-live\",\"rewardRateMicrosPerGb\":2500}");
    assertThat(r.status()).isEqualTo(201);
    String key = r.text("streamKey");
    assertThat(key).startsWith("sk_");
    assertThat(hub.directory().streamForKey(key).toCompletableFuture().get()).contains("erin-live");
    Reply got = call("GET", "/api/v1/streams/erin-live", erin, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.text("owner")).isEqualTo("erin");
    assertThat(got.body().path("rewardRateMicrosPerGb").asLong()).isEqualTo(2500);
    assertThat(got.body().has("streamKey")).isFalse();
    assertThat(got.body().toString()).doesNotContain(key);
    Reply list = call("GET", "/api/v1/streams", erin, null);
    assertThat(list.body().path("streams").get(0).path("name").asText()).isEqualTo("erin-live");
  }

  @Test
  void createStream_refused_nothingPersisted() throws Exception {
    String fay = creator("fay");
    call("POST", "/api/v1/streams", fay, "{\"name\":\"fay-1\"}");
    nothingPersisted(
        () -> {
          try {
            assertError(
                call("POST", "/api/v1/streams", null, "{\"name\":\"a\"}"),
                401,
                "Authorization",
                "Bearer");
            assertError(
                call("POST", "/api/v1/streams", "ct.fay.forged", "{\"name\":\"a\"}"),
                401,
                "Authorization",
                "invalid token");
            assertError(
                call("POST", "/api/v1/streams", fay, "{\"name\":\"-x\"}"),
                400,
                "name",
                "must match");
            assertError(
                call(
                    "POST",
                    "/api/v1/streams",
                    fay,
                    "{\"name\":\"ok\",\"rewardRateMicrosPerGb\":-1}"),
                400,
                "rewardRateMicrosPerGb",
                "between");
            assertError(
                call(
                    "POST",
                    "/api/v1/streams",
                    fay,
                    "{\"name\":\"ok\",\"rewardRateMicrosPerGb\":\"5\"}"),
                400,
                "rewardRateMicrosPerGb",
                "must be an integer, got a string");
            assertError(
                call("POST", "/api/v1/streams", fay, "{\"name\":\"fay-1\"}"),
                409,
                "name",
                "exists");
            assertError(
                call("POST", "/api/v1/streams", fay, "{\"name\":\"demo\"}"), 409, "name", "exists");
            return null;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void rotateKey_owner_newKeyWorksOldDoesNot() throws Exception {
    String gus = creator("gus");
    String old = call("POST", "/api/v1/streams", gus, "{\"name\":\"gus-1\"}").text("streamKey");
    Reply r = call("POST", "/api/v1/streams/gus-1/rotate-key", gus, null);
    assertThat(r.status()).isEqualTo(200);
    String fresh = r.text("streamKey");
    assertThat(fresh).isNotEqualTo(old);
    assertThat(hub.directory().streamForKey(fresh).toCompletableFuture().get()).contains("gus-1");
    assertThat(hub.directory().streamForKey(old).toCompletableFuture().get()).isEmpty();
  }

  @Test
  void rotateKeyAndGet_otherOwnerOrUnknown_403_404_nothingPersisted() throws Exception {
    String hal = creator("hal");
    String ivy = creator("ivy");
    call("POST", "/api/v1/streams", hal, "{\"name\":\"hal-1\"}");
    nothingPersisted(
        () -> {
          try {
            assertError(
                call("POST", "/api/v1/streams/hal-1/rotate-key", ivy, null),
                403,
                null,
                "another creator");
            assertError(call("GET", "/api/v1/streams/hal-1", ivy, null), 403, null, "another");
            assertError(
                call("POST", "/api/v1/streams/nope/rotate-key", hal, null),
                404,
                "stream",
                "no stream");
            assertError(call("GET", "/api/v1/streams/nope", hal, null), 404, "stream", "no stream");
            assertError(call("GET", "/api/v1/streams/hal-1", null, null), 401, "Authorization", "");
            return null;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void operator_actsAsOwnerOfDemo() throws Exception {
    Reply r = call("GET", "/api/v1/streams/demo", operator, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text("owner")).isEqualTo("operator");
  }

  @Test
  void inviteThenRegisterNode_listedOnceAndInviteSingleUse() throws Exception {
    String jo = creator("jo");
    call("POST", "/api/v1/streams", jo, "{\"name\":\"jo-1\"}");
    Reply invite = call("POST", "/api/v1/invites", jo, "{\"stream\":\"jo-1\",\"ttlSeconds\":600}");
    assertThat(invite.status()).isEqualTo(201);
    String code = invite.text("code");
    String node =
        "{\"inviteCode\":\""
            + code
            + "\",\"publicKey\":\""
            + NODE_KEY
            + "\",\"publicUrl\":\"https://relay.example.org:8443/\",\"proof\":\""
            + proof(code, NODE.getPrivate(), NODE_KEY)
            + "\"}";
    Reply registered = call("POST", "/api/v1/nodes", null, node);
    assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
    assertThat(registered.text("owner")).isEqualTo("jo");
    assertThat(registered.text("id")).startsWith("n_");
    Reply nodes = call("GET", "/api/v1/nodes", jo, null);
    assertThat(nodes.body().path("nodes").size()).isEqualTo(1);
    assertThat(nodes.body().path("nodes").get(0).path("publicUrl").asText())
        .isEqualTo("https://relay.example.org:8443"); // the trailing slash is dropped
    assertError(call("POST", "/api/v1/nodes", null, node), 400, "inviteCode", "already used");
  }

  @Test
  void invitesAndNodes_refused_nothingPersisted() throws Exception {
    String kim = creator("kim");
    String lee = creator("lee");
    call("POST", "/api/v1/streams", lee, "{\"name\":\"lee-1\"}");
    String code = call("POST", "/api/v1/invites", kim, "{\"ttlSeconds\":600}").text("code");
    nothingPersisted(
        () -> {
          try {
            assertError(
                call("POST", "/api/v1/invites", null, "{\"ttlSeconds\":600}"),
                401,
                "Authorization",
                "");
            assertError(
                call("POST", "/api/v1/invites", kim, "{\"ttlSeconds\":5}"),
                400,
                "ttlSeconds",
                "between");
            assertError(call("POST", "/api/v1/invites", kim, "{}"), 400, "ttlSeconds", "required");
            assertError(
                call("POST", "/api/v1/invites", kim, "{\"stream\":\"lee-1\",\"ttlSeconds\":600}"),
                403,
                null,
                "another creator");
            assertError(node(code, "AAAA", "https://a.example"), 400, "publicKey", "32-byte");
            assertError(node(code, "%%%", "https://a.example"), 400, "publicKey", "base64");
            assertError(node(code, NODE_KEY, "ftp://a.example"), 400, "publicUrl", "http or https");
            assertError(node(code, NODE_KEY, "https://u:p@a.example"), 400, "publicUrl", "user");
            assertError(node(code, NODE_KEY, "not a url"), 400, "publicUrl", "");
            assertError(node(code, NODE_KEY, "https://a.example/?x=1"), 400, "publicUrl", "query");
            KeyPair other = ed25519();
            assertError(
                node(
                    code, NODE_KEY, "https://a.example", proof(code, other.getPrivate(), NODE_KEY)),
                400,
                "proof",
                "not the signature");
            assertError(
                node(
                    code,
                    NODE_KEY,
                    "https://a.example",
                    proof("inv_other", NODE.getPrivate(), NODE_KEY)),
                400,
                "proof",
                "not the signature");
            assertError(node(code, NODE_KEY, "https://a.example", "%%"), 400, "proof", "base64url");
            assertError(
                node("inv_unknown", NODE_KEY, "https://a.example"),
                400,
                "inviteCode",
                "unknown invite");
            assertError(
                call("GET", "/api/v1/nodes", "ct.kim.nope", null), 401, "Authorization", "");
            return null;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static Reply node(String code, String key, String url) throws Exception {
    return node(code, key, url, proof(code, NODE.getPrivate(), NODE_KEY));
  }

  static Reply node(String code, String key, String url, String proof) throws Exception {
    return call(
        "POST",
        "/api/v1/nodes",
        null,
        "{\"inviteCode\":\""
            + code
            + "\",\"publicKey\":\""
            + key
            + "\",\"publicUrl\":\""
            + url
            + "\",\"proof\":\""
            + proof
            + "\"}");
  }
}
