package io.streamrp2p.hub.core;

import io.streamrp2p.protocol.node.NodeLimits;
import java.util.regex.Pattern;

/** Shapes of identifiers the entities accept; the API checks the same before asking them. */
public final class Validation {
  /**
   * Stream, creator names: lower case, digits, '-' and '_', at most 64 characters. Defined once, in
   * the hub-node protocol, since stream names cross that wire.
   */
  public static final Pattern NAME = NodeLimits.NAME;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private Validation() {}

  public static boolean isName(String s) {
    return s != null && NAME.matcher(s).matches();
  }

  public static boolean isSha256Hex(String s) {
    return s != null && SHA256_HEX.matcher(s).matches();
  }
}
