package io.streamrp2p.protocol.ticket;

import static io.streamrp2p.protocol.ticket.ViewerTicket.KEY_ID_BYTES_MAX;
import static io.streamrp2p.protocol.ticket.ViewerTicket.NODE_ID_BYTES_MAX;
import static io.streamrp2p.protocol.ticket.ViewerTicket.STREAM_BYTES_MAX;
import static io.streamrp2p.protocol.ticket.ViewerTicket.TICKET_ID_BYTES;
import static io.streamrp2p.protocol.ticket.ViewerTicket.VIEWER_SESSION_BYTES_MAX;

import io.streamrp2p.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The viewer ticket's wire form, {@code v1.<base64url(payload)>.<base64url(signature)>}, and its
 * binary payload (docs/protocol.md, "Viewer tickets and node proofs"). The alphabet is RFC 4648
 * section 5 base64url without padding, so a ticket goes into a query parameter or an HLS segment
 * URI without percent-encoding.
 *
 * <p>Payload, big-endian, no padding, nothing after the last field:
 *
 * <pre>
 * u8        version = 1
 * u8 + n    keyId          UTF-8, n in 1..32
 * 16        ticketId       raw 128 bits
 * u8 + n    stream         UTF-8, n in 1..64
 * u8 + n    nodeId         UTF-8, n in 1..64
 * u8 + n    viewerSession  UTF-8, n in 1..64
 * i64       issuedAtMillis   Unix epoch ms, >= 0
 * i64       expiresAtMillis  > issuedAtMillis, at most 24 h later
 * </pre>
 *
 * The signature is Ed25519 (RFC 8032) over {@link #SIGNING_DOMAIN} followed by the payload bytes.
 * Decoding is strict: one encoding per ticket (canonical base64url, shortest UTF-8), so two
 * different strings never carry the same signed ticket.
 */
public final class TicketWire {
  /** Payload layout version; the wire prefix spells the same number. */
  public static final int VERSION = 1;

  public static final String PREFIX = "v1.";

  /** ASCII, NUL-terminated: a signature over these bytes means "viewer ticket" and nothing else. */
  static final byte[] SIGNING_DOMAIN =
      "streamrp2p-viewer-ticket-v1\0".getBytes(StandardCharsets.US_ASCII);

  /** RFC 8032 section 5.1.6: an Ed25519 signature is 64 bytes. */
  public static final int SIGNATURE_BYTES = 64;

  /** Version, key id, ticket id, three text fields with their length bytes, two longs. */
  public static final int PAYLOAD_BYTES_MAX =
      1
          + 1
          + KEY_ID_BYTES_MAX
          + TICKET_ID_BYTES
          + 1
          + STREAM_BYTES_MAX
          + 1
          + NODE_ID_BYTES_MAX
          + 1
          + VIEWER_SESSION_BYTES_MAX
          + 8
          + 8;

  /**
   * The longest ticket with every field at its bound: 3 + 348 + 1 + 86 = 438 characters. Anything
   * longer is refused before decoding. Typical tickets are about 210 characters; the bound keeps a
   * full one, with the path and other parameters, well under the 2,048-character URI limit that
   * browsers, proxies and pekko-http ({@code max-uri-length = 2k}) apply.
   */
  public static final int TICKET_CHARS_MAX =
      PREFIX.length() + (PAYLOAD_BYTES_MAX * 4 + 2) / 3 + 1 + (SIGNATURE_BYTES * 4 + 2) / 3;

  static final String LAYER = "ticket";

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TicketWire() {}

  /** The two decoded parts of a wire ticket; nothing in them is trusted yet. */
  record Parts(byte[] payload, byte[] signature) {}

  static String wire(byte[] payload, byte[] signature) {
    return PREFIX + BASE64URL.encodeToString(payload) + "." + BASE64URL.encodeToString(signature);
  }

  /** Splits and base64url-decodes a wire ticket; checks the form only, never the contents. */
  static Parts split(String wire) {
    if (wire.length() > TICKET_CHARS_MAX) {
      throw bad("ticket is " + wire.length() + " characters, at most " + TICKET_CHARS_MAX);
    }
    if (!wire.startsWith(PREFIX)) {
      throw bad("ticket does not start with '" + PREFIX + "' (the only version this node reads)");
    }
    int dots = 0;
    for (int i = 0; i < wire.length(); i++) {
      dots += wire.charAt(i) == '.' ? 1 : 0;
    }
    if (dots != 2) {
      throw bad("ticket has " + (dots + 1) + " dot-separated parts, expected 3");
    }
    int dot = wire.indexOf('.', PREFIX.length());
    byte[] payload = base64UrlDecode(wire.substring(PREFIX.length(), dot));
    if (payload == null) {
      throw bad("payload is not canonical unpadded base64url");
    }
    byte[] signature = base64UrlDecode(wire.substring(dot + 1));
    if (signature == null) {
      throw bad("signature is not canonical unpadded base64url");
    }
    if (signature.length != SIGNATURE_BYTES) {
      throw bad("signature is " + signature.length + " bytes, Ed25519 signatures are 64");
    }
    return new Parts(payload, signature);
  }

  /** The bytes the hub signs: the domain prefix, then the payload. */
  static byte[] signedBytes(byte[] payload) {
    byte[] bytes = new byte[SIGNING_DOMAIN.length + payload.length];
    System.arraycopy(SIGNING_DOMAIN, 0, bytes, 0, SIGNING_DOMAIN.length);
    System.arraycopy(payload, 0, bytes, SIGNING_DOMAIN.length, payload.length);
    return bytes;
  }

  static byte[] encodePayload(ViewerTicket t) {
    byte[] keyId = utf8(t.keyId());
    byte[] stream = utf8(t.stream());
    byte[] node = utf8(t.nodeId());
    byte[] session = utf8(t.viewerSession());
    ByteBuffer b =
        ByteBuffer.allocate(
            5 + keyId.length + TICKET_ID_BYTES + stream.length + node.length + session.length + 16);
    b.put((byte) VERSION);
    b.put((byte) keyId.length).put(keyId);
    b.put(base64UrlDecode(t.ticketId()));
    b.put((byte) stream.length).put(stream);
    b.put((byte) node.length).put(node);
    b.put((byte) session.length).put(session);
    b.putLong(t.issuedAtMillis()).putLong(t.expiresAtMillis());
    return b.array();
  }

  /** Decodes a payload whose signature has not been checked yet: structure only. */
  static ViewerTicket decodePayload(byte[] payload) {
    if (payload.length > PAYLOAD_BYTES_MAX) {
      throw bad("payload is " + payload.length + " bytes, at most " + PAYLOAD_BYTES_MAX);
    }
    Reader r = new Reader(payload);
    int version = r.u8("version");
    if (version != VERSION) {
      throw bad("payload version is " + version + ", this node reads " + VERSION);
    }
    String keyId = r.text("keyId", KEY_ID_BYTES_MAX);
    String ticketId = BASE64URL.encodeToString(r.bytes("ticketId", TICKET_ID_BYTES));
    String stream = r.text("stream", STREAM_BYTES_MAX);
    String nodeId = r.text("nodeId", NODE_ID_BYTES_MAX);
    String session = r.text("viewerSession", VIEWER_SESSION_BYTES_MAX);
    long issued = r.i64("issuedAtMillis");
    long expires = r.i64("expiresAtMillis");
    if (r.offset != payload.length) {
      throw bad((payload.length - r.offset) + " bytes after the last field, at offset " + r.offset);
    }
    String times = timesProblem(issued, expires);
    if (times != null) {
      throw bad(times);
    }
    return new ViewerTicket(ticketId, stream, nodeId, session, issued, expires, keyId);
  }

  /** Unpadded base64url of {@code bytes}. */
  static String base64Url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  /**
   * The bytes of canonical unpadded base64url {@code text}, or null: only {@code A-Z a-z 0-9 - _},
   * no padding, and unused low bits of the last character zero (the JDK decoder ignores them, which
   * would let several strings carry the same bytes).
   */
  static byte[] base64UrlDecode(String text) {
    if (text.length() % 4 == 1) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return null;
      }
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return BASE64URL.encodeToString(bytes).equals(text) ? bytes : null;
  }

  /**
   * Why {@code value} is not a valid text field, or null: it must be non-empty, well-formed UTF-16
   * (so it has exactly one UTF-8 encoding), free of control characters (messages and logs quote
   * it), and at most {@code bytesMax} bytes of UTF-8.
   */
  static String textProblem(String field, String value, int bytesMax) {
    if (value.isEmpty()) {
      return field + " is empty";
    }
    long bytes = 0;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (Character.isSurrogate((char) cp)) {
        return field + " has an unpaired surrogate at index " + i;
      }
      if (Character.isISOControl(cp)) {
        return field + " has control character U+" + String.format("%04X", cp) + " at index " + i;
      }
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += Character.charCount(cp);
    }
    if (bytes > bytesMax) {
      return field + " is " + bytes + " bytes of UTF-8, at most " + bytesMax;
    }
    return null;
  }

  /** Throws IllegalArgumentException unless {@code value} is a valid text field. */
  static void requireText(String field, String value, int bytesMax) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    String problem = textProblem(field, value, bytesMax);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Why the two instants are not a valid ticket lifetime, or null. */
  static String timesProblem(long issuedAtMillis, long expiresAtMillis) {
    if (issuedAtMillis < 0) {
      return "issuedAtMillis " + issuedAtMillis + " is before 1970";
    }
    if (expiresAtMillis <= issuedAtMillis) {
      return "expiresAtMillis "
          + expiresAtMillis
          + " is not after issuedAtMillis "
          + issuedAtMillis;
    }
    if (expiresAtMillis - issuedAtMillis > ViewerTicket.LIFETIME_MILLIS_MAX) {
      return "lifetime "
          + (expiresAtMillis - issuedAtMillis)
          + " ms is longer than "
          + ViewerTicket.LIFETIME_MILLIS_MAX;
    }
    return null;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException(LAYER, message);
  }

  /** Bounds-checked big-endian reads; each failure names the field and its offset. */
  private static final class Reader {
    private final byte[] bytes;
    private int offset;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int u8(String field) {
      need(field, 1);
      return bytes[offset++] & 0xFF;
    }

    byte[] bytes(String field, int length) {
      need(field, length);
      byte[] out = new byte[length];
      System.arraycopy(bytes, offset, out, 0, length);
      offset += length;
      return out;
    }

    long i64(String field) {
      need(field, 8);
      long v = ByteBuffer.wrap(bytes, offset, 8).getLong();
      offset += 8;
      return v;
    }

    String text(String field, int bytesMax) {
      int at = offset;
      int length = u8(field + " length");
      if (length < 1 || length > bytesMax) {
        throw bad(field + " length " + length + " at offset " + at + " is not in 1.." + bytesMax);
      }
      need(field, length);
      String value;
      try {
        value =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, offset, length))
                .toString();
      } catch (CharacterCodingException e) {
        throw bad(field + " at offset " + offset + " is not valid UTF-8");
      }
      offset += length;
      String problem = textProblem(field, value, bytesMax);
      if (problem != null) {
        throw bad(problem + " (offset " + (at + 1) + ")");
      }
      return value;
    }

    private void need(String field, int length) {
      if (bytes.length - offset < length) {
        throw bad(
            "payload ends at offset "
                + bytes.length
                + ", inside "
                + field
                + " ("
                + length
                + " bytes at offset "
                + offset
                + ")");
      }
    }
  }
}
