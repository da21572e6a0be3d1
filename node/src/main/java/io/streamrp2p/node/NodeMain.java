package io.streamrp2p.node;

import io.streamrp2p.media.CommonPool;
import picocli.CommandLine;

/**
 * The friend node's own executable, {@code java -jar streamrp2p-node.jar [options]}: the node
 * command with only what a node needs on its class path. A friend's machine loads no hub, cluster,
 * database or ledger code, which keeps the node's memory small (docs/benchmarks.md).
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) {
    CommonPool.atLeastTwo();
    System.exit(
        new CommandLine(new NodeCommand())
            .setCommandName("java -jar streamrp2p-node.jar")
            .execute(args));
  }
}
