package io.streamrp2p.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamrp2p node}: runs a friend node. The first run registers it with a creator's invite
 * and keeps its identity in {@code DATA_DIR/node.json} (mode 0600); later runs need only the data
 * directory. The node's own executable ({@link NodeMain}, {@code streamrp2p-node.jar}) runs this
 * command alone; the launcher's {@code streamrp2p node} is the same command.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a friend node: relay a creator's streams to viewers the hub sends.")
public final class NodeCommand implements Callable<Integer> {
  @Option(names = "--data-dir", description = "Where node.json is kept (default: data/node).")
  Path dataDir = Path.of("data", "node");

  @Option(names = "--hub", description = "Hub URLs, comma-separated (first run).")
  String hubs;

  @Option(names = "--invite", description = "The invite code a creator gave you (first run).")
  String invite;

  @Option(
      names = "--public-url",
      description = "Where viewers reach this node's HTTP port (default: http://127.0.0.1:PORT).")
  String publicUrl;

  @Option(names = "--capacity-mbps", description = "Upload you lend, Mbit/s (default: 20).")
  int capacityMbps = 20;

  @Option(names = "--http-port", description = "HTTP port for viewers (default: 8090).")
  int httpPort = 8090;

  @Option(names = "--rtmp-port", description = "RTMP port for viewers (default: 1936).")
  int rtmpPort = 1936;

  @Option(
      names = "--http-interface",
      description = "Address of the HTTP port (default: 127.0.0.1).")
  String httpInterface = "127.0.0.1";

  @Option(
      names = "--rtmp-interface",
      description = "Address of the RTMP port (default: 127.0.0.1).")
  String rtmpInterface = "127.0.0.1";

  @Option(names = "--register-only", description = "Register, save node.json and exit.")
  boolean registerOnly;

  @Option(
      names = {"-c", "--config"},
      description = "HOCON file overriding the defaults.")
  File configFile;

  @Override
  public Integer call() {
    NodeIdentity id;
    try {
      Optional<NodeIdentity> saved = NodeIdentityFile.load(dataDir);
      if (saved.isPresent()) {
        id = saved.get();
        if (registerOnly) {
          System.out.println("already registered as node " + id.nodeId() + " of " + id.owner());
          return 0;
        }
      } else if (hubs == null || invite == null) {
        System.err.println(
            "node: not registered yet in " + dataDir + "; the first run needs --hub and --invite");
        return 2;
      } else {
        id = NodeRegistration.register(request());
        NodeIdentityFile.save(dataDir, id);
        System.out.println(
            "registered as node "
                + id.nodeId()
                + " of "
                + id.owner()
                + "; identity in "
                + NodeIdentityFile.in(dataDir));
        if (registerOnly) {
          return 0;
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("node: " + e.getMessage());
      return 2;
    } catch (NodeRegistration.RefusedException | IOException e) {
      System.err.println("node: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    return run(id);
  }

  private NodeRegistration.Request request() {
    List<String> list =
        Arrays.stream(hubs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    String url = publicUrl != null ? publicUrl : "http://127.0.0.1:" + httpPort;
    return new NodeRegistration.Request(
        list, invite, url, capacityMbps, httpInterface, httpPort, rtmpInterface, rtmpPort);
  }

  private int run(NodeIdentity id) {
    Config config =
        NodeConfigLoader.load(
            configFile == null ? ConfigFactory.empty() : ConfigFactory.parseFile(configFile));
    NodeConfig nodeConfig;
    try {
      nodeConfig = NodeConfig.from(config, id);
    } catch (RuntimeException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      return 2;
    }
    ActorSystem system = ActorSystem.create("streamrp2p-node", config);
    FriendNode node;
    try {
      node = FriendNode.start(system, id, nodeConfig);
    } catch (RuntimeException e) {
      System.err.println("cannot start the node: " + e.getMessage());
      system.terminate();
      return 1;
    }
    System.out.println(
        "StreamrP2P node "
            + id.nodeId()
            + " of "
            + id.owner()
            + " serves viewers at "
            + id.publicUrl()
            + " (HTTP "
            + node.httpAddress()
            + ", RTMP "
            + node.rtmpAddress()
            + "); hubs "
            + String.join(", ", id.hubs()));
    system.registerOnTermination(node::close);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "node-shutdown"));
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
