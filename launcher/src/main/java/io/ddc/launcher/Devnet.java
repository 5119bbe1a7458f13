package io.ddc.launcher;

import io.ddc.chain.client.Signer;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.chain.dev.ChainRuntime;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Ss58;
import io.ddc.edge.DdcNode;
import io.ddc.edge.NetworkTransport;
import io.ddc.edge.NodeOptions;
import io.ddc.validator.Validator;
import io.ddc.validator.ValidatorOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A running devnet: the dev chain (optional) and {@code n} nodes in this process, and the {@code
 * devnet.json} that describes them. {@link #close} deletes the file first, then stops the nodes and
 * the chain.
 */
final class Devnet implements AutoCloseable {

  /** The SDK test environment's root account (node-protocol.md §11.3): owns buckets 1 and 2. */
  static final String ROOT_MNEMONIC =
      "hybrid label reunion only dawn maze asset draft cousin height flock nation";

  static final String CLUSTER_ID = "0x0000000000000000000000000000000000000001";

  /** First node's P2P port; the next nodes count up. */
  static final int DEFAULT_P2P_PORT = 9071;

  /** First node's cluster membership port; the next nodes count up. */
  static final int DEFAULT_MEMBERSHIP_PORT = 5701;

  private static int freePort() throws IOException {
    return io.ddc.cluster.Ports.reserve();
  }

  /**
   * What to start. Ports count up from the first node's; 0 means any free port for every node.
   *
   * @param dataDir devnet.json and one sub-directory per node ({@code node-1}, …) and the chain
   * @param nodes number of nodes (default 5; two or more form one cluster)
   * @param httpPort first node's HTTP port (default 8091)
   * @param grpcPort first node's gRPC port (default 9091)
   * @param chainPort dev chain port (default 9944)
   * @param chain whether to start the dev chain (needs a runtime provider on the class path)
   * @param externalChain WebSocket URL of a running chain to use instead (null: embedded)
   * @param era activity era length of every node (default 2 minutes)
   * @param validators validators to run, keys {@code //Validator1..n} (default 3; none without a
   *     chain)
   * @param validatorOptions settings of every validator (its data directory is replaced by {@code
   *     validator-i} under {@code dataDir})
   * @param nodeTweak adjusts node {@code i}'s (1-based) options before it starts (tests: fault
   *     injection); null for none
   * @param transport socket transport of the devnet's Vert.x instance, shared by its nodes (default
   *     {@link NetworkTransport#AUTO})
   */
  record Options(
      Path dataDir,
      int nodes,
      int httpPort,
      int grpcPort,
      int chainPort,
      boolean chain,
      String externalChain,
      Duration era,
      int validators,
      ValidatorOptions validatorOptions,
      BiConsumer<Integer, NodeOptions> nodeTweak,
      NetworkTransport transport) {
    /** Options with the embedded dev chain (when {@code chain}) or none. */
    Options(Path dataDir, int nodes, int httpPort, int grpcPort, int chainPort, boolean chain) {
      this(dataDir, nodes, httpPort, grpcPort, chainPort, chain, null);
    }

    /** Options with default eras and validators. */
    Options(
        Path dataDir,
        int nodes,
        int httpPort,
        int grpcPort,
        int chainPort,
        boolean chain,
        String externalChain) {
      this(
          dataDir,
          nodes,
          httpPort,
          grpcPort,
          chainPort,
          chain,
          externalChain,
          DEFAULT_ERA,
          DEFAULT_VALIDATORS,
          new ValidatorOptions().pollInterval(Duration.ofSeconds(2)),
          null,
          NetworkTransport.NIO);
    }

    static final int DEFAULT_NODES = 5;
    static final int DEFAULT_HTTP_PORT = 8091;
    static final int DEFAULT_GRPC_PORT = 9091;
    static final int DEFAULT_CHAIN_PORT = 9944;
    static final Duration DEFAULT_ERA = Duration.ofMinutes(2);
    static final int DEFAULT_VALIDATORS = 3;
  }

  /** The secret URI of validator {@code i} (1-based): a dev secret, devnets are not secret. */
  static String validatorSecret(int i) {
    return "//Validator" + i;
  }

  private final Path dataDir;
  private final Vertx vertx;
  private final List<DdcNode> nodes;
  private final DevnetChain chain;
  private final Path descriptor;
  private final List<Validator> validators;

  private Devnet(
      Path dataDir,
      Vertx vertx,
      List<DdcNode> nodes,
      DevnetChain chain,
      Path descriptor,
      List<Validator> validators) {
    this.dataDir = dataDir;
    this.vertx = vertx;
    this.nodes = nodes;
    this.chain = chain;
    this.descriptor = descriptor;
    this.validators = validators;
  }

  /** Starts everything, waits until every service is ready, then writes devnet.json. */
  static Devnet start(Options o, Consumer<String> progress) throws Exception {
    Files.createDirectories(o.dataDir());
    DevnetDescriptor.deleteIn(o.dataDir());
    KeyPair root = rootKey();
    String owner = Ss58.encode(root.publicKey(), Ss58.CERE_PREFIX);
    List<NodeOptions.StaticBucket> buckets =
        List.of(
            new NodeOptions.StaticBucket(1, owner, true),
            new NodeOptions.StaticBucket(2, owner, false));

    DevnetChain chain = null;
    if (o.externalChain() != null) {
      chain = DevnetChain.connect(o.externalChain());
      progress.accept("devnet: using the chain at " + chain.wsUrl());
    } else if (o.chain()) {
      if (!ServiceLoader.load(ChainRuntime.Provider.class).iterator().hasNext()) {
        progress.accept("devnet: no chain runtime on the class path; starting chain-less");
      } else {
        chain = DevnetChain.start(o.chainPort(), o.dataDir().resolve("chain"));
        progress.accept("devnet: dev chain " + chain.wsUrl());
      }
    }

    // Cluster ports: fixed ranges on the default ports, free ports when the caller asked for any.
    int[] membership = new int[o.nodes() + 1];
    int[] p2p = new int[o.nodes() + 1];
    for (int i = 1; i <= o.nodes(); i++) {
      membership[i] = o.httpPort() == 0 ? freePort() : DEFAULT_MEMBERSHIP_PORT + i - 1;
      p2p[i] = o.httpPort() == 0 ? freePort() : DEFAULT_P2P_PORT + i - 1;
    }
    List<KeyPair> validatorKeys = new ArrayList<>();
    List<String> validatorIds = new ArrayList<>();
    for (int i = 1; chain != null && i <= o.validators(); i++) {
      KeyPair k = Keys.fromUri(validatorSecret(i), KeyScheme.SR25519);
      validatorKeys.add(k);
      validatorIds.add("0x" + HexFormat.of().formatHex(k.publicKey()));
    }
    Vertx vertx = o.transport().createVertx();
    List<DdcNode> started = new ArrayList<>();
    List<Validator> runningValidators = new ArrayList<>();
    try {
      for (int i = 1; i <= o.nodes(); i++) {
        NodeOptions no =
            new NodeOptions()
                .peerSecretPhrase(nodeSecret(i))
                .mode(modeOf(i, o.nodes()))
                .httpPort(o.httpPort() == 0 ? 0 : o.httpPort() + i - 1)
                .grpcPort(o.grpcPort() == 0 ? 0 : o.grpcPort() + i - 1)
                .p2pPort(p2p[i])
                .dataDir(o.dataDir().resolve("node-" + i))
                .clusterId(CLUSTER_ID)
                .buckets(buckets)
                .eraDuration(o.era());
        if (chain != null) {
          no.blockchainUrl(chain.wsUrl());
          no.validators(validatorIds);
        }
        if (o.nodes() > 1) {
          // One cluster: every node knows the others' membership ports; a write is acknowledged
          // once min(3, nodes) replicas are durable (node-protocol.md §4.8).
          List<String> seeds = new ArrayList<>();
          for (int j = 1; j <= o.nodes(); j++) {
            if (j != i) {
              seeds.add("127.0.0.1:" + membership[j]);
            }
          }
          int copies = Math.min(3, o.nodes());
          no.membershipPort(membership[i]).clusterSeeds(seeds).replication(copies, copies);
        }
        if (o.nodeTweak() != null) {
          o.nodeTweak().accept(i, no);
        }
        DdcNode node =
            Futures.await(
                chain == null
                    ? DdcNode.start(vertx, no)
                    : DdcNode.start(
                        vertx,
                        no,
                        new ChainBucketRegistry(chain.ddc(), Clock.systemUTC()),
                        o.nodes() > 1 ? chain.members() : null),
                Duration.ofMinutes(2));
        started.add(node);
        progress.accept(
            "devnet: node-"
                + i
                + " http://127.0.0.1:"
                + node.httpPort()
                + " grpc://127.0.0.1:"
                + node.grpcPort());
      }
      if (chain != null && !chain.bootstrapped()) {
        List<DevnetChain.NodeRegistration> regs = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
          DdcNode n = started.get(i);
          regs.add(
              new DevnetChain.NodeRegistration(
                  Keys.fromUri(nodeSecret(i + 1), KeyScheme.ED25519).publicKey(),
                  "//ddc-provider-" + (i + 1),
                  DdcChain.NodeMode.valueOf(n.options().mode().name()),
                  n.httpPort(),
                  n.grpcPort(),
                  n.options().p2pPort()));
        }
        chain.bootstrap(root, regs, progress);
      }
      awaitCluster(started, progress);
      if (!validatorKeys.isEmpty()) {
        runningValidators.addAll(startValidators(o, vertx, chain, validatorKeys, progress));
      }
    } catch (Exception e) {
      for (Validator v : runningValidators) {
        try {
          Futures.await(v.close(), Duration.ofSeconds(30));
        } catch (Exception ignored) {
          // best effort while failing
        }
      }
      for (DdcNode n : started) {
        try {
          Futures.await(n.close(), Duration.ofSeconds(30));
        } catch (Exception ignored) {
          // best effort while failing
        }
      }
      vertx.close();
      if (chain != null) {
        chain.close();
      }
      throw e;
    }

    List<DevnetDescriptor.Account> accounts = new ArrayList<>();
    accounts.add(
        new DevnetDescriptor.Account(
            "owner",
            owner,
            "0x" + HexFormat.of().formatHex(root.publicKey()),
            "sr25519",
            ROOT_MNEMONIC));
    for (int i = 0; i < runningValidators.size(); i++) {
      KeyPair k = validatorKeys.get(i);
      accounts.add(
          new DevnetDescriptor.Account(
              "validator-" + (i + 1),
              Ss58.encode(k.publicKey(), Ss58.CERE_PREFIX),
              "0x" + HexFormat.of().formatHex(k.publicKey()),
              "sr25519",
              validatorSecret(i + 1)));
    }
    List<DevnetDescriptor.Node> nodeEntries = new ArrayList<>();
    for (DdcNode n : started) {
      nodeEntries.add(
          new DevnetDescriptor.Node(
              n.nodeId(),
              n.options().mode().sdkName(),
              "grpc://127.0.0.1:" + n.grpcPort(),
              "http://127.0.0.1:" + n.httpPort()));
    }
    DevnetDescriptor d =
        new DevnetDescriptor(
            CLUSTER_ID,
            chain == null ? null : chain.wsUrl(),
            nodeEntries,
            buckets.stream()
                .map(b -> new DevnetDescriptor.Bucket(b.id(), b.isPublic(), b.ownerSs58()))
                .toList(),
            accounts);
    Path file = d.writeTo(o.dataDir());
    return new Devnet(o.dataDir(), vertx, started, chain, file, runningValidators);
  }

  /**
   * Waits (at most 60 s) until every node sees all the others as cluster members, so that the first
   * write finds its replicas: nodes with a chain learn the member list from the chain's node list,
   * which exists only after the bootstrap.
   */
  private static void awaitCluster(List<DdcNode> nodes, Consumer<String> progress)
      throws InterruptedException {
    if (nodes.size() < 2) {
      return;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (nodes.stream().anyMatch(n -> n.clusterMembers() < nodes.size())) {
      if (System.nanoTime() > deadline) {
        progress.accept("devnet: the cluster has not formed in 60 s; writes may fail until it has");
        return;
      }
      Thread.sleep(100);
    }
    progress.accept("devnet: cluster of " + nodes.size() + " nodes formed");
  }

  /**
   * Installs {@code keys} as the chain's validator set and starts one validator per key. A chain
   * that refuses the installation (a Cere node without our Root call) gets no validators; the
   * devnet runs on.
   */
  private static List<Validator> startValidators(
      Options o, Vertx vertx, DevnetChain chain, List<KeyPair> keys, Consumer<String> progress)
      throws Exception {
    try {
      chain.installValidators(keys, progress);
    } catch (RuntimeException e) {
      progress.accept(
          "devnet: no validators: the chain refused the validator set (" + e.getMessage() + ")");
      return List.of();
    }
    List<Validator> out = new ArrayList<>();
    byte[] cluster = HexFormat.of().parseHex(CLUSTER_ID.substring(2));
    for (int i = 0; i < keys.size(); i++) {
      String name = "validator-" + (i + 1);
      ValidatorOptions vo =
          new ValidatorOptions(o.validatorOptions()).dataDir(o.dataDir().resolve(name));
      out.add(
          Futures.await(
              Validator.start(
                  vertx,
                  chain.client(),
                  Signer.of(keys.get(i)),
                  cluster,
                  vo,
                  line -> progress.accept(name + ": " + line)),
              Duration.ofMinutes(1)));
    }
    progress.accept(
        "devnet: " + out.size() + " validators running, eras of " + o.era().toSeconds() + " s");
    return out;
  }

  /** The chain, or null on a chain-less devnet. */
  DevnetChain chain() {
    return chain;
  }

  List<Validator> validators() {
    return validators;
  }

  /**
   * Node {@code i}'s mode (1-based): five or more nodes get the official integration topology
   * (storage, storage, full, full, cache, then full); fewer are all full.
   */
  static NodeOptions.Mode modeOf(int i, int nodes) {
    if (nodes < 5) {
      return NodeOptions.Mode.FULL;
    }
    return switch (i) {
      case 1, 2 -> NodeOptions.Mode.STORAGE;
      case 5 -> NodeOptions.Mode.CACHE;
      default -> NodeOptions.Mode.FULL;
    };
  }

  /** The root account's key. */
  static KeyPair rootKey() {
    return Keys.fromUri(ROOT_MNEMONIC, KeyScheme.SR25519);
  }

  /** The secret URI of node {@code i}'s ed25519 key (a dev secret: devnets are not secret). */
  static String nodeSecret(int i) {
    return "//ddc-node-" + i;
  }

  Path descriptorFile() {
    return descriptor;
  }

  List<DdcNode> nodes() {
    return nodes;
  }

  @Override
  public void close() {
    for (Validator v : validators) {
      try {
        Futures.await(v.close(), Duration.ofSeconds(30));
      } catch (Exception e) {
        System.err.println("ddc: a validator did not stop cleanly: " + e.getMessage());
      }
    }
    try {
      DevnetDescriptor.deleteIn(dataDir);
    } catch (IOException e) {
      System.err.println("ddc: could not delete " + descriptor + ": " + e.getMessage());
    }
    // the youngest member first: each then leaves through the cluster's master (the first node),
    // which leaves last; stopping the master first makes every other member log its loss
    for (DdcNode n : nodes.reversed()) {
      try {
        Futures.await(n.close(), Duration.ofSeconds(30));
      } catch (Exception e) {
        System.err.println("ddc: a node did not stop cleanly: " + e.getMessage());
      }
    }
    vertx.close();
    if (chain != null) {
      chain.close();
    }
  }
}
