package io.streamrp2p.protocol.node;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bounds on every hub-node message field, and the checks the message records run when built. A
 * record built by our own code with a value out of bounds is caller misuse ({@link
 * IllegalArgumentException}); the decoder turns the same failure into a {@code malformed} {@link
 * NodeProtocolException}. The bounds are chosen so that the largest valid message of every type
 * encodes to less than {@link NodeMessageCodec#FRAME_BYTES_MAX} (a test checks it).
 */
public final class NodeLimits {
  /**
   * Stream and node names: lower case, digits, '-' and '_', at most 64 characters. This is the one
   * definition: the hub's entities check stream and creator names with it, and the ids the hub
   * gives nodes ({@code n_} and 16 hex digits) match it.
   */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** Opaque ids the hub makes up (session, ticket): base64url characters, 1..64 of them. */
  public static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * Ids of the hub's ticket keys as {@code welcome} names them: base64url characters, 1..32 of
   * them. A viewer ticket allows any 1..32 bytes of text as its key id (docs/protocol.md 6.2); the
   * hub names its keys within this narrower rule so that an id is safe in logs and file names.
   */
  public static final Pattern TICKET_KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /**
   * Ticket keys in a welcome. During a rotation (docs/protocol.md 6.7) a node trusts the key in
   * use, the new one the hub publishes before it signs with it, and the old one until the last
   * ticket it signed expires, at most 24 h later: three. The fourth leaves room for a second,
   * unplanned rotation within those 24 h (a leaked key). More keys than that is a hub that forgot
   * to retire them.
   */
  public static final int TICKET_KEYS_MAX = 4;

  /** Bytes of an Ed25519 public key (RFC 8032 section 5.1.5), 43 base64url characters. */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** Streams one node relays at once; the hub's FriendNode entity holds to the same 64. */
  public static final int ASSIGNMENTS_MAX = 64;

  /** Per-stream health entries in a heartbeat: one per assignment. */
  public static final int STREAMS_MAX = ASSIGNMENTS_MAX;

  /**
   * Pull URLs per assignment: the HTTP-FLV URL of the member the node is connected to and one
   * fallback member. Two of {@link #URL_CHARS_MAX} times {@link #ASSIGNMENTS_MAX} still fit a
   * welcome in one frame.
   */
  public static final int PULL_URLS_MAX = 2;

  /**
   * 1,024 characters: an origin (at most 267, see {@code NodeProof.HUB_ORIGIN_BYTES_MAX}), {@code
   * /live/<name>.flv}, the node id and a pull ticket of at most 438 characters ({@code
   * TicketWire}). Printable ASCII only, so the encoded size is the character count.
   */
  public static final int URL_CHARS_MAX = 1024;

  /**
   * Usage entries per report. 500 entries of the longest ticket id and byte count take about 54 KB
   * of JSON, inside one frame; a node with more tickets in an epoch sends several reports for it.
   */
  public static final int TICKETS_MAX = 500;

  /** Error and close texts, in characters; the FriendNode entity keeps reasons as long. */
  public static final int MESSAGE_CHARS_MAX = 500;

  /**
   * 1 Gbit/s: twenty times a 4K stream at 50 Mbit/s; a bitrate hint above it is a mistake, not a
   * stream.
   */
  public static final long BITRATE_BPS_MAX = 1_000_000_000L;

  /** 100 Gbit/s: no friend's machine sends more, and it is far from overflowing sums of longs. */
  public static final long EGRESS_BPS_MAX = 100_000_000_000L;

  /** Viewers one node reports: a home uplink of 10 Gbit/s serves about 3,000 at 3.2 Mbit/s. */
  public static final int VIEWERS_MAX = 1_000_000;

  /** Time a node gets to answer a challenge: 60 s covers a slow key store or a paused JVM. */
  public static final long AUTH_TIMEOUT_MS_MAX = 60_000;

  /** At most one heartbeat a second: the hub never asks a node for more. */
  public static final long HEARTBEAT_INTERVAL_MS_MIN = 1_000;

  /** Heartbeat interval and timeout at most 10 minutes: a node silent longer is gone. */
  public static final long HEARTBEAT_MS_MAX = 600_000;

  /** Bytes of the challenge nonce: 256 random bits, 43 base64url characters. */
  public static final int NONCE_BYTES = 32;

  /** Bytes of an Ed25519 signature (RFC 8032 section 5.1.6), 86 base64url characters. */
  public static final int SIGNATURE_BYTES = 64;

  private static final Set<String> URL_SCHEMES = Set.of("http", "https", "rtmp", "rtmps");

  private NodeLimits() {}

  static String requireName(String value, String field) {
    require(value != null && NAME.matcher(value).matches(), field, "must match " + NAME, value);
    return value;
  }

  static String requireToken(String value, String field) {
    require(value != null && TOKEN.matcher(value).matches(), field, "must match " + TOKEN, value);
    return value;
  }

  static String requireTicketKeyId(String value, String field) {
    require(
        value != null && TICKET_KEY_ID.matcher(value).matches(),
        field,
        "must match " + TICKET_KEY_ID,
        value);
    return value;
  }

  /** Unpadded base64url of exactly {@code bytes} bytes, in its one canonical spelling. */
  static String requireBase64Url(String value, int bytes, String field) {
    byte[] decoded = null;
    if (value != null && value.length() == (bytes * 4 + 2) / 3) {
      try {
        decoded = Base64.getUrlDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        decoded = null;
      }
    }
    boolean canonical =
        decoded != null
            && decoded.length == bytes
            && Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(value);
    require(canonical, field, "must be unpadded base64url of " + bytes + " bytes", value);
    return value;
  }

  static long requireRange(long value, long min, long max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + " " + value + " is outside " + min + ".." + max);
    }
    return value;
  }

  static String requireText(String value, String field) {
    require(value != null, field, "must be set", value);
    if (value.length() > MESSAGE_CHARS_MAX) {
      throw new IllegalArgumentException(
          field + " has " + value.length() + " characters, more than " + MESSAGE_CHARS_MAX);
    }
    return value;
  }

  static <T> List<T> requireList(List<T> list, int min, int max, String field) {
    if (list == null) {
      throw new IllegalArgumentException(field + " must be set");
    }
    if (list.size() < min || list.size() > max) {
      throw new IllegalArgumentException(
          field + " has " + list.size() + " entries, outside " + min + ".." + max);
    }
    List<T> copy = List.copyOf(list); // also refuses null entries
    return copy;
  }

  /** An absolute http(s) or rtmp(s) URL of printable ASCII, at most {@link #URL_CHARS_MAX}. */
  static String requireUrl(String value, String field) {
    require(value != null && !value.isEmpty(), field, "must be a URL", value);
    require(value.length() <= URL_CHARS_MAX, field, "is longer than " + URL_CHARS_MAX, "");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      require(c > 0x20 && c < 0x7F, field, "has a character outside printable ASCII", value);
    }
    try {
      URI uri = new URI(value);
      require(
          uri.getScheme() != null && URL_SCHEMES.contains(uri.getScheme()) && uri.getHost() != null,
          field,
          "must be an http, https, rtmp or rtmps URL with a host",
          value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(field + " is not a URL: " + e.getMessage());
    }
    return value;
  }

  private static void require(boolean ok, String field, String rule, String value) {
    if (!ok) {
      throw new IllegalArgumentException(
          field + " " + rule + (value == null ? " (it is null)" : ": '" + shortened(value) + "'"));
    }
  }

  /** Echoing hostile input into a message: keep it short. */
  static String shortened(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }
}
