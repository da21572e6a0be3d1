package io.streamrp2p.ledger.transfer;

import java.util.concurrent.CompletionStage;

/** What settlements and payouts need of the ledger: idempotent transfer calls. */
public interface Transfers {
  CompletionStage<TransferEntity.Result> transfer(TransferSpec spec);

  CompletionStage<TransferEntity.Result> post(String transferId, long amountMinor);

  CompletionStage<TransferEntity.Result> voidPending(String transferId);
}
