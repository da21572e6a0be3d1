package io.streamrp2p.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads events stored before the ledger's entities took the {@code XxxEntity} names ({@code
 * Account} became {@code AccountEntity}, and so on). Pekko's Jackson serializer stores the class
 * name as the manifest, so rows written before name the old classes; {@code
 * pekko.serialization.jackson.migrations} in reference.conf maps each such name to this migration,
 * which gives the new class. Fields did not change, so the data passes as it is.
 *
 * <p>The version only makes Pekko call {@link #transformClassName}: it does so for manifests older
 * than {@link #currentVersion}, and an old manifest has no version, which counts as 1. Events
 * written now name the new classes, which have no migration, so their manifests carry no version
 * either.
 */
public final class EntityRenameMigration extends JacksonMigration {
  /** Outer class before the rename -> after; its nested classes follow it. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "io.streamrp2p.ledger.account.Account", "io.streamrp2p.ledger.account.AccountEntity",
          "io.streamrp2p.ledger.transfer.Transfer", "io.streamrp2p.ledger.transfer.TransferEntity",
          "io.streamrp2p.ledger.payout.Payout", "io.streamrp2p.ledger.payout.PayoutEntity");

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    int nested = className.indexOf('$');
    String outer = nested < 0 ? className : className.substring(0, nested);
    String renamed = RENAMED.get(outer);
    return renamed == null ? className : renamed + className.substring(outer.length());
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }

  /**
   * The class name {@code type} was stored under before the rename: rows in the journal may carry
   * either this or {@code type}'s own name as their manifest.
   */
  public static String nameBeforeRename(Class<?> type) {
    String name = type.getName();
    for (Map.Entry<String, String> r : RENAMED.entrySet()) {
      if (name.startsWith(r.getValue() + "$")) {
        return r.getKey() + name.substring(r.getValue().length());
      }
    }
    return name;
  }
}
