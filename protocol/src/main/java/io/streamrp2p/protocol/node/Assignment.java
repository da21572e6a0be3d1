package io.streamrp2p.protocol.node;

import java.util.List;

/**
 * One stream the node relays: what {@link Assign} carries and {@link Welcome} lists.
 *
 * @param stream the stream name
 * @param pullUrls where to pull the live stream from, in order of preference
 * @param bitrateBps expected bitrate in bit/s, 0 when the hub does not know yet
 */
public record Assignment(String stream, List<String> pullUrls, long bitrateBps) {
  public Assignment {
    NodeLimits.requireName(stream, "stream");
    pullUrls = NodeLimits.requireList(pullUrls, 1, NodeLimits.PULL_URLS_MAX, "pullUrls");
    for (int i = 0; i < pullUrls.size(); i++) {
      NodeLimits.requireUrl(pullUrls.get(i), "pullUrls[" + i + "]");
    }
    NodeLimits.requireRange(bitrateBps, 0, NodeLimits.BITRATE_BPS_MAX, "bitrateBps");
  }
}
