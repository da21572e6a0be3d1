-- Payouts the EVM gateway signed or sent, one row per payout id. A row is written with its
-- nonce, signed raw transaction and hash before the transaction is broadcast, so after a crash
-- the gateway rebroadcasts the same bytes instead of signing a second payment.
CREATE TABLE evm_payouts (
  payout_id VARCHAR(200) PRIMARY KEY,
  chain_id BIGINT NOT NULL,
  sender VARCHAR(42) NOT NULL,
  destination VARCHAR(42) NOT NULL,
  amount_minor BIGINT NOT NULL,
  ledger_code INTEGER NOT NULL,
  -- 'native' or the ERC-20 contract address
  token VARCHAR(42) NOT NULL,
  nonce BIGINT,
  tx_hash VARCHAR(66),
  raw_tx TEXT,
  -- SIGNED (recorded, maybe not broadcast), SUBMITTED, CONFIRMED, FAILED
  state VARCHAR(16) NOT NULL,
  failure_reason VARCHAR(500),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A nonce is used by one payout only; the database refuses a second row with it.
CREATE UNIQUE INDEX evm_payouts_nonce_idx ON evm_payouts (chain_id, sender, nonce);
CREATE UNIQUE INDEX evm_payouts_tx_hash_idx ON evm_payouts (tx_hash);
