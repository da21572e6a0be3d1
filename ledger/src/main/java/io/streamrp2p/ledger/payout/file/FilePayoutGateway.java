package io.streamrp2p.ledger.payout.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrp2p.ledger.chain.LedgerKey;
import io.streamrp2p.ledger.payout.PayoutGateway;
import io.streamrp2p.ledger.payout.PayoutOrder;
import io.streamrp2p.ledger.payout.PayoutStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * A gateway for an operator who pays by hand or with their own tools. Orders queue in {@code
 * queue.jsonl} (one JSON order a line, fsynced before {@link #submit} completes); {@link
 * #sealBatch} moves them into {@code batch-N.json} with {@code batch-N.json.sig}, an Ed25519
 * signature of the file's bytes by the ledger key, so the operator can check that a batch came from
 * the ledger unchanged. The operator reports back in {@code batch-N.receipt}: one line per payout,
 * {@code <payoutId> CONFIRMED <reference>} or {@code <payoutId> FAILED <reason>}. All state is in
 * the directory, so a restart finds every earlier submission.
 */
public final class FilePayoutGateway implements PayoutGateway {
  /** Orders in one batch: a sheet an operator can check by hand in one sitting. */
  public static final int BATCH_ORDERS_MAX = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final LedgerKey key;

  /** payout id -> batch name ("queue" while unsealed). */
  private final Map<String, String> placed = new LinkedHashMap<>();

  public FilePayoutGateway(Path dir, LedgerKey key) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.key = key;
    for (PayoutOrder o : read(dir.resolve("queue.jsonl"))) {
      placed.put(o.payoutId(), "queue");
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path b :
          files.filter(p -> p.getFileName().toString().matches("batch-\\d+\\.json")).toList()) {
        String batch = b.getFileName().toString().replace(".json", "");
        for (PayoutOrder o : JSON.readValue(b.toFile(), PayoutOrder[].class)) {
          placed.put(o.payoutId(), batch);
        }
      }
    }
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public synchronized CompletionStage<PayoutStatus> submit(PayoutOrder order) {
    try {
      if (!placed.containsKey(order.payoutId())) {
        Path queue = dir.resolve("queue.jsonl");
        byte[] line = (JSON.writeValueAsString(order) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch =
            FileChannel.open(
                queue,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
          ch.write(java.nio.ByteBuffer.wrap(line));
          ch.force(true);
        }
        placed.put(order.payoutId(), "queue");
      }
      return CompletableFuture.completedStage(statusOf(order.payoutId()));
    } catch (IOException e) {
      return CompletableFuture.failedStage(e);
    }
  }

  @Override
  public synchronized CompletionStage<PayoutStatus> status(String payoutId) {
    try {
      return CompletableFuture.completedStage(statusOf(payoutId));
    } catch (IOException e) {
      return CompletableFuture.failedStage(e);
    }
  }

  private PayoutStatus statusOf(String payoutId) throws IOException {
    String batch = placed.get(payoutId);
    if (batch == null) {
      return new PayoutStatus.Unknown(payoutId);
    }
    Path receipt = dir.resolve(batch + ".receipt");
    if (Files.exists(receipt)) {
      for (String line : Files.readAllLines(receipt, StandardCharsets.UTF_8)) {
        String[] f = line.trim().split(" ", 3);
        if (f.length == 3 && f[0].equals(payoutId)) {
          return f[1].equals("CONFIRMED")
              ? new PayoutStatus.Confirmed(payoutId, f[2])
              : new PayoutStatus.Failed(payoutId, f[2]);
        }
      }
    }
    return new PayoutStatus.Submitted(payoutId, batch);
  }

  /** Seals the queued orders (at most {@link #BATCH_ORDERS_MAX}) into a signed batch file. */
  public synchronized Path sealBatch() throws IOException {
    Path queue = dir.resolve("queue.jsonl");
    List<PayoutOrder> queued = read(queue);
    if (queued.isEmpty()) {
      return null;
    }
    List<PayoutOrder> batch = queued.subList(0, Math.min(queued.size(), BATCH_ORDERS_MAX));
    int n = 1;
    while (Files.exists(dir.resolve("batch-" + n + ".json"))) {
      n++;
    }
    String name = "batch-" + n;
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(batch);
    Path tmp = dir.resolve(name + ".json.tmp");
    Files.write(tmp, bytes);
    Files.writeString(
        dir.resolve(name + ".json.sig"), key.sign(bytes) + "\n" + key.publicKeyBase64() + "\n");
    Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
    List<PayoutOrder> rest = new ArrayList<>(queued.subList(batch.size(), queued.size()));
    StringBuilder sb = new StringBuilder();
    for (PayoutOrder o : rest) {
      sb.append(JSON.writeValueAsString(o)).append('\n');
    }
    Files.writeString(queue, sb.toString());
    for (PayoutOrder o : batch) {
      placed.put(o.payoutId(), name);
    }
    return dir.resolve(name + ".json");
  }

  /** Whether {@code batchFile} carries a valid signature by {@code publicKeyBase64}. */
  public static boolean verifyBatch(Path batchFile, String publicKeyBase64) throws IOException {
    byte[] bytes = Files.readAllBytes(batchFile);
    String sig = Files.readAllLines(Path.of(batchFile + ".sig")).get(0);
    return LedgerKey.verify(publicKeyBase64, bytes, sig);
  }

  private static List<PayoutOrder> read(Path jsonl) throws IOException {
    List<PayoutOrder> out = new ArrayList<>();
    if (Files.exists(jsonl)) {
      for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(JSON.readValue(line, PayoutOrder.class));
        }
      }
    }
    return out;
  }
}
