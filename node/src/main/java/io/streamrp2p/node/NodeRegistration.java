package io.streamrp2p.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.protocol.ticket.Ed25519Keys;
import io.streamrp2p.protocol.ticket.NodeProof;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A node's first contact: a new Ed25519 key pair, registered through a creator's single-use invite
 * at {@code POST /api/v1/nodes} with the proof that the node holds the private key
 * (docs/protocol.md 6.8). Tries the listed hub members in turn until one answers.
 */
public final class NodeRegistration {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the friend chose on the command line. */
  public record Request(
      List<String> hubs,
      String inviteCode,
      String publicUrl,
      int capacityMbps,
      String httpInterface,
      int httpPort,
      String rtmpInterface,
      int rtmpPort) {}

  /** The hub refused the registration, with its reason. */
  public static final class RefusedException extends Exception {
    public RefusedException(String message) {
      super(message);
    }
  }

  private NodeRegistration() {}

  /** Registers and returns the identity to save. */
  public static NodeIdentity register(Request r)
      throws IOException, InterruptedException, RefusedException {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is in every Java 17", e);
    }
    String publicKey = Ed25519Keys.encodePublicKey(pair.getPublic());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    IOException unreachable = null;
    for (String hub : r.hubs()) {
      String proof =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  NodeProof.sign(
                      pair.getPrivate(),
                      NodeProof.registrationNonce(r.inviteCode()),
                      publicKey,
                      NodeProof.origin(hub)));
      String body =
          JSON.writeValueAsString(
              Map.of(
                  "inviteCode",
                  r.inviteCode(),
                  "publicKey",
                  publicKey,
                  "publicUrl",
                  r.publicUrl(),
                  "proof",
                  proof));
      HttpResponse<String> response;
      try {
        response =
            http.send(
                HttpRequest.newBuilder(URI.create(hub + "/api/v1/nodes"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        unreachable = new IOException("cannot reach the hub at " + hub + ": " + e.getMessage(), e);
        continue;
      }
      JsonNode reply = parse(response.body());
      if (response.statusCode() != 201) {
        throw new RefusedException(
            "the hub at "
                + hub
                + " refused the registration ("
                + response.statusCode()
                + "): "
                + reason(reply));
      }
      return new NodeIdentity(
          reply.path("id").asText(),
          reply.path("owner").asText(),
          Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
          publicKey,
          r.hubs(),
          r.publicUrl(),
          r.capacityMbps(),
          r.httpInterface(),
          r.httpPort(),
          r.rtmpInterface(),
          r.rtmpPort());
    }
    throw unreachable;
  }

  /** The API's error body is {@code {"error", "field", "reason"}}. */
  private static String reason(JsonNode reply) {
    String field = reply.path("field").asText("");
    String reason = reply.path("reason").asText(reply.path("error").asText(reply.toString()));
    return field.isEmpty() ? reason : field + " " + reason;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("detail", body);
    }
  }
}
