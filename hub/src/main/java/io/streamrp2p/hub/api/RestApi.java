package io.streamrp2p.hub.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamrp2p.hub.core.CreatorEntity;
import io.streamrp2p.hub.core.FriendNodeEntity;
import io.streamrp2p.hub.core.HubBootstrap;
import io.streamrp2p.hub.core.HubEntities;
import io.streamrp2p.hub.core.InviteEntity;
import io.streamrp2p.hub.core.Secrets;
import io.streamrp2p.hub.core.StreamEntity;
import io.streamrp2p.hub.core.Validation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API under {@code /api}: creators (operator only), streams, invites and friend
 * nodes. Requests carry {@code Authorization: Bearer <token>} (an operator or creator API token);
 * node registration is authorised by its single-use invite code instead. Every request is checked
 * in full before any entity is asked, so a refused request persists nothing.
 */
public final class RestApi extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(RestApi.class);

  /** How long reading a request body may take (it is at most {@link JsonBody#BODY_BYTES_MAX}). */
  static final long BODY_MILLIS_MAX = 5_000;

  static final long REWARD_RATE_MICROS_PER_GB_MAX = 1_000_000_000L;
  static final long INVITE_TTL_SECONDS_MIN = 60;

  private static final String OPERATOR_PREFIX = "op_";
  private static final String CREATOR_PREFIX = "ct.";

  private final HubEntities entities;
  private final Clock clock;
  private final Consumer<String> suspended;

  /**
   * @param suspended told the id of a node just suspended, so this member ends its session now
   */
  public RestApi(HubEntities entities, Clock clock, Consumer<String> suspended) {
    this.entities = entities;
    this.clock = clock;
    this.suspended = suspended;
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            concat(
                path("creators", () -> post(() -> withBody(this::createCreator))),
                pathPrefix(
                    "v1",
                    () ->
                        concat(
                            path(
                                "streams",
                                () ->
                                    concat(
                                        get(() -> authed(this::listStreams)),
                                        post(() -> withBody(this::createStream)))),
                            path(
                                segment("streams").slash(segment()),
                                name -> get(() -> authed(p -> getStream(p, name)))),
                            path(
                                segment("streams").slash(segment()).slash("rotate-key"),
                                name -> post(() -> authed(p -> rotateKey(p, name)))),
                            path("invites", () -> post(() -> withBody(this::createInvite))),
                            path(
                                segment("nodes").slash(segment()).slash("suspend"),
                                id -> post(() -> withBody((auth, b) -> suspendNode(auth, id, b)))),
                            path(
                                segment("nodes").slash(segment()).slash("reinstate"),
                                id -> post(() -> authed(p -> reinstateNode(p, id)))),
                            path(
                                "nodes",
                                () ->
                                    concat(
                                        get(() -> authed(this::listNodes)),
                                        post(
                                            () ->
                                                extractUri(
                                                    uri ->
                                                        withBody(
                                                            (auth, body) ->
                                                                registerNode(
                                                                    uri.toString(), body))))))))));
  }

  // -- endpoints

  private CompletionStage<HttpResponse> createCreator(Optional<String> auth, byte[] bytes) {
    return principal(auth)
        .thenCompose(
            p -> {
              if (!p.operator()) {
                throw ApiError.forbidden("only the operator creates creator accounts");
              }
              JsonBody body = JsonBody.parse(bytes, Set.of("name"));
              String name = name(body.requiredString("name", 64), "name");
              String tokenId = Secrets.id("t");
              String token = CREATOR_PREFIX + name + "." + Secrets.generate("");
              return entities
                  .creator(name)
                  .tryRegister(tokenId, Secrets.hash(token))
                  .thenApply(
                      ok -> {
                        if (ok.isEmpty()) {
                          throw ApiError.conflict("name", "a creator with this name exists");
                        }
                        return json(StatusCodes.CREATED, Map.of("name", name, "apiToken", token));
                      });
            });
  }

  private CompletionStage<HttpResponse> createStream(Optional<String> auth, byte[] bytes) {
    return principal(auth)
        .thenCompose(
            p -> {
              JsonBody body = JsonBody.parse(bytes, Set.of("name", "rewardRateMicrosPerGb"));
              String name = name(body.requiredString("name", 64), "name");
              long rate =
                  body.optionalLong("rewardRateMicrosPerGb", 0, REWARD_RATE_MICROS_PER_GB_MAX)
                      .orElse(0L);
              return profile(p)
                  .thenCompose(
                      profile -> {
                        if (profile.streams().size() >= 256) {
                          throw ApiError.conflict(
                              "name", "the account has the most streams allowed");
                        }
                        return findStream(name);
                      })
                  .thenCompose(
                      existing -> {
                        if (existing.isPresent()) {
                          throw ApiError.conflict("name", "a stream with this name exists");
                        }
                        String key = Secrets.generate("sk_");
                        return entities
                            .createStream(
                                p.creator(),
                                name,
                                Secrets.hash(key),
                                new StreamEntity.Settings(rate))
                            .exceptionally(
                                e -> {
                                  throw rejected(
                                      e,
                                      ApiError.conflict("name", "a stream with this name exists"));
                                })
                            .thenApply(
                                d ->
                                    json(
                                        StatusCodes.CREATED,
                                        Map.of("name", name, "streamKey", key)));
                      });
            });
  }

  private CompletionStage<HttpResponse> rotateKey(Principal p, String name) {
    return ownedStream(p, name)
        .thenCompose(
            s -> {
              String key = Secrets.generate("sk_");
              return entities
                  .rotateKey(name, Secrets.hash(key))
                  .thenApply(d -> json(StatusCodes.OK, Map.of("name", name, "streamKey", key)));
            });
  }

  private CompletionStage<HttpResponse> listStreams(Principal p) {
    return profile(p)
        .thenCompose(profile -> all(profile.streams(), this::findStream))
        .thenApply(
            list ->
                json(
                    StatusCodes.OK,
                    Map.of(
                        "streams",
                        list.stream()
                            .flatMap(Optional::stream)
                            .map(RestApi::streamJson)
                            .toList())));
  }

  private CompletionStage<HttpResponse> getStream(Principal p, String name) {
    return ownedStream(p, name).thenApply(s -> json(StatusCodes.OK, streamJson(s)));
  }

  private CompletionStage<HttpResponse> createInvite(Optional<String> auth, byte[] bytes) {
    return principal(auth)
        .thenCompose(
            p -> {
              JsonBody body = JsonBody.parse(bytes, Set.of("stream", "ttlSeconds"));
              Optional<String> stream =
                  body.optionalString("stream", 64).map(s -> name(s, "stream"));
              long ttl =
                  body.requiredLong(
                      "ttlSeconds", INVITE_TTL_SECONDS_MIN, InviteEntity.TTL_MAX.toSeconds());
              CompletionStage<?> check =
                  stream.isPresent()
                      ? ownedStream(p, stream.get())
                      : CompletableFuture.completedFuture(null);
              return check.thenCompose(
                  x -> {
                    String code = Secrets.generate("inv_");
                    Instant expires = clock.instant().plus(Duration.ofSeconds(ttl));
                    return entities
                        .invite(Secrets.hash(code))
                        .create(p.creator(), stream, expires)
                        .thenApply(
                            d ->
                                json(
                                    StatusCodes.CREATED,
                                    Map.of("code", code, "expiresAt", expires.toString())));
                  });
            });
  }

  /**
   * Registers a node through its single-use invite. The node proves it holds the private key of the
   * public key it registers: {@code proof} is its signature ({@code NodeProof}) over the SHA-256 of
   * the invite code, its public key and this hub's origin (docs/protocol.md 6.8), so a key it does
   * not hold cannot be registered, and the used invite makes the proof worthless afterwards.
   */
  private CompletionStage<HttpResponse> registerNode(String requestUri, byte[] bytes) {
    JsonBody body = JsonBody.parse(bytes, Set.of("inviteCode", "publicKey", "publicUrl", "proof"));
    String code = body.requiredString("inviteCode", 128);
    String key =
        NodeInput.ed25519Key(
            "publicKey", body.requiredString("publicKey", NodeInput.KEY_CHARS_MAX));
    String url =
        NodeInput.publicUrl("publicUrl", body.requiredString("publicUrl", NodeInput.URL_CHARS_MAX));
    NodeInput.requireProof(
        "proof", body.requiredString("proof", NodeInput.PROOF_CHARS_MAX), code, key, requestUri);
    String inviteHash = Secrets.hash(code);
    String nodeId = Secrets.id("n_");
    return entities
        .invite(inviteHash)
        .redeem(nodeId)
        .exceptionally(
            e -> {
              throw rejected(e, ApiError.invalid("inviteCode", reason(e)));
            })
        .thenCompose(
            inv ->
                entities
                    .node(nodeId)
                    .register(inv.creator(), inviteHash, key, url)
                    .thenCompose(d -> entities.creator(inv.creator()).addNode(nodeId))
                    .thenApply(
                        d ->
                            json(
                                StatusCodes.CREATED,
                                Map.of("id", nodeId, "owner", inv.creator()))));
  }

  /**
   * Suspends a node (its owner or the operator): no session, no viewers, no assignments until it is
   * reinstated. This member ends the node's session at once; a session on another member ends at
   * its next reconnect, which the suspension refuses.
   */
  private CompletionStage<HttpResponse> suspendNode(
      Optional<String> auth, String id, byte[] bytes) {
    JsonBody body = JsonBody.parse(bytes, Set.of("reason"));
    String reason = body.requiredString("reason", 500);
    return principal(auth)
        .thenCompose(p -> ownedNode(p, id))
        .thenCompose(
            n ->
                entities
                    .node(id)
                    .suspend(reason)
                    .exceptionally(
                        e -> {
                          throw rejected(e, ApiError.conflict("id", reason(e)));
                        }))
        .thenApply(
            d -> {
              suspended.accept(id);
              return json(StatusCodes.OK, Map.of("id", id, "suspended", true));
            });
  }

  private CompletionStage<HttpResponse> reinstateNode(Principal p, String id) {
    return ownedNode(p, id)
        .thenCompose(
            n ->
                entities
                    .node(id)
                    .reinstate()
                    .exceptionally(
                        e -> {
                          throw rejected(e, ApiError.conflict("id", reason(e)));
                        }))
        .thenApply(d -> json(StatusCodes.OK, Map.of("id", id, "suspended", false)));
  }

  /** The node, if {@code p} owns it or is the operator; 404 or 403 otherwise. */
  private CompletionStage<FriendNodeEntity.Summary> ownedNode(Principal p, String id) {
    return entities
        .node(id)
        .find()
        .thenApply(
            found -> {
              FriendNodeEntity.Summary n =
                  found.orElseThrow(() -> ApiError.notFound("id", "no node " + id));
              if (!p.operator() && !n.profile().owner().equals(p.creator())) {
                throw ApiError.forbidden("the node belongs to another creator");
              }
              return n;
            });
  }

  private CompletionStage<HttpResponse> listNodes(Principal p) {
    return profile(p)
        .thenCompose(profile -> all(profile.nodes(), id -> entities.node(id).find()))
        .thenApply(
            list ->
                json(
                    StatusCodes.OK,
                    Map.of(
                        "nodes",
                        list.stream().flatMap(Optional::stream).map(RestApi::nodeJson).toList())));
  }

  // -- authentication and look-ups

  private CompletionStage<Principal> principal(Optional<String> header) {
    String token =
        header
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim())
            .orElseThrow(() -> ApiError.unauthorized("send Authorization: Bearer <token>"));
    if (token.length() > 200) {
      throw ApiError.unauthorized("invalid token");
    }
    String hash = Secrets.hash(token);
    if (token.startsWith(OPERATOR_PREFIX)) {
      return entities
          .operator()
          .authenticate(hash)
          .thenApply(
              ok ->
                  ok.map(d -> new Principal(HubBootstrap.OPERATOR_CREATOR, true))
                      .orElseThrow(() -> ApiError.unauthorized("invalid token")));
    }
    int dot = token.lastIndexOf('.');
    String creator =
        token.startsWith(CREATOR_PREFIX) && dot > CREATOR_PREFIX.length()
            ? token.substring(CREATOR_PREFIX.length(), dot)
            : "";
    if (!Validation.isName(creator)) {
      throw ApiError.unauthorized("invalid token");
    }
    return entities
        .creator(creator)
        .authenticate(hash)
        .thenApply(
            ok ->
                ok.map(d -> new Principal(creator, false))
                    .orElseThrow(() -> ApiError.unauthorized("invalid token")));
  }

  private CompletionStage<CreatorEntity.Profile> profile(Principal p) {
    return entities.creator(p.creator()).get();
  }

  private CompletionStage<Optional<StreamEntity.Summary>> findStream(String name) {
    return entities.stream(name).find();
  }

  /** The stream, if it exists (404) and the caller owns it (403). */
  private CompletionStage<StreamEntity.Summary> ownedStream(Principal p, String name) {
    if (!Validation.isName(name)) {
      throw ApiError.notFound("stream", "no stream named " + abbreviate(name));
    }
    return findStream(name)
        .thenApply(
            s -> {
              StreamEntity.Summary summary =
                  s.orElseThrow(() -> ApiError.notFound("stream", "no stream named " + name));
              if (!summary.owner().equals(p.creator())) {
                throw ApiError.forbidden("the stream belongs to another creator");
              }
              return summary;
            });
  }

  private static String name(String value, String field) {
    if (!Validation.isName(value)) {
      throw ApiError.invalid(field, "must match " + Validation.NAME.pattern());
    }
    return value;
  }

  // -- plumbing

  private Route authed(Function<Principal, CompletionStage<HttpResponse>> handler) {
    return optionalHeaderValueByName(
        "Authorization", auth -> respond(() -> principal(auth).thenCompose(handler)));
  }

  private Route withBody(BiFunction<Optional<String>, byte[], CompletionStage<HttpResponse>> h) {
    return optionalHeaderValueByName(
        "Authorization",
        auth ->
            extractMaterializer(
                mat ->
                    extractRequestEntity(
                        entity ->
                            respond(
                                () -> {
                                  if (entity.getContentLengthOption().orElse(0L)
                                      > JsonBody.BODY_BYTES_MAX) {
                                    throw tooLarge();
                                  }
                                  return entity
                                      .withSizeLimit(JsonBody.BODY_BYTES_MAX)
                                      .toStrict(BODY_MILLIS_MAX, mat)
                                      .thenCompose(
                                          strict -> h.apply(auth, strict.getData().toArray()));
                                }))));
  }

  private Route respond(java.util.function.Supplier<CompletionStage<HttpResponse>> handler) {
    CompletionStage<HttpResponse> response;
    try {
      response = handler.get();
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return completeWithFuture(response.exceptionally(this::failure));
  }

  private HttpResponse failure(Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof ApiError a) {
      return error(a);
    }
    if (e instanceof EntityStreamSizeException) {
      return error(tooLarge());
    }
    log.warn("api request failed: {}", e.toString());
    return error(
        new ApiError(
            StatusCodes.SERVICE_UNAVAILABLE,
            "unavailable",
            null,
            "the hub could not complete the request; retry"));
  }

  private static ApiError tooLarge() {
    return new ApiError(
        StatusCodes.PAYLOAD_TOO_LARGE,
        "payload_too_large",
        null,
        "the body must be at most " + JsonBody.BODY_BYTES_MAX + " bytes");
  }

  /** The API error for an entity's rejection; other failures pass through. */
  private static RuntimeException rejected(Throwable t, ApiError asApiError) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof StatusReply.ErrorMessage) {
      return asApiError;
    }
    return e instanceof RuntimeException r ? r : new CompletionException(e);
  }

  private static String reason(Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return e.getMessage();
  }

  private static <T, R> CompletionStage<List<R>> all(
      List<T> items, Function<T, CompletionStage<R>> f) {
    List<CompletableFuture<R>> futures =
        items.stream().map(i -> f.apply(i).toCompletableFuture()).toList();
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
  }

  private static Map<String, Object> streamJson(StreamEntity.Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("owner", s.owner());
    m.put("rewardRateMicrosPerGb", s.settings().rewardRateMicrosPerGb());
    m.put("createdAt", s.createdAt().toString());
    m.put("keyRotatedAt", s.keyRotatedAt().toString());
    m.put(
        "live",
        s.live()
            .map(
                l ->
                    Map.of(
                        "member",
                        l.member(),
                        "session",
                        l.session(),
                        "since",
                        l.since().toString()))
            .orElse(null));
    return m;
  }

  private static Map<String, Object> nodeJson(FriendNodeEntity.Summary n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("owner", n.profile().owner());
    m.put("publicKey", n.profile().publicKey());
    m.put("publicUrl", n.profile().publicUrl());
    m.put("registeredAt", n.profile().registeredAt().toString());
    m.put("suspended", n.suspended());
    m.put("connected", n.session().isPresent());
    m.put("assignments", n.assignments());
    return m;
  }

  private static HttpResponse error(ApiError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", e.error);
    m.put("field", e.field);
    m.put("reason", e.reason);
    return json(e.status, m);
  }

  private static HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(
              HttpEntities.create(
                  ContentTypes.APPLICATION_JSON, JsonBody.JSON.writeValueAsBytes(body)))
          .addHeader(RawHeader.create("Cache-Control", "no-store"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialize", e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
