package io.streamrp2p.ledger.payout.evm;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * A ganache chain for tests, on a free loopback port, chain id 1337, mining a block per
 * transaction. ganache and solc-js come from the npm registry, installed once into a cache folder
 * ({@code ~/.cache/streamrp2p/npm-<versions>}, or {@code STREAMRP2P_NPM_CACHE}) and reused by later
 * runs. Its first deterministic account (1000 ether, unlocked) funds and deploys.
 */
final class EvmTestChain implements AutoCloseable {
  static final long CHAIN_ID = 1337;
  static final String GANACHE = "ganache@7.9.2";
  static final String SOLC = "solc@0.8.28";

  /** npm install of ganache (about 190 MB, 15 s here) on a slow mirror; beyond, it is stuck. */
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  /** ganache starts in about 3 s on 2 cores; 60 s covers a loaded CI machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI url;
  private final Web3j web3j;
  private final HttpService http;
  private final String funder;

  private EvmTestChain(Process process, URI url) {
    this.process = process;
    this.url = url;
    this.http = new HttpService(url.toString());
    this.web3j = Web3j.build(http);
    this.funder = call(web3j.ethAccounts()).getAccounts().get(0);
  }

  /** Installs ganache if missing, starts it, and waits until it answers eth_chainId. */
  static EvmTestChain start() throws IOException {
    Path modules = npmModules();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path logFile = Path.of("target", "ganache-" + port + ".log").toAbsolutePath();
    Files.createDirectories(logFile.getParent());
    Process p =
        new ProcessBuilder(
                "node",
                modules.resolve("ganache/dist/node/cli.js").toString(),
                "--server.host",
                "127.0.0.1",
                "--server.port",
                Integer.toString(port),
                "--chain.chainId",
                Long.toString(CHAIN_ID),
                "--wallet.deterministic",
                "--miner.blockTime",
                "0")
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    URI url = URI.create("http://127.0.0.1:" + port);
    try {
      await("ganache answering on " + url + " (log " + logFile + ")")
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new AssertionError("ganache exited: " + Files.readString(logFile));
                }
                return chainIdOf(url) == CHAIN_ID;
              });
      return new EvmTestChain(p, url);
    } catch (RuntimeException | Error e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private static long chainIdOf(URI url) throws IOException {
    Web3j w = Web3j.build(new HttpService(url.toString()));
    try {
      return w.ethChainId().send().getChainId().longValueExact();
    } finally {
      w.shutdown();
    }
  }

  URI url() {
    return url;
  }

  /** The node_modules folder holding ganache and solc, installed on first use. */
  static Path npmModules() throws IOException {
    String override = System.getenv("STREAMRP2P_NPM_CACHE");
    Path base =
        override != null && !override.isBlank()
            ? Path.of(override)
            : Path.of(System.getProperty("user.home"), ".cache", "streamrp2p");
    String tag = (GANACHE + "-" + SOLC).replace('@', '-');
    Path prefix = base.resolve("npm-" + tag);
    Path modules = prefix.resolve("node_modules");
    if (Files.isRegularFile(modules.resolve("ganache/dist/node/cli.js"))
        && Files.isRegularFile(modules.resolve("solc/package.json"))) {
      return modules;
    }
    // Install next to the cache and move it in whole, so a run that stops halfway leaves no
    // half-installed cache behind and two parallel runs do not mix their files.
    Files.createDirectories(base);
    Path staging = Files.createTempDirectory(base, "npm-install-");
    run(
        List.of(
            "npm",
            "install",
            "--prefix",
            staging.toString(),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            GANACHE,
            SOLC),
        INSTALL_TIMEOUT);
    try {
      Files.move(staging, prefix, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException e) {
      deleteTree(staging); // another run installed it first
    } catch (IOException e) {
      if (!Files.isDirectory(modules)) {
        throw e;
      }
      deleteTree(staging);
    }
    return modules;
  }

  /** Creation bytecode of {@code contract} in test resource {@code evm/<contract>.sol}, cached. */
  static String compile(String contract) throws IOException {
    Path modules = npmModules();
    Path source = resource("evm/" + contract + ".sol");
    Path script = resource("evm/compile.js");
    String key = sha256(Files.readAllBytes(source)) + "-" + SOLC.replace('@', '-');
    Path cached = modules.getParent().resolve("compiled").resolve(contract + "-" + key + ".hex");
    if (Files.isRegularFile(cached)) {
      return Files.readString(cached).strip();
    }
    ProcessBuilder pb = new ProcessBuilder("node", script.toString(), source.toString(), contract);
    pb.environment().put("NODE_PATH", modules.toString());
    String hex = run(pb, Duration.ofMinutes(2)).strip();
    Files.createDirectories(cached.getParent());
    Path tmp = Files.createTempFile(cached.getParent(), contract, ".tmp");
    Files.writeString(tmp, hex);
    Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return hex;
  }

  /** Sends {@code wei} from the funded account; returns once mined. */
  void fund(String address, BigInteger wei) {
    sendFromFunder(Transaction.createEtherTransaction(funder, null, null, null, address, wei));
  }

  /** Deploys the test token with {@code decimals}; returns its address. */
  String deployToken(int decimals) throws IOException {
    String code =
        compile("TestToken") + FunctionEncoder.encodeConstructor(List.of(new Uint8(decimals)));
    Transaction tx =
        Transaction.createContractTransaction(
            funder, null, null, BigInteger.valueOf(3_000_000), BigInteger.ZERO, "0x" + code);
    return sendFromFunder(tx).getContractAddress();
  }

  void mint(String token, String to, BigInteger units) {
    String data =
        FunctionEncoder.encode(
            new Function("mint", List.of(new Address(to), new Uint256(units)), List.of()));
    sendFromFunder(
        Transaction.createFunctionCallTransaction(
            funder, null, null, BigInteger.valueOf(200_000), token, data));
  }

  /** Burns {@code units} of {@code from}'s test tokens (the test token lets anyone do so). */
  void burn(String token, String from, BigInteger units) {
    String data =
        FunctionEncoder.encode(
            new Function("burn", List.of(new Address(from), new Uint256(units)), List.of()));
    sendFromFunder(
        Transaction.createFunctionCallTransaction(
            funder, null, null, BigInteger.valueOf(200_000), token, data));
  }

  /** Sends a transaction signed elsewhere; returns its hash once mined. */
  String sendRaw(String rawTx) {
    EthSendTransaction sent = call(web3j.ethSendRawTransaction(rawTx));
    return sent.getTransactionHash();
  }

  BigInteger tokenBalance(String token, String owner) {
    String data =
        FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner)), List.of()));
    String out =
        call(web3j.ethCall(
                Transaction.createEthCallTransaction(null, token, data),
                DefaultBlockParameterName.LATEST))
            .getValue();
    return new BigInteger(out.substring(2), 16);
  }

  BigInteger balance(String address) {
    return call(web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST)).getBalance();
  }

  /** Transactions {@code address} has sent that are mined. */
  long nonce(String address) {
    return call(web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST))
        .getTransactionCount()
        .longValueExact();
  }

  long blockNumber() {
    return call(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
  }

  /** Mines {@code blocks} empty blocks (ganache's evm_mine), for confirmations. */
  void mine(int blocks) {
    for (int i = 0; i < blocks; i++) {
      call(new Request<>("evm_mine", List.of(), http, MineResponse.class));
    }
  }

  /** Response of evm_mine: "0x0". */
  public static final class MineResponse extends Response<String> {}

  private TransactionReceipt sendFromFunder(Transaction tx) {
    EthSendTransaction sent = call(web3j.ethSendTransaction(tx));
    TransactionReceipt r =
        call(web3j.ethGetTransactionReceipt(sent.getTransactionHash()))
            .getTransactionReceipt()
            .orElseThrow(() -> new AssertionError("instamine left no receipt"));
    if (!r.isStatusOK()) {
      throw new AssertionError("funder transaction reverted: " + r);
    }
    return r;
  }

  private static <T extends Response<?>> T call(Request<?, T> request) {
    try {
      T r = request.send();
      if (r.hasError()) {
        throw new AssertionError(request.getMethod() + ": " + r.getError().getMessage());
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(EvmTestChain.class.getClassLoader().getResource(name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(List<String> command, Duration timeout) throws IOException {
    return run(new ProcessBuilder(command), timeout);
  }

  /** Runs a command to its end within {@code timeout}; returns stdout, fails on exit != 0. */
  private static String run(ProcessBuilder pb, Duration timeout) throws IOException {
    File err = File.createTempFile("evm-test-", ".err");
    try {
      Process p = pb.redirectError(err).start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(pb.command() + " did not finish in " + timeout);
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            pb.command() + " exited " + p.exitValue() + ": " + Files.readString(err.toPath()));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + pb.command(), e);
    } finally {
      Files.deleteIfExists(err.toPath());
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Stops ganache: SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    web3j.shutdown();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
