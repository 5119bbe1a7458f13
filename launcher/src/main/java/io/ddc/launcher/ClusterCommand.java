package io.ddc.launcher;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.ExtrinsicFailedException;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.client.chain.Cere;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ddc cluster create|show|remove-node}: what a cluster manager does on chain. {@code create}
 * creates the cluster with its redundancy, node bond and prices and bonds it from the reserve
 * account; {@code show} prints the cluster and its nodes; {@code remove-node} takes a node out.
 * Every command reaches the chain at {@code --chain}, else {@code BLOCKCHAIN_URL}, else {@value
 * #DEFAULT_CHAIN}.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "Create, inspect and manage a DDC cluster on chain (the cluster manager's commands).",
    subcommands = {
      ClusterCommand.Create.class,
      ClusterCommand.Show.class,
      ClusterCommand.RemoveNode.class
    })
final class ClusterCommand {
  static final String DEFAULT_CHAIN = "ws://127.0.0.1:9944";
  private static final long CHAIN_TIMEOUT_MINUTES = 2;

  /** The chain option every subcommand shares. */
  static final class ChainUrl {
    @Option(
        names = "--chain",
        paramLabel = "URL",
        description =
            "The chain's JSON-RPC WebSocket (default: env BLOCKCHAIN_URL, else "
                + DEFAULT_CHAIN
                + ").")
    String chain;

    /** Where BLOCKCHAIN_URL is read from; replaced in tests. */
    java.util.Map<String, String> env = System.getenv();

    SubstrateClient connect() throws Exception {
      String url = chain != null ? chain : env.getOrDefault("BLOCKCHAIN_URL", DEFAULT_CHAIN);
      try {
        return SubstrateClient.connect(null, new ChainClientOptions().setUri(URI.create(url)))
            .get(CHAIN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(
            "no chain at " + url + "; start one (./ddc chain --dev) or give --chain ws://host:port",
            e);
      }
    }
  }

  /** {@code 0x} + 40 hex digits → 20 bytes, with a sentence naming the mistake otherwise. */
  static byte[] clusterId(String text) {
    String t = text.startsWith("0x") ? text.substring(2) : text;
    if (t.length() != 40) {
      throw new IllegalArgumentException(
          "a cluster id is 0x followed by 40 hex digits, '" + text + "' given");
    }
    try {
      return HexFormat.of().parseHex(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a cluster id is 0x followed by 40 hex digits, '" + text + "' given", e);
    }
  }

  static String hex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }

  /** A percentage ({@code 2.5%} or {@code 2.5}) as Perquintill parts (10^18 = 100 %). */
  static long share(String text) {
    String t = text.trim();
    if (t.endsWith("%")) {
      t = t.substring(0, t.length() - 1).trim();
    }
    try {
      java.math.BigDecimal p = new java.math.BigDecimal(t);
      if (p.signum() < 0 || p.compareTo(java.math.BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException("a share is between 0% and 100%, '" + text + "' given");
      }
      return p.movePointRight(16).toBigInteger().longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("a share is a percentage like 2.5%, '" + text + "' given");
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a cluster and bond it from the reserve account (ClusterBondingAmount, 100 000 CERE on Cere).",
        "Idempotent: a cluster that exists with the same manager prints 'already exists'."
      },
      footer = {
        "",
        "Example (dev chain accounts):",
        "  ./ddc cluster create 0x0000000000000000000000000000000000000001 \\",
        "    --manager //Alice --reserve //Bob --replication 3 --node-bond 100CERE"
      })
  static final class Create implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Cluster id: 0x + 40 hex digits.")
    String id;

    @Option(
        names = "--manager",
        required = true,
        paramLabel = "SURI",
        description = "The cluster manager's secret URI (sr25519).")
    String manager;

    @Option(
        names = "--reserve",
        paramLabel = "SURI",
        description = "The reserve account that bonds the cluster (default: the manager).")
    String reserve;

    @Option(
        names = "--replication",
        defaultValue = "3",
        description = "Copies of every piece (replication_total), default ${DEFAULT-VALUE}.")
    int replication;

    @Option(
        names = "--erasure",
        defaultValue = "2/3",
        paramLabel = "K/N",
        description = "Reed–Solomon: K of N shards reconstruct a piece, default ${DEFAULT-VALUE}.")
    String erasure;

    @Option(
        names = "--node-bond",
        defaultValue = "100CERE",
        paramLabel = "AMOUNT",
        description =
            "Stake a storage node bonds to join (planck or CERE suffix), default ${DEFAULT-VALUE}.")
    String nodeBond;

    @Option(
        names = "--chill-delay",
        defaultValue = "10",
        paramLabel = "BLOCKS",
        description =
            "Blocks between a node's chill request and its leaving, default ${DEFAULT-VALUE}.")
    long chillDelay;

    @Option(
        names = "--unbonding-delay",
        defaultValue = "10",
        paramLabel = "BLOCKS",
        description = "Blocks before unbonded stake can be withdrawn, default ${DEFAULT-VALUE}.")
    long unbondingDelay;

    @Option(
        names = "--price-stored-mb",
        defaultValue = "0",
        paramLabel = "PLANCK",
        description = "Price per MiB stored for a month, default ${DEFAULT-VALUE}.")
    BigInteger priceStored;

    @Option(
        names = "--price-streamed-mb",
        defaultValue = "0",
        paramLabel = "PLANCK",
        description = "Price per MiB streamed, default ${DEFAULT-VALUE}.")
    BigInteger priceStreamed;

    @Option(
        names = "--price-put",
        defaultValue = "0",
        paramLabel = "PLANCK",
        description = "Price per put request, default ${DEFAULT-VALUE}.")
    BigInteger pricePut;

    @Option(
        names = "--price-get",
        defaultValue = "0",
        paramLabel = "PLANCK",
        description = "Price per get request, default ${DEFAULT-VALUE}.")
    BigInteger priceGet;

    @Option(
        names = "--treasury-share",
        defaultValue = "0%",
        description = "Share of charges for the treasury, default ${DEFAULT-VALUE}.")
    String treasuryShare;

    @Option(
        names = "--validators-share",
        defaultValue = "0%",
        description = "Share of charges for the validators, default ${DEFAULT-VALUE}.")
    String validatorsShare;

    @Option(
        names = "--reserve-share",
        defaultValue = "0%",
        description = "Share of charges for the cluster reserve, default ${DEFAULT-VALUE}.")
    String reserveShare;

    @Mixin ChainUrl chain = new ChainUrl();
    @Mixin Output output = new Output();
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] cluster = clusterId(id);
      String[] kn = erasure.split("/");
      if (kn.length != 2) {
        throw new IllegalArgumentException("--erasure is K/N, e.g. 2/3; '" + erasure + "' given");
      }
      int k = Integer.parseInt(kn[0].trim());
      int n = Integer.parseInt(kn[1].trim());
      if (k < 1 || n < k || replication < 1) {
        throw new IllegalArgumentException(
            "redundancy needs 1 <= K <= N and --replication >= 1; got "
                + erasure
                + " and "
                + replication);
      }
      Signer managerKey = Signer.of(Keys.fromUri(manager, KeyScheme.SR25519));
      Signer reserveKey =
          reserve == null ? managerKey : Signer.of(Keys.fromUri(reserve, KeyScheme.SR25519));
      DdcChain.ProtocolParams params =
          new DdcChain.ProtocolParams(
              share(treasuryShare),
              share(validatorsShare),
              share(reserveShare),
              Cere.parse(nodeBond, "--node-bond"),
              chillDelay,
              unbondingDelay,
              priceStored,
              priceStreamed,
              pricePut,
              priceGet);
      PrintWriter out = spec.commandLine().getOut();
      try (SubstrateClient client = chain.connect()) {
        DdcChain ddc = new DdcChain(client);
        Optional<DdcChain.Cluster> existing = ddc.cluster(cluster).join();
        String state;
        if (existing.isPresent()) {
          if (!java.util.Arrays.equals(existing.get().manager(), managerKey.accountId())) {
            throw new IllegalStateException(
                "cluster " + hex(cluster) + " exists with another manager");
          }
          state = "already exists";
        } else {
          ddc.createCluster(managerKey, cluster, reserveKey.accountId(), k, n, replication, params)
              .join();
          state = "created";
        }
        boolean bonded =
            tolerate(() -> ddc.bondCluster(reserveKey, cluster).join(), "AlreadyBonded");
        DdcChain.Cluster now = ddc.cluster(cluster).join().orElseThrow();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cluster", hex(cluster));
        r.put("result", state);
        r.put("bonded_now", bonded);
        r.put("status", now.status());
        r.put("manager", hex(now.manager()));
        r.put("reserve", hex(now.reserve()));
        output.print(
            out,
            r,
            "cluster "
                + hex(cluster)
                + " "
                + state
                + (bonded ? ", bonded" : "")
                + " ("
                + now.status()
                + ")");
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print a cluster (status, manager, reserve) and its nodes with their addresses.")
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Cluster id: 0x + 40 hex digits.")
    String id;

    @Mixin ChainUrl chain = new ChainUrl();
    @Mixin Output output = new Output();
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] cluster = clusterId(id);
      PrintWriter out = spec.commandLine().getOut();
      try (SubstrateClient client = chain.connect()) {
        DdcChain ddc = new DdcChain(client);
        DdcChain.Cluster c =
            ddc.cluster(cluster)
                .join()
                .orElseThrow(
                    () -> new IllegalArgumentException("no cluster " + hex(cluster) + " on chain"));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (DdcChain.StorageNode n : ddc.nodesOfCluster(cluster).join()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("node", hex(n.pubKey()));
          m.put("provider", hex(n.provider()));
          m.put("mode", n.params().mode().name().toLowerCase(java.util.Locale.ROOT));
          m.put("host", n.params().host());
          m.put("http_port", n.params().httpPort());
          m.put("grpc_port", n.params().grpcPort());
          m.put("p2p_port", n.params().p2pPort());
          nodes.add(m);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cluster", hex(cluster));
        r.put("status", c.status());
        r.put("manager", hex(c.manager()));
        r.put("reserve", hex(c.reserve()));
        r.put("nodes", nodes);
        if (output.json) {
          output.print(out, r, null);
        } else {
          r.put("nodes", nodes.size());
          output.print(out, r, null);
          if (!nodes.isEmpty()) {
            out.println();
            output.printRows(out, nodes, "");
          }
        }
      }
      return 0;
    }
  }

  @Command(
      name = "remove-node",
      mixinStandardHelpOptions = true,
      description = "Take a node out of the cluster as its manager (DdcClusters.remove_node).")
  static final class RemoveNode implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Cluster id: 0x + 40 hex digits.")
    String id;

    @Parameters(index = "1", paramLabel = "NODE", description = "Node key: 0x + 64 hex digits.")
    String node;

    @Option(
        names = "--manager",
        required = true,
        paramLabel = "SURI",
        description = "The cluster manager's secret URI.")
    String manager;

    @Mixin ChainUrl chain = new ChainUrl();
    @Mixin Output output = new Output();
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] cluster = clusterId(id);
      String t = node.startsWith("0x") ? node.substring(2) : node;
      if (t.length() != 64) {
        throw new IllegalArgumentException(
            "a node key is 0x followed by 64 hex digits, '" + node + "' given");
      }
      byte[] key = HexFormat.of().parseHex(t);
      try (SubstrateClient client = chain.connect()) {
        DdcChain ddc = new DdcChain(client);
        boolean removed =
            tolerate(
                () ->
                    ddc.removeNode(
                            Signer.of(Keys.fromUri(manager, KeyScheme.SR25519)), cluster, key)
                        .join(),
                "AttemptToRemoveNotAssignedNode");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cluster", hex(cluster));
        r.put("node", hex(key));
        r.put("result", removed ? "removed" : "not in the cluster");
        output.print(
            spec.commandLine().getOut(),
            r,
            removed
                ? "node " + hex(key) + " removed from cluster " + hex(cluster)
                : "node " + hex(key) + " is not in cluster " + hex(cluster));
      }
      return 0;
    }
  }

  /**
   * Runs {@code step}; true when it ran, false when the chain refused it with one of {@code benign}
   * (it was done before).
   */
  static boolean tolerate(Runnable step, String... benign) {
    try {
      step.run();
      return true;
    } catch (CompletionException e) {
      if (e.getCause() instanceof ExtrinsicFailedException f) {
        for (String b : benign) {
          if (b.equals(f.error())) { // the error's name, not its message: that carries the doc
            return false;
          }
        }
      }
      throw e;
    }
  }
}
