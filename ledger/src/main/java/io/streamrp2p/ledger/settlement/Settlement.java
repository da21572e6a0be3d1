package io.streamrp2p.ledger.settlement;

import io.streamrp2p.ledger.Rejection;
import io.streamrp2p.ledger.transfer.TransferEntity;
import io.streamrp2p.ledger.transfer.TransferSpec;
import io.streamrp2p.ledger.transfer.Transfers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Settles an epoch: pays a list of payees from one pool, all or nothing. Every payee gets a pending
 * transfer with a deterministic id ({@link #transferId}); when all are held they are posted, when
 * any is refused all are voided. The settlement keeps no state of its own: its transfers are its
 * record, and the decision follows from them, so a rerun after a crash (or a duplicate run) reaches
 * the same decision and pays nothing twice. Rule: if any transfer is posted, the decision was
 * "post" (post the rest); else if all are pending, post; else void.
 */
public final class Settlement {
  /** Payees per settlement: one epoch of one stream; 10,000 friends is far past any stream. */
  public static final int PAYEES_MAX = 10_000;

  public record Payee(String accountId, long amountMinor) {}

  public record Outcome(
      boolean paid, long totalMinor, List<TransferEntity.Result> transfers, String reason) {}

  private final Transfers ledger;

  public Settlement(Transfers ledger) {
    this.ledger = ledger;
  }

  /** The id of the transfer paying {@code payee} in {@code epoch} of {@code poolAccountId}. */
  public static String transferId(String poolAccountId, long epoch, String payee) {
    return "settle/" + poolAccountId + "/" + epoch + "/" + payee;
  }

  public CompletionStage<Outcome> settle(
      String poolAccountId, long epoch, int ledgerCode, List<Payee> payees) {
    checkPayees(payees);
    List<CompletableFuture<Object>> holds = new ArrayList<>();
    for (Payee p : payees) {
      TransferSpec spec =
          TransferSpec.pending(
              transferId(poolAccountId, epoch, p.accountId()),
              poolAccountId,
              p.accountId(),
              p.amountMinor(),
              ledgerCode,
              TransferSpec.CODE_SETTLEMENT,
              0);
      holds.add(
          ledger
              .transfer(spec)
              .<Object>thenApply(r -> r)
              .exceptionally(e -> e.getCause() != null ? e.getCause() : e)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(holds.toArray(CompletableFuture[]::new))
        .thenCompose(v -> decide(poolAccountId, epoch, payees, holds));
  }

  private CompletionStage<Outcome> decide(
      String pool, long epoch, List<Payee> payees, List<CompletableFuture<Object>> holds) {
    boolean anyPosted = false;
    boolean allPending = true;
    String reason = null;
    for (CompletableFuture<Object> h : holds) {
      Object o = h.join();
      if (o instanceof TransferEntity.Result r) {
        anyPosted |= r.status() == TransferEntity.Status.POSTED;
        allPending &=
            r.status() == TransferEntity.Status.PENDING
                || r.status() == TransferEntity.Status.POSTED;
        if (r.status() == TransferEntity.Status.VOIDED) {
          reason = "an earlier run voided " + r.transferId();
        }
      } else {
        Throwable t = (Throwable) o;
        allPending = false;
        reason = reason != null ? reason : t.getMessage();
        if (Rejection.TRANSIENT.is(t) || Rejection.of(t).isEmpty()) {
          // Undecided: leave everything as it is; a rerun decides.
          return CompletableFuture.failedStage(t);
        }
      }
    }
    boolean post = anyPosted || allPending;
    List<CompletableFuture<TransferEntity.Result>> acts = new ArrayList<>();
    for (Payee p : payees) {
      String id = transferId(pool, epoch, p.accountId());
      CompletionStage<TransferEntity.Result> act =
          post ? ledger.post(id, 0) : ledger.voidPending(id);
      acts.add(act.exceptionally(e -> null).toCompletableFuture());
    }
    long total = payees.stream().mapToLong(Payee::amountMinor).reduce(0, Math::addExact);
    String why = post ? "" : reason;
    return CompletableFuture.allOf(acts.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<TransferEntity.Result> results =
                  acts.stream().map(CompletableFuture::join).toList();
              return new Outcome(post, post ? total : 0, results, why);
            });
  }

  private static void checkPayees(List<Payee> payees) {
    if (payees.isEmpty() || payees.size() > PAYEES_MAX) {
      throw new IllegalArgumentException("payees must be 1.." + PAYEES_MAX);
    }
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (Payee p : payees) {
      if (!seen.add(p.accountId()) || p.amountMinor() <= 0) {
        throw new IllegalArgumentException("payees must be distinct with positive amounts: " + p);
      }
      total = Math.addExact(total, p.amountMinor());
    }
  }
}
