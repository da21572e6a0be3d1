package io.streamrp2p.node;

import java.util.List;

/**
 * What a node keeps between runs: who it is to the hub (the id the hub gave it, its owner and its
 * Ed25519 key pair) and how it was set up (hubs, public URL, capacity, doors). Written once at
 * registration to a file only its user can read ({@link NodeIdentityFile}).
 *
 * @param nodeId the id the hub assigned at registration
 * @param owner the friend (creator account) the invite belonged to
 * @param privateKey the Ed25519 private key, PKCS#8, base64
 * @param publicKey the Ed25519 public key, its raw 32 bytes in base64
 * @param hubs the hub members' HTTP base URLs, tried in turn
 * @param publicUrl where viewers reach this node's HTTP door
 * @param capacityMbps the upload the friend lends, in Mbit/s
 * @param httpInterface address of the HTTP door
 * @param httpPort port of the HTTP door
 * @param rtmpInterface address of the RTMP door
 * @param rtmpPort port of the RTMP door
 */
public record NodeIdentity(
    String nodeId,
    String owner,
    String privateKey,
    String publicKey,
    List<String> hubs,
    String publicUrl,
    int capacityMbps,
    String httpInterface,
    int httpPort,
    String rtmpInterface,
    int rtmpPort) {

  /** A home uplink: 10 Gbit/s is more than any friend lends. */
  static final int CAPACITY_MBPS_MAX = 10_000;

  /** Hub members a node lists; a few seeds are enough, the session learns nothing more. */
  static final int HUBS_MAX = 16;

  public NodeIdentity {
    hubs = List.copyOf(hubs);
    require(!nodeId.isBlank(), "nodeId must be set");
    require(!hubs.isEmpty() && hubs.size() <= HUBS_MAX, "hubs must list 1.." + HUBS_MAX + " URLs");
    require(
        capacityMbps > 0 && capacityMbps <= CAPACITY_MBPS_MAX,
        "capacity must be 1.." + CAPACITY_MBPS_MAX + " Mbit/s");
    require(httpPort >= 0 && httpPort <= 65535, "http port must be 0..65535");
    require(rtmpPort >= 0 && rtmpPort <= 65535, "rtmp port must be 0..65535");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
