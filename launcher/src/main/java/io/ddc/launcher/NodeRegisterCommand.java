package io.ddc.launcher;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.client.chain.Cere;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.edge.NodeOptions;
import java.math.BigInteger;
import java.net.URI;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddc node register}: puts this node on chain from its own configuration (the environment of
 * {@code ddc node}): creates it with its host, ports and mode, bonds the provider's stake for it,
 * declares it as storage for CLUSTER_ID and, given the cluster manager's key, adds it to the
 * cluster. Idempotent: a node already on chain, bonded and in the cluster prints {@code already
 * registered}.
 */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
      "Register this node on chain (create, bond, store, add to the cluster) from its configuration:",
      "BLOCKCHAIN_URL, PEER_SECRET_PHRASE (the node key), CLUSTER_ID, HOST, HTTP_PORT, GRPC_PORT, P2P_PORT, MODE."
    },
    footer = {
      "",
      "Example (devnet accounts):",
      "  BLOCKCHAIN_URL=ws://127.0.0.1:9944 PEER_SECRET_PHRASE=//my-node \\",
      "    ./ddc node register --bond 200CERE --provider //Charlie --manager //Alice"
    })
final class NodeRegisterCommand implements Callable<Integer> {

  @Option(
      names = "--bond",
      required = true,
      paramLabel = "AMOUNT",
      description =
          "Stake to bond: planck (the smallest unit, 10^-10 CERE), or CERE with a suffix, e.g. 200CERE.")
  String bond;

  @Option(
      names = "--provider",
      paramLabel = "SURI",
      description =
          "The provider (stash and controller) account's secret URI (default: env PROVIDER_SECRET_PHRASE).")
  String provider;

  @Option(
      names = "--manager",
      paramLabel = "SURI",
      description =
          "The cluster manager's secret URI, to add the node to the cluster (default: env CLUSTER_MANAGER_SECRET_PHRASE).")
  String manager;

  /** Where the node's configuration and the default keys come from (the process environment). */
  java.util.Map<String, String> env = System.getenv();

  /** Where progress lines go. */
  java.io.PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    NodeOptions o = NodeOptions.fromEnvironment(env);
    if (o.blockchainUrl() == null) {
      throw new IllegalArgumentException(
          "BLOCKCHAIN_URL is not set: registration needs the chain's WebSocket URL");
    }
    if (o.peerSecretPhrase() == null) {
      throw new IllegalArgumentException(
          "PEER_SECRET_PHRASE is not set: it is the node's key on chain");
    }
    String providerUri = provider != null ? provider : env.get("PROVIDER_SECRET_PHRASE");
    if (providerUri == null) {
      throw new IllegalArgumentException(
          "no provider account: give --provider SURI or PROVIDER_SECRET_PHRASE");
    }
    String managerUri = manager != null ? manager : env.get("CLUSTER_MANAGER_SECRET_PHRASE");
    byte[] nodeKey = Keys.fromUri(o.peerSecretPhrase(), KeyScheme.ED25519).publicKey();
    byte[] cluster =
        HexFormat.of()
            .parseHex(o.clusterId().startsWith("0x") ? o.clusterId().substring(2) : o.clusterId());
    Signer stash = Signer.of(Keys.fromUri(providerUri, KeyScheme.SR25519));
    BigInteger planck = Cere.parse(bond, "--bond");
    String node = "0x" + HexFormat.of().formatHex(nodeKey);

    try (SubstrateClient client =
        SubstrateClient.connect(
                null, new ChainClientOptions().setUri(URI.create(o.blockchainUrl())))
            .get(2, TimeUnit.MINUTES)) {
      DdcChain ddc = new DdcChain(client);
      var existing = ddc.node(nodeKey).join();
      if (existing.isPresent() && java.util.Arrays.equals(existing.get().clusterId(), cluster)) {
        out.println("already registered: node " + node + " in cluster " + o.clusterId());
        return 0;
      }
      if (existing.isEmpty()) {
        ddc.createNode(
                stash,
                nodeKey,
                new DdcChain.NodeParams(
                    DdcChain.NodeMode.valueOf(o.mode().name()),
                    o.host(),
                    "",
                    false,
                    o.httpPort(),
                    o.grpcPort(),
                    o.p2pPort()))
            .join();
        out.println("created node " + node + " (" + o.mode().sdkName() + ", " + o.host() + ")");
      }
      ClusterCommand.tolerate(
          () -> ddc.bond(stash, stash.accountId(), nodeKey, planck).join(),
          "AlreadyBonded",
          "AlreadyPaired");
      out.println("bonded " + Cere.format(planck));
      ddc.store(stash, cluster).join();
      out.println("declared as storage for cluster " + o.clusterId());
      if (managerUri == null) {
        out.println(
            "not yet in the cluster: the cluster manager adds it (DdcClusters.add_node) or run again with --manager");
        return 0;
      }
      ddc.addNode(Signer.of(Keys.fromUri(managerUri, KeyScheme.SR25519)), cluster, nodeKey, false)
          .join();
      out.println("added to cluster " + o.clusterId());
      return 0;
    }
  }
}
