package io.streamrp2p.ledger.transfer;

import io.streamrp2p.ledger.account.AccountEntity;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/** What a transfer needs of accounts: ask one a leg step and get its outcome. */
public interface AccountLegs {
  /**
   * Sends the step {@code command} builds to account {@code accountId}. Fails with the account's
   * rejection text, or with a timeout.
   */
  CompletionStage<AccountEntity.LegDone> ask(
      String accountId,
      Function<ActorRef<StatusReply<AccountEntity.LegDone>>, AccountEntity.Command> command);
}
