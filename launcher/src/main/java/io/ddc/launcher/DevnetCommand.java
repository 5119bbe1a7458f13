package io.ddc.launcher;

import io.ddc.edge.NetworkTransport;
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
      "  ./ddc devnet --nodes 3 --no-chain     three chain-less nodes",
      "  ./ddc devnet --era 30s                eras (billing periods) of 30 s, paid by 3 validators"
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
      names = "--chain",
      paramLabel = "WS_URL",
      description =
          "Use a running chain (ws://…) instead of the embedded dev chain; it must have the dev accounts.")
  String chainUrl;

  @Option(
      names = "--era",
      paramLabel = "DURATION",
      description = "Activity era of every node, the unit of billing and payouts (e.g. 30s, 2m).")
  String era = "2m";

  @Option(
      names = "--validators",
      paramLabel = "N",
      description = "Validators to run (keys //Validator1..N); 0 for none. Needs the chain.")
  int validators = Devnet.Options.DEFAULT_VALIDATORS;

  @Option(
      names = "--no-chain",
      description = "Chain-less devnet: nodes use a static bucket registry.")
  boolean noChain;

  @Option(
      names = "--network-transport",
      paramLabel = "auto|io_uring|epoll|nio",
      description =
          "Socket transport of the nodes: nio (the default, or $NETWORK_TRANSPORT), io_uring, epoll,"
              + " or auto = io_uring where the kernel allows it, else nio.")
  String transport = System.getenv().getOrDefault("NETWORK_TRANSPORT", "nio");

  @Override
  public Integer call() throws Exception {
    if (chainUrl != null && noChain) {
      throw new IllegalArgumentException("--chain and --no-chain exclude each other");
    }
    if (nodes < 1 || nodes > 64) {
      throw new IllegalArgumentException("--nodes must be between 1 and 64, " + nodes + " given");
    }
    if (validators < 0 || validators > 16) {
      throw new IllegalArgumentException(
          "--validators must be between 0 and 16, " + validators + " given");
    }
    java.time.Duration eraLength = ValidatorCommand.duration("--era", era);
    if (eraLength.toSeconds() < 1) {
      throw new IllegalArgumentException("--era must be at least 1s, " + era + " given");
    }
    Devnet.Options o =
        new Devnet.Options(
            dataDir.toAbsolutePath(),
            nodes,
            httpPort,
            grpcPort,
            chainPort,
            !noChain,
            chainUrl,
            eraLength,
            validators,
            new io.ddc.validator.ValidatorOptions()
                .pollInterval(java.time.Duration.ofSeconds(2))
                .payoutFallback(eraLength),
            null,
            NetworkTransport.parse(transport));
    Devnet devnet = Devnet.start(o, line -> System.out.println(line));
    Shutdown shutdown = new Shutdown(devnet::close);
    System.out.print(
        summary(DevnetDescriptor.read(devnet.descriptorFile()), devnet.descriptorFile()));
    System.out.flush();
    shutdown.await();
    return 0;
  }

  /** The one-screen summary printed when the devnet is ready. */
  static String summary(DevnetDescriptor d, java.nio.file.Path file) {
    StringBuilder sb = new StringBuilder();
    sb.append("\ndevnet ready — ").append(file).append('\n');
    sb.append("  chain     ")
        .append(d.chain() == null ? "(none: static buckets)" : d.chain())
        .append('\n');
    sb.append("  cluster   ").append(d.clusterId()).append('\n');
    for (DevnetDescriptor.Node n : d.nodes()) {
      sb.append("  node      ")
          .append(n.mode())
          .append("  ")
          .append(n.grpcUrl())
          .append("  ")
          .append(n.httpUrl())
          .append('\n');
    }
    for (DevnetDescriptor.Account a : d.accounts()) {
      if (a.name().startsWith("validator-")) {
        sb.append("  validator ").append(a.address()).append("  ").append(a.uri()).append('\n');
      }
    }
    for (DevnetDescriptor.Bucket b : d.buckets()) {
      sb.append("  bucket    ")
          .append(b.id())
          .append(b.isPublic() ? " public " : " private")
          .append("  owner ")
          .append(b.owner())
          .append('\n');
    }
    String http = d.nodes().get(0).httpUrl();
    // the commands look for devnet-data/devnet.json in their working directory; a devnet with
    // another data directory (or started elsewhere) has to be named
    String devnet = isFoundByDefault(file) ? "" : " --devnet " + file;
    sb.append('\n')
        .append("Try (the ddc commands find this devnet and sign as its owner):\n")
        .append("  ./ddc put")
        .append(devnet)
        .append(" --bucket 1 README.md --name docs/readme\n")
        .append("  ./ddc get")
        .append(devnet)
        .append(" --bucket 1 docs/readme -o readme.copy\n")
        .append("  curl ")
        .append(http)
        .append("/1/docs/readme\n")
        .append("  ./ddc loadtest --devnet ")
        .append(file)
        .append(" --rate 100 --duration 20s\n")
        .append("Validators pay each era's usage out of the deposits once every node sealed it.\n")
        .append("Ctrl-C stops it.\n");
    return sb.toString();
  }

  /**
   * Whether a command run in this working directory finds {@code file} without {@code --devnet}.
   */
  static boolean isFoundByDefault(java.nio.file.Path file) {
    java.nio.file.Path def = AccountKey.defaultDevnetFile().toAbsolutePath().normalize();
    return def.equals(file.toAbsolutePath().normalize());
  }
}
