package io.streamrp2p.ledger.bench;

import static io.streamrp2p.ledger.testing.LedgerCluster.await;

import io.streamrp2p.ledger.Ledger;
import io.streamrp2p.ledger.account.AccountKind;
import io.streamrp2p.ledger.audit.AuditReport;
import io.streamrp2p.ledger.audit.Auditor;
import io.streamrp2p.ledger.testing.LedgerCluster;
import io.streamrp2p.ledger.transfer.TransferSpec;
import io.streamrp2p.persistence.Database;
import io.streamrp2p.persistence.testing.TestDatabases;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end ledger benchmark on a fresh PostgreSQL database: single-phase transfers committed
 * (reply received after all five events are in the journal) per second with a window of concurrent
 * clients, then the audit replay of everything written. Run by ops/bench-ledger.sh. Arguments:
 * transfers accounts in-flight warm-up (transfers run first and not counted: the JIT compiles for
 * tens of seconds, which a hub running for days does once).
 */
public final class LedgerBench {
  public static void main(String[] args) throws Exception {
    int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
    Database db = TestDatabases.freshPostgres();
    try {
      try (LedgerCluster cluster = LedgerCluster.start(db)) {
        Ledger ledger = cluster.ledger;
        await(ledger.open("deposits", AccountKind.SYSTEM_DEPOSITS, 1));
        List<CompletableFuture<?>> setup = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
          String a = "a" + i;
          setup.add(
              ledger
                  .open(a, AccountKind.FRIEND_PAYOUT, 1)
                  .thenCompose(
                      v ->
                          ledger.transfer(
                              TransferSpec.single("f" + a, "deposits", a, 1_000_000_000L, 1, 2)))
                  .toCompletableFuture());
        }
        CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).join();
        run(ledger, warmUp, accounts, inFlight, "warm-up");
        run(ledger, transfers, accounts, inFlight, "measured");
      }
      audit(db, "cold JVM");
      // A second replay with the JIT warm, as an auditor re-running it would see.
      audit(db, "second run");
    } finally {
      TestDatabases.drop(db);
    }
    System.exit(0);
  }

  private static void audit(Database db, String label) throws Exception {
    long cpu = cpuNanos();
    AuditReport report = Auditor.run(db, Optional.empty(), (d, t) -> {});
    System.out.printf(
        "RESULT audit replay (%s): %.0f events/s (%d events in %d ms, %s, "
            + "%.1f us JVM CPU per event, load %.1f)%n",
        label,
        report.eventsPerSecond(),
        report.events(),
        report.millis(),
        report.ok() ? "passed" : "FAILED",
        (cpuNanos() - cpu) / 1e3 / report.events(),
        load());
  }

  /** CPU time of this JVM: a figure that stays comparable when other work shares the cores. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void run(Ledger ledger, int n, int accounts, int inFlight, String label)
      throws InterruptedException {
    Random random = new Random(42);
    Semaphore window = new Semaphore(inFlight);
    AtomicLong failed = new AtomicLong();
    List<CompletableFuture<?>> all = new ArrayList<>(n);
    long cpu = cpuNanos();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int from = random.nextInt(accounts);
      int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
      window.acquire();
      all.add(
          ledger
              .transfer(
                  TransferSpec.single(
                      label + i, "a" + from, "a" + to, 1 + random.nextInt(1000), 1, 1))
              .handle(
                  (r, e) -> {
                    window.release();
                    if (e != null) {
                      failed.incrementAndGet();
                    }
                    return null;
                  })
              .toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%s %s: %.0f transfers/s committed end to end (%d transfers in %.1f s, "
            + "%d failed, %d in flight, %d accounts, %.2f ms JVM CPU per transfer, load %.1f)%n",
        label.equals("measured") ? "RESULT" : "warm-up",
        "transfers",
        n / secs,
        n,
        secs,
        failed.get(),
        inFlight,
        accounts,
        (cpuNanos() - cpu) / 1e6 / n,
        load());
  }
}
