package io.streamrp2p.protocol.amf;

/**
 * An AMF0 date (marker 0x0B).
 *
 * @param epochMillis milliseconds since 1970-01-01T00:00Z, as a double on the wire
 * @param timeZoneMinutes the reserved time-zone field; AMF0 says it should be 0, kept as sent
 */
public record AmfDate(double epochMillis, short timeZoneMinutes) {}
