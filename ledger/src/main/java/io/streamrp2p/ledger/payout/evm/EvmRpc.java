package io.streamrp2p.ledger.payout.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * The JSON-RPC calls the gateway makes, each turned into a value or an {@link
 * IllegalStateException} that names the node and the call. Signing never happens here: the node
 * only ever sees signed bytes.
 */
final class EvmRpc implements AutoCloseable {
  private final Web3j web3j;
  private final String node;

  EvmRpc(URI url, Duration timeout) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout)
            .build();
    this.web3j = Web3j.build(new HttpService(url.toString(), http));
    // Only scheme, host and port: the rest of the URL may hold an API key.
    this.node =
        url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
  }

  String node() {
    return node;
  }

  long chainId() {
    return call("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
  }

  BigInteger blockNumber() {
    return call("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber();
  }

  /** Next nonce counting the node's pending pool. */
  BigInteger pendingNonce(String address) {
    return call(
            "eth_getTransactionCount",
            web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING))
        .getTransactionCount();
  }

  /** Transactions of {@code address} mined up to and including {@code block}. */
  BigInteger nonceAt(String address, BigInteger block) {
    return call(
            "eth_getTransactionCount",
            web3j.ethGetTransactionCount(address, DefaultBlockParameter.valueOf(block)))
        .getTransactionCount();
  }

  BigInteger balance(String address) {
    return call("eth_getBalance", web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST))
        .getBalance();
  }

  boolean hasCode(String address) {
    String code =
        call("eth_getCode", web3j.ethGetCode(address, DefaultBlockParameterName.LATEST)).getCode();
    return code != null && !code.equals("0x") && !code.isEmpty();
  }

  Optional<TransactionReceipt> receipt(String txHash) {
    return call("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(txHash))
        .getTransactionReceipt();
  }

  /** Whether the node has the transaction, pending or mined. */
  boolean knows(String txHash) {
    return call("eth_getTransactionByHash", web3j.ethGetTransactionByHash(txHash))
            .getTransaction()
            .isPresent()
        || receipt(txHash).isPresent();
  }

  /** Broadcasts signed bytes; empty if the node accepted them, else its error message. */
  Optional<String> sendRaw(String rawTx) {
    EthSendTransaction r = send("eth_sendRawTransaction", web3j.ethSendRawTransaction(rawTx));
    return r.hasError() ? Optional.of(r.getError().getMessage()) : Optional.empty();
  }

  int erc20Decimals(String contract) {
    Function f = new Function("decimals", List.of(), List.of(new TypeReference<Uint8>() {}));
    return ((BigInteger) ethCall(contract, f).getValue()).intValueExact();
  }

  BigInteger erc20BalanceOf(String contract, String owner) {
    Function f =
        new Function(
            "balanceOf", List.of(new Address(owner)), List.of(new TypeReference<Uint256>() {}));
    return (BigInteger) ethCall(contract, f).getValue();
  }

  /** Calldata of ERC-20 {@code transfer(address,uint256)}. */
  static String erc20Transfer(String to, BigInteger units) {
    return FunctionEncoder.encode(
        new Function("transfer", List.of(new Address(to), new Uint256(units)), List.of()));
  }

  private Type<?> ethCall(String contract, Function f) {
    Transaction tx =
        Transaction.createEthCallTransaction(null, contract, FunctionEncoder.encode(f));
    String out =
        call("eth_call " + f.getName(), web3j.ethCall(tx, DefaultBlockParameterName.LATEST))
            .getValue();
    @SuppressWarnings("rawtypes")
    List<Type> values = FunctionReturnDecoder.decode(out, f.getOutputParameters());
    if (values.isEmpty()) {
      throw new IllegalStateException(
          "evm node "
              + node
              + ": "
              + f.getName()
              + "() on "
              + contract
              + " returned nothing; is it an ERC-20 contract?");
    }
    return values.get(0);
  }

  private <T extends Response<?>> T call(String what, Request<?, T> request) {
    T r = send(what, request);
    if (r.hasError()) {
      throw new IllegalStateException(
          "evm node " + node + ": " + what + " failed: " + r.getError().getMessage());
    }
    return r;
  }

  private <T extends Response<?>> T send(String what, Request<?, T> request) {
    try {
      return request.send();
    } catch (IOException e) {
      throw new IllegalStateException("evm node " + node + ": " + what + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
