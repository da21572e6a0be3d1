package io.streamrp2p.ledger.transfer;

import java.util.concurrent.CompletionStage;

/** What settlements and payouts need of the ledger: idempotent transfer calls. */
public interface Transfers {
  CompletionStage<Transfer.Result> transfer(TransferSpec spec);

  CompletionStage<Transfer.Result> post(String transferId, long amountMinor);

  CompletionStage<Transfer.Result> voidPending(String transferId);
}
