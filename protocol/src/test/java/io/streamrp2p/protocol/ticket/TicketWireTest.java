package io.streamrp2p.protocol.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrp2p.protocol.ProtocolException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TicketWireTest {
  static final ViewerTicket KNOWN =
      new ViewerTicket(
          "AAECAwQFBgcICQoLDA0ODw", // bytes 00 01 .. 0f
          "alice",
          "n_0123456789abcdef",
          "s_5f3c9a",
          1_800_000_000_000L,
          1_800_000_060_000L,
          "hub-2026-11");

  /** KNOWN's payload, field by field. */
  static final String KNOWN_PAYLOAD_HEX =
      "01" // version 1
          + "0b"
          + "6875622d323032362d3131" // keyId "hub-2026-11"
          + "000102030405060708090a0b0c0d0e0f" // ticketId
          + "05"
          + "616c696365" // stream "alice"
          + "12"
          + "6e5f30313233343536373839616263646566" // nodeId "n_0123456789abcdef"
          + "08"
          + "735f356633633961" // viewerSession "s_5f3c9a"
          + "000001a3185c5000" // issuedAtMillis 1_800_000_000_000
          + "000001a3185d3a60"; // expiresAtMillis 1_800_000_060_000

  /**
   * KNOWN signed with the RFC 8032 TEST 1 key. Computed independently of this code (Python's
   * cryptography package, Ed25519 over "streamrp2p-viewer-ticket-v1\0" + payload); Ed25519 is
   * deterministic, so any change to the format or the signed bytes changes this string.
   */
  static final String KNOWN_WIRE =
      "v1.AQtodWItMjAyNi0xMQABAgMEBQYHCAkKCwwNDg8FYWxpY2USbl8wMTIzNDU2Nzg5YWJjZGVmCHNfNWYzYzlh"
          + "AAABoxhcUAAAAAGjGF06YA"
          + ".vE0-N7v0kXL1PfjhXQNirX99D8VUAeDqkc4fLfnCoGmQNPgrc_aJLOqhvtcwI6biaAxuxr3k4tei7PXZivxEAw";

  @Test
  void encodePayload_knownTicket_matchesLayout() {
    assertThat(HexFormat.of().formatHex(TicketWire.encodePayload(KNOWN)))
        .isEqualTo(KNOWN_PAYLOAD_HEX);
  }

  @Test
  void decodePayload_knownLayout_givesKnownTicket() {
    assertThat(TicketWire.decodePayload(HexFormat.of().parseHex(KNOWN_PAYLOAD_HEX)))
        .isEqualTo(KNOWN);
  }

  @Test
  void sign_fixedKeyAndTicket_givesCommittedWireString() {
    TicketSigner signer =
        new TicketSigner("hub-2026-11", TestKeys.privateFromSeed(TestKeys.RFC8032_SEED_HEX));

    assertThat(signer.sign(KNOWN)).isEqualTo(KNOWN_WIRE);
  }

  @Test
  void ticketCharsMax_everyFieldAtItsBound_isExactlyTheLongestTicket() {
    ViewerTicket longest =
        new ViewerTicket(
            "AAECAwQFBgcICQoLDA0ODw",
            "s".repeat(ViewerTicket.STREAM_BYTES_MAX),
            "n".repeat(ViewerTicket.NODE_ID_BYTES_MAX),
            "v".repeat(ViewerTicket.VIEWER_SESSION_BYTES_MAX),
            0,
            ViewerTicket.LIFETIME_MILLIS_MAX,
            "k".repeat(ViewerTicket.KEY_ID_BYTES_MAX));
    String wire = new TicketSigner(longest.keyId(), TestKeys.fresh().getPrivate()).sign(longest);

    assertThat(TicketWire.encodePayload(longest)).hasSize(TicketWire.PAYLOAD_BYTES_MAX);
    assertThat(wire).hasSize(TicketWire.TICKET_CHARS_MAX);
    assertThat(TicketWire.TICKET_CHARS_MAX).isEqualTo(438);
  }

  @Test
  void decodePayload_trailingByte_isRefused() {
    byte[] payload = HexFormat.of().parseHex(KNOWN_PAYLOAD_HEX + "00");

    assertThatThrownBy(() -> TicketWire.decodePayload(payload))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("ticket: 1 bytes after the last field, at offset 79");
  }

  @Test
  void decodePayload_truncatedInExpiry_namesFieldAndOffset() {
    byte[] payload = HexFormat.of().parseHex(KNOWN_PAYLOAD_HEX.substring(0, 2 * 76));

    assertThatThrownBy(() -> TicketWire.decodePayload(payload))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "ticket: payload ends at offset 76, inside expiresAtMillis (8 bytes at offset 71)");
  }

  @Test
  void decodePayload_overlongUtf8_isRefused() {
    // stream "alice" replaced by the 2-byte overlong form of '/' (c0 af): not shortest-form UTF-8.
    String hex = KNOWN_PAYLOAD_HEX.replace("05616c696365", "02c0af");

    assertThatThrownBy(() -> TicketWire.decodePayload(HexFormat.of().parseHex(hex)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("ticket: stream at offset 30 is not valid UTF-8");
  }

  @Test
  void decodePayload_controlCharacter_isRefused() {
    String hex = KNOWN_PAYLOAD_HEX.replace("05616c696365", "05616c0a6365"); // "al\nce"

    assertThatThrownBy(() -> TicketWire.decodePayload(HexFormat.of().parseHex(hex)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("ticket: stream has control character U+000A at index 2 (offset 30)");
  }

  @Test
  void decodePayload_zeroLengthField_isRefused() {
    String hex = KNOWN_PAYLOAD_HEX.replace("05616c696365", "00");

    assertThatThrownBy(() -> TicketWire.decodePayload(HexFormat.of().parseHex(hex)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("ticket: stream length 0 at offset 29 is not in 1..64");
  }

  @Test
  void base64UrlDecode_nonCanonicalTrailingBits_isNull() {
    // "AA" is one zero byte; "AB" sets low bits the decoder would ignore.
    assertThat(TicketWire.base64UrlDecode("AA")).containsExactly(0);
    assertThat(TicketWire.base64UrlDecode("AB")).isNull();
    assertThat(TicketWire.base64UrlDecode("AA==")).isNull();
    assertThat(TicketWire.base64UrlDecode("+/8")).isNull();
  }

  @Test
  void viewerTicket_badFields_areCallerMisuse() {
    assertThatThrownBy(() -> withStream(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stream is empty");
    assertThatThrownBy(() -> withStream("s".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stream is 65 bytes of UTF-8, at most 64");
    assertThatThrownBy(() -> withStream("a\uD800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stream has an unpaired surrogate at index 1");
    assertThatThrownBy(() -> new ViewerTicket("AAECAwQFBgcICQoLDA0ODw", "a", "n", "v", 10, 10, "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expiresAtMillis 10 is not after issuedAtMillis 10");
    assertThatThrownBy(() -> new ViewerTicket("AAEC", "a", "n", "v", 0, 10, "k"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ViewerTicket withStream(String stream) {
    return new ViewerTicket("AAECAwQFBgcICQoLDA0ODw", stream, "n", "v", 0, 10, "k");
  }
}
