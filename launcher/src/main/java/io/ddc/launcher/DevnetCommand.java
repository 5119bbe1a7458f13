package io.ddc.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddc devnet}: dev chain and nodes on embedded defaults, described in devnet.json. */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Start a local DDC on 127.0.0.1: the dev chain and nodes, described in DIR/devnet.json.",
      "The dev chain runs when its runtime is on the class path; buckets 1 (public) and 2 (private)"
          + " belong to the SDK's root test account. Ctrl-C or SIGTERM stops everything."
    },
    footer = {
      "",
      "Examples:",
      "  ./ddc devnet                          data in ./devnet-data, nodes on HTTP 8091.., gRPC 9091..",
      "  ./ddc devnet --nodes 3 --no-chain     three chain-less nodes"
    })
final class DevnetCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory.")
  Path dataDir = Path.of("devnet-data");

  @Option(names = "--nodes", paramLabel = "N", description = "How many nodes.")
  int nodes = Devnet.Options.DEFAULT_NODES;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "First node's HTTP port; the next nodes count up (0 = any free).")
  int httpPort = Devnet.Options.DEFAULT_HTTP_PORT;

  @Option(
      names = "--grpc-port",
      paramLabel = "PORT",
      description = "First node's gRPC port; the next nodes count up (0 = any free).")
  int grpcPort = Devnet.Options.DEFAULT_GRPC_PORT;

  @Option(
      names = "--chain-port",
      paramLabel = "PORT",
      description = "Dev chain JSON-RPC port (0 = any free).")
  int chainPort = Devnet.Options.DEFAULT_CHAIN_PORT;

  @Option(
      names = "--no-chain",
      description = "Chain-less devnet: nodes use a static bucket registry.")
  boolean noChain;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 64) {
      throw new IllegalArgumentException("--nodes must be between 1 and 64, " + nodes + " given");
    }
    Devnet.Options o =
        new Devnet.Options(
            dataDir.toAbsolutePath(), nodes, httpPort, grpcPort, chainPort, !noChain);
    Devnet devnet = Devnet.start(o, line -> System.out.println(line));
    Shutdown shutdown = new Shutdown(devnet::close);
    System.out.println("devnet ready — " + devnet.descriptorFile());
    System.out.println("Ctrl-C stops it.");
    System.out.flush();
    shutdown.await();
    return 0;
  }
}
