package io.streamrp2p.ledger.payout.evm;

import io.streamrp2p.ledger.payout.evm.EvmConfig.KeySource;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** Reads the signing key and checks addresses. Error messages never contain key material. */
final class EvmKeys {
  private static final Pattern KEY_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

  /** A key file is a line of 66 characters; anything much larger is not a key file. */
  static final int KEY_FILE_BYTES_MAX = 4096;

  private EvmKeys() {}

  /** Loads the key from its source; {@code getenv} is {@link System#getenv(String)} in use. */
  static Credentials load(KeySource source, UnaryOperator<String> getenv) {
    String text;
    String where;
    if (source instanceof KeySource.File f) {
      where = "evm key-file " + f.path();
      text = readFile(f, where);
    } else {
      KeySource.Env e = (KeySource.Env) source;
      where = "evm key-env variable " + e.variable();
      text = getenv.apply(e.variable());
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException(where + " is not set or empty");
      }
    }
    String hex = text.strip();
    if (hex.startsWith("0x") || hex.startsWith("0X")) {
      hex = hex.substring(2);
    }
    if (!KEY_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          where + " does not hold a private key: expected 64 hex digits, 0x optional");
    }
    BigInteger k = new BigInteger(hex, 16);
    if (k.signum() == 0 || k.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
      throw new IllegalArgumentException(where + " holds a number that is not a secp256k1 key");
    }
    return Credentials.create(hex);
  }

  private static String readFile(KeySource.File f, String where) {
    if (!Files.isRegularFile(f.path())) {
      throw new IllegalArgumentException(where + " does not exist or is not a regular file");
    }
    try {
      if (Files.size(f.path()) > KEY_FILE_BYTES_MAX) {
        throw new IllegalArgumentException(where + " is larger than a key file can be");
      }
      return Files.readString(f.path(), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      // The cause may quote the file's bytes when they are not ASCII; keep only its type.
      throw new IllegalArgumentException(
          where + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The payee address in lower case, or null if {@code address} is not one: 0x and 40 hex digits,
   * not the zero address, and when it mixes cases the EIP-55 checksum must hold (a mistyped
   * checksummed address is caught instead of paid).
   */
  static String normalizedAddress(String address) {
    if (address == null || !ADDRESS.matcher(address).matches()) {
      return null;
    }
    String hex = address.substring(2);
    boolean mixed =
        !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
    if (mixed && !Keys.toChecksumAddress(address).equals(address)) {
      return null;
    }
    String lower = address.toLowerCase(Locale.ROOT);
    return lower.equals(ZERO_ADDRESS) ? null : lower;
  }
}
