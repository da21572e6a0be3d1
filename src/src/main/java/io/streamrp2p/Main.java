package io.streamrp2p;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable: {@code streamrp2p hub}, and later {@code node} and {@code audit}. */
@Command(
    name = "streamrp2p",
    mixinStandardHelpOptions = true,
    version = "streamrp2p 0.1.0",
    description = "Live streaming with friend-powered relays.",
    subcommands = {HubCommand.class, AuditCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
