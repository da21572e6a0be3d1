package io.streamrp2p.protocol.ticket;

import java.util.Objects;

/** What {@link TicketVerifier#verify} decided: the ticket, or why the viewer is refused. */
public sealed interface TicketVerdict {
  /** A ticket whose signature, times, node and stream all check out. */
  record Accepted(ViewerTicket ticket) implements TicketVerdict {
    public Accepted {
      Objects.requireNonNull(ticket, "ticket");
    }
  }

  /**
   * A refusal, answered with 403. The message says exactly what failed. Before the signature has
   * verified it quotes no ticket field but the key id (printable, at most 32 bytes), so it is safe
   * to log and to send to the viewer.
   */
  record Refusal(RefusalReason reason, String message) implements TicketVerdict {
    public Refusal {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** {@code reason: message}, for example {@code expired: ticket expired at ...}. */
    @Override
    public String toString() {
      return reason.wireName() + ": " + message;
    }
  }
}
