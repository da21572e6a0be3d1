package io.streamrp2p;

import io.streamrp2p.media.CommonPool;
import io.streamrp2p.node.NodeCommand;
import io.streamrp2p.tools.LoadCommand;
import io.streamrp2p.tools.PublishCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one executable: {@code streamrp2p hub} and {@code node}; {@code audit}; {@code publish} and
 * {@code load}, the test and benchmark clients.
 */
@Command(
    name = "streamrp2p",
    mixinStandardHelpOptions = true,
    version = "streamrp2p 0.1.0",
    description = "Live streaming with friend-powered relays.",
    subcommands = {
      HubCommand.class,
      NodeCommand.class,
      AuditCommand.class,
      PublishCommand.class,
      LoadCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    CommonPool.atLeastTwo();
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
