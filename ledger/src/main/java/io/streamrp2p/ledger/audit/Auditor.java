package io.streamrp2p.ledger.audit;

import com.typesafe.config.ConfigFactory;
import io.streamrp2p.ledger.account.AccountEntity;
import io.streamrp2p.ledger.chain.Chain;
import io.streamrp2p.ledger.chain.EntityHead;
import io.streamrp2p.ledger.chain.LedgerCheckpoint;
import io.streamrp2p.ledger.chain.LedgerEvent;
import io.streamrp2p.ledger.chain.LedgerKey;
import io.streamrp2p.ledger.chain.Merkle;
import io.streamrp2p.ledger.journal.LedgerJournal;
import io.streamrp2p.ledger.journal.LedgerJournal.Row;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.persistence.Database;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Replays every ledger event from a journal, as stored, and checks: per entity, sequence numbers
 * without gaps and the hash chain (link, sequence and recomputed hash); per account, that no user
 * account is ever below zero and that every leg is resolved at most once; per transfer, that it
 * resolved at most once and that its accounts' legs agree with its outcome; per ledger, that debits
 * equal credits (up to transfers in flight); and that every checkpoint is signed by the ledger key,
 * has the right Merkle root, and that its heads are in the journal. The rules are implemented here
 * again, independently of the entities, from the events alone.
 */
public final class Auditor {
  /** Violations kept for the report; a broken journal can yield millions, the count is kept. */
  public static final int VIOLATIONS_KEPT_MAX = 1_000;

  /** Progress reports, every this many events. */
  static final int PROGRESS_EVERY = 10_000;

  /** Threads that decode and hash rows: one per core; the reading thread applies them. */
  static final int DECODE_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /**
   * Rows per decode task: enough that handing a task to another thread costs little next to the
   * work in it (a row takes microseconds), few enough to keep every thread busy.
   */
  static final int DECODE_BATCH_ROWS = 500;

  /**
   * Batches decoded ahead of the replay: keeps every decode thread fed while bounding the rows held
   * in memory (at most this many batches of {@link #DECODE_BATCH_ROWS} small events).
   */
  static final int DECODE_BATCHES_AHEAD_MAX = 4 * DECODE_THREADS;

  /** Receives (events done, events total). */
  public interface Progress {
    void update(long done, long total);
  }

  private final Serialization serialization;
  private final Optional<String> pinnedPublicKey;

  public Auditor(Serialization serialization, Optional<String> pinnedPublicKey) {
    this.serialization = serialization;
    this.pinnedPublicKey = pinnedPublicKey;
  }

  /** Audits {@code db} with a private actor system used only to decode events. */
  public static AuditReport run(Database db, Optional<String> pinnedPublicKey, Progress progress)
      throws Exception {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            "audit",
            ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    try {
      Serialization s = SerializationExtension.get(system.classicSystem());
      return new Auditor(s, pinnedPublicKey).audit(db, progress);
    } finally {
      system.terminate();
    }
  }

  public AuditReport audit(Database db, Progress progress) throws Exception {
    long start = System.nanoTime();
    long total = LedgerJournal.count(db);
    Replay r = new Replay();
    LedgerJournal.scan(db, "LedgerCheckpoint|", row -> r.expectHeads(decode(row)));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            DECODE_THREADS,
            runnable -> {
              Thread t = new Thread(runnable, "audit-decode");
              t.setDaemon(true);
              return t;
            });
    try {
      Pipeline pipeline = new Pipeline(pool, r, progress, total);
      LedgerJournal.scan(db, null, pipeline);
      pipeline.drain();
    } finally {
      pool.shutdownNow();
    }
    progress.update(r.events, total);
    r.finish();
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new AuditReport(
        r.events,
        r.entities,
        r.accounts.size(),
        r.transfers.size(),
        r.inFlight,
        r.checkpoints,
        pinnedPublicKey.orElse(r.checkpointKey),
        pinnedPublicKey.isPresent(),
        r.totals,
        List.copyOf(r.violations),
        r.violationCount,
        millis);
  }

  /**
   * A stored row with what can be computed from it alone: its decoded event and the hash of its
   * content (or why hashing failed, raised when the row's turn comes, as a serial replay would).
   */
  private record Decoded(
      Row row, LedgerEvent event, String contentHash, RuntimeException hashFailure) {}

  private Decoded decodeAndHash(Row row) {
    LedgerEvent e = decode(row);
    if (e == null) {
      return new Decoded(row, null, null, null);
    }
    try {
      return new Decoded(row, e, Chain.expectedHash(row.persistenceId(), e), null);
    } catch (RuntimeException failure) {
      return new Decoded(row, e, null, failure);
    }
  }

  /**
   * Decoding and hashing (most of the work per row, and independent from row to row) run on {@link
   * #DECODE_THREADS} threads in batches, while the reading thread fetches rows and applies decoded
   * batches to the replay strictly in journal order, so the checks see exactly what a serial replay
   * sees.
   */
  private final class Pipeline implements LedgerJournal.RowSink {
    private final ExecutorService pool;
    private final Replay replay;
    private final Progress progress;
    private final long total;
    private final ArrayDeque<Future<List<Decoded>>> ahead = new ArrayDeque<>();
    private List<Row> batch = new ArrayList<>(DECODE_BATCH_ROWS);

    Pipeline(ExecutorService pool, Replay replay, Progress progress, long total) {
      this.pool = pool;
      this.replay = replay;
      this.progress = progress;
      this.total = total;
    }

    @Override
    public void accept(Row row) throws Exception {
      batch.add(row);
      if (batch.size() == DECODE_BATCH_ROWS) {
        submit();
        while (ahead.size() > DECODE_BATCHES_AHEAD_MAX) {
          applyOldest();
        }
      }
    }

    private void submit() {
      List<Row> rows = batch;
      batch = new ArrayList<>(DECODE_BATCH_ROWS);
      ahead.add(
          pool.submit(
              () -> {
                List<Decoded> out = new ArrayList<>(rows.size());
                for (Row row : rows) {
                  out.add(decodeAndHash(row));
                }
                return out;
              }));
    }

    private void applyOldest() throws Exception {
      List<Decoded> decoded;
      try {
        decoded = ahead.remove().get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
      for (Decoded d : decoded) {
        replay.onRow(d);
        if (replay.events % PROGRESS_EVERY == 0) {
          progress.update(replay.events, total);
        }
      }
    }

    void drain() throws Exception {
      if (!batch.isEmpty()) {
        submit();
      }
      while (!ahead.isEmpty()) {
        applyOldest();
      }
    }
  }

  private LedgerEvent decode(Row row) {
    try {
      Object o = serialization.deserialize(row.payload(), row.serializerId(), row.manifest()).get();
      return o instanceof LedgerEvent e ? e : null;
    } catch (Exception | LinkageError e) {
      return null;
    }
  }

  /** One pass over the journal. */
  private final class Replay {
    long events;
    long entities;
    long inFlight;
    long checkpoints;
    long violationCount;
    final List<Violation> violations = new ArrayList<>();
    final Map<String, AuditedAccount> accounts = new HashMap<>();
    final Map<String, AuditedTransfer> transfers = new HashMap<>();
    final Map<Integer, AuditReport.LedgerTotals> totals = new TreeMap<>();
    final Map<String, Map<Long, String>> expectedHeads = new HashMap<>();
    String checkpointKey;

    String pid;
    long lastSeq;
    String lastHash;

    void violation(Violation.Rule rule, String persistenceId, long seq, String detail) {
      violationCount++;
      if (violations.size() < VIOLATIONS_KEPT_MAX) {
        violations.add(new Violation(rule, persistenceId, seq, detail));
      }
    }

    void expectHeads(LedgerEvent e) {
      if (e instanceof LedgerCheckpoint.Taken t) {
        for (EntityHead h : t.heads()) {
          expectedHeads
              .computeIfAbsent(h.persistenceId(), k -> new HashMap<>())
              .put(h.seq(), h.hash() + " (checkpoint " + t.number() + ")");
        }
      }
    }

    void onRow(Decoded d) {
      Row row = d.row();
      LedgerEvent e = d.event();
      events++;
      if (!row.persistenceId().equals(pid)) {
        entities++;
        pid = row.persistenceId();
        lastSeq = 0;
        lastHash = Chain.GENESIS;
      }
      if (row.seq() != lastSeq + 1) {
        violation(
            Violation.Rule.SEQUENCE_GAP,
            pid,
            row.seq(),
            "expected sequence number " + (lastSeq + 1) + ", found " + row.seq());
      }
      lastSeq = row.seq();
      if (e == null) {
        violation(
            Violation.Rule.UNDECODABLE_EVENT,
            pid,
            row.seq(),
            "payload does not decode as a ledger event (" + row.manifest() + ")");
        lastHash = null;
        return;
      }
      checkChain(row, e, d);
      checkExpectedHead(row, e);
      apply(row, e);
    }

    private void checkChain(Row row, LedgerEvent e, Decoded d) {
      if (e.link().seq() != row.seq()) {
        violation(
            Violation.Rule.CHAIN_SEQUENCE,
            pid,
            row.seq(),
            "event carries sequence number " + e.link().seq() + " but is stored at " + row.seq());
      }
      if (lastHash != null && !e.link().prevHash().equals(lastHash)) {
        violation(
            Violation.Rule.CHAIN_LINK,
            pid,
            row.seq(),
            "previous hash " + e.link().prevHash() + " is not the predecessor's " + lastHash);
      }
      if (d.hashFailure() != null) {
        throw d.hashFailure();
      }
      String expected = d.contentHash();
      if (!expected.equals(e.link().hash())) {
        violation(
            Violation.Rule.CHAIN_HASH,
            pid,
            row.seq(),
            "content hashes to " + expected + ", event says " + e.link().hash());
      }
      lastHash = e.link().hash();
    }

    private void checkExpectedHead(Row row, LedgerEvent e) {
      Map<Long, String> m = expectedHeads.get(pid);
      String expected = m == null ? null : m.remove(row.seq());
      if (expected != null && !expected.startsWith(e.link().hash())) {
        violation(
            Violation.Rule.CHECKPOINT_HEAD,
            pid,
            row.seq(),
            "checkpointed hash " + expected + ", stored event has " + e.link().hash());
      }
    }

    private void apply(Row row, LedgerEvent e) {
      if (e instanceof AccountEntity.Event a) {
        AuditedAccount acc =
            accounts.computeIfAbsent(pid.substring(pid.indexOf('|') + 1), AuditedAccount::new);
        report(acc.apply(a), row);
      } else if (e instanceof TransferEntity.Event t) {
        AuditedTransfer tr =
            transfers.computeIfAbsent(pid.substring(pid.indexOf('|') + 1), AuditedTransfer::new);
        report(tr.apply(t, row.seq()), row);
      } else if (e instanceof LedgerCheckpoint.Taken c) {
        checkCheckpoint(row, c);
      }
    }

    private void report(Finding f, Row row) {
      if (f != null) {
        violation(f.rule(), pid, row.seq(), f.detail());
      }
    }

    private void checkCheckpoint(Row row, LedgerCheckpoint.Taken c) {
      checkpoints++;
      String key = pinnedPublicKey.orElse(checkpointKey);
      if (key == null) {
        checkpointKey = c.publicKey();
        key = c.publicKey();
      }
      if (!key.equals(c.publicKey())) {
        violation(
            Violation.Rule.CHECKPOINT_KEY,
            pid,
            row.seq(),
            "signed by " + c.publicKey() + ", expected the ledger key " + key);
      }
      if (!LedgerKey.verify(key, c.signedBytes(), c.signature())) {
        violation(
            Violation.Rule.CHECKPOINT_SIGNATURE,
            pid,
            row.seq(),
            "signature does not verify with the ledger key");
      }
      String root = Merkle.root(c.heads());
      if (!root.equals(c.root())) {
        violation(
            Violation.Rule.CHECKPOINT_ROOT,
            pid,
            row.seq(),
            "heads hash to root " + root + ", checkpoint says " + c.root());
      }
    }

    void finish() {
      expectedHeads.forEach(
          (p, m) ->
              m.forEach(
                  (seq, hash) ->
                      violation(
                          Violation.Rule.CHECKPOINT_HEAD,
                          p,
                          seq,
                          "checkpointed event " + hash + " is missing from the journal")));
      CrossCheck.run(accounts, transfers, this::violation, totals);
      inFlight = transfers.values().stream().filter(AuditedTransfer::inFlight).count();
    }
  }
}
