package io.ddc.launcher;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.client.TxOptions;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.chain.dev.ChainRuntime;
import io.ddc.chain.dev.DevChain;
import io.ddc.chain.dev.DevChainOptions;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The devnet's chain: the dev chain started with instant sealing, then bootstrapped the way the
 * official SDK's harness does it (node-protocol.md §11.4): a cluster managed by //Alice with
 * //Bob's reserve bond, every node created, bonded by its own provider account, stored and added to
 * the cluster; the root account funded, owning bucket 1 (public) and 2 (private) with a deposit.
 * Prices (per MiB stored for a month 1 CERE, per MiB streamed 0.01, per put 0.0001, per get
 * 0.00001) and fee shares (treasury 5 %, validators 3 %, reserve 2 %) are docs/spec/devnet.md's.
 */
final class DevnetChain implements AutoCloseable {
  /** One CERE in planck (10 decimals). */
  static final BigInteger CERE = BigInteger.TEN.pow(10);

  /** The devnet cluster id (H160): 0x00…01. */
  static final byte[] CLUSTER = HexFormat.of().parseHex("0000000000000000000000000000000000000001");

  /** The devnet cluster's treasury share of each era's charges: 5 % (parts per 10^18). */
  static final long TREASURY_SHARE = 50_000_000_000_000_000L;

  /** The validators' share: 3 %. */
  static final long VALIDATORS_SHARE = 30_000_000_000_000_000L;

  /** The cluster reserve's share: 2 %. */
  static final long CLUSTER_RESERVE_SHARE = 20_000_000_000_000_000L;

  /** Price of one MiB stored for a month (2 630 016 s): 1 CERE. */
  static final BigInteger PRICE_PER_MB_STORED = CERE;

  /** Price of one MiB streamed: 0.01 CERE. */
  static final BigInteger PRICE_PER_MB_STREAMED = CERE.divide(BigInteger.valueOf(100));

  /** Price of one put: 0.0001 CERE. */
  static final BigInteger PRICE_PER_PUT = CERE.divide(BigInteger.valueOf(10_000));

  /** Price of one get: 0.00001 CERE. */
  static final BigInteger PRICE_PER_GET = CERE.divide(BigInteger.valueOf(100_000));

  /** The treasury account: "modl" ‖ "py/trsry", zero-padded to 32 bytes. */
  static final byte[] TREASURY = treasury();

  private static byte[] treasury() {
    byte[] a = new byte[32];
    byte[] id = "modlpy/trsry".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, a, 0, id.length);
    return a;
  }

  /** What a node registers on chain. */
  record NodeRegistration(
      byte[] nodeKey,
      String providerUri,
      DdcChain.NodeMode mode,
      int httpPort,
      int grpcPort,
      int p2pPort) {}

  private final DevChain chain; // null for an external chain
  private final String url;
  private final SubstrateClient client;
  private final DdcChain ddc;
  private ChainMembership members;

  private DevnetChain(DevChain chain, String url, SubstrateClient client) {
    this.chain = chain;
    this.url = url;
    this.client = client;
    this.ddc = new DdcChain(client);
  }

  /**
   * Uses a chain that is already running at {@code wsUrl} (another dev chain, a local Cere dev
   * node) instead of starting one; the bootstrap needs its dev accounts (//Alice sudo and funded).
   */
  static DevnetChain connect(String wsUrl) {
    SubstrateClient client =
        SubstrateClient.connect(null, new ChainClientOptions().setUri(java.net.URI.create(wsUrl)))
            .join();
    return new DevnetChain(null, wsUrl, client);
  }

  /** Starts the dev chain on {@code port} with its state in {@code dataDir}. */
  static DevnetChain start(int port, Path dataDir) {
    DevChain chain =
        DevChain.start(
                new DevChainOptions().setPort(port).setInstantSeal(true).setDataDir(dataDir),
                ChainRuntime.dev())
            .join();
    try {
      SubstrateClient client =
          SubstrateClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join();
      return new DevnetChain(chain, chain.wsUri().toString(), client);
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  String wsUrl() {
    return url;
  }

  DdcChain ddc() {
    return ddc;
  }

  /** Whether an earlier run already bootstrapped this chain (the cluster exists). */
  boolean bootstrapped() {
    return ddc.cluster(CLUSTER).join().isPresent();
  }

  /**
   * Creates the cluster, registers {@code nodes}, funds {@code root} and gives it buckets 1
   * (public) and 2 (private) and a 1000 CERE deposit.
   */
  void bootstrap(KeyPair root, List<NodeRegistration> nodes, Consumer<String> progress) {
    Signer alice = Signer.of(Keys.fromUri("//Alice", KeyScheme.SR25519));
    Signer bob = Signer.of(Keys.fromUri("//Bob", KeyScheme.SR25519));
    DdcChain.ProtocolParams params =
        new DdcChain.ProtocolParams(
            TREASURY_SHARE,
            VALIDATORS_SHARE,
            CLUSTER_RESERVE_SHARE,
            CERE.multiply(BigInteger.valueOf(100)),
            10,
            10,
            PRICE_PER_MB_STORED,
            PRICE_PER_MB_STREAMED,
            PRICE_PER_PUT,
            PRICE_PER_GET);
    ddc.createCluster(alice, CLUSTER, bob.accountId(), 2, 3, 3, params).join();
    ddc.bondCluster(bob, CLUSTER).join();
    // The treasury exists on a real chain; here it needs an existential deposit, or fees below
    // that could not be paid into it.
    transfer(alice, TREASURY, CERE);
    progress.accept(
        "devnet: cluster 0x" + HexFormat.of().formatHex(CLUSTER) + " created and bonded");
    for (NodeRegistration n : nodes) {
      KeyPair providerKey = Keys.fromUri(n.providerUri(), KeyScheme.SR25519);
      Signer provider = Signer.of(providerKey);
      transfer(alice, providerKey.publicKey(), CERE.multiply(BigInteger.valueOf(1000)));
      ddc.createNode(
              provider,
              n.nodeKey(),
              new DdcChain.NodeParams(
                  n.mode(), "127.0.0.1", "", false, n.httpPort(), n.grpcPort(), n.p2pPort()))
          .join();
      ddc.bond(provider, provider.accountId(), n.nodeKey(), CERE.multiply(BigInteger.valueOf(200)))
          .join();
      ddc.store(provider, CLUSTER).join();
      ddc.addNode(alice, CLUSTER, n.nodeKey(), false).join();
    }
    progress.accept(
        "devnet: " + nodes.size() + " nodes registered, bonded and added to the cluster");
    Signer owner = Signer.of(root);
    transfer(alice, root.publicKey(), CERE.multiply(BigInteger.valueOf(10_000)));
    long publicBucket = ddc.createBucket(owner, CLUSTER, true).join();
    long privateBucket = ddc.createBucket(owner, CLUSTER, false).join();
    if (publicBucket != 1 || privateBucket != 2) {
      throw new IllegalStateException(
          "expected buckets 1 and 2 on a new chain, got " + publicBucket + " and " + privateBucket);
    }
    ddc.deposit(owner, CLUSTER, CERE.multiply(BigInteger.valueOf(1000))).join();
    progress.accept("devnet: buckets 1 (public) and 2 (private) created, 1000 CERE deposited");
  }

  /**
   * Makes {@code validators} the chain's validator set ({@code
   * Sudo.sudo(DdcVerification.force_set_validators)}) and funds each with 1000 CERE for its
   * transaction fees, unless the set is already exactly that (a re-run on a bootstrapped chain).
   */
  void installValidators(List<KeyPair> validators, Consumer<String> progress) {
    Signer alice = Signer.of(Keys.fromUri("//Alice", KeyScheme.SR25519));
    ddc.setValidatorsAsSudo(alice, validators.stream().map(KeyPair::publicKey).toList()).join();
    for (KeyPair v : validators) {
      transfer(alice, v.publicKey(), CERE.multiply(BigInteger.valueOf(1000)));
    }
    progress.accept("devnet: " + validators.size() + " validators installed and funded");
  }

  SubstrateClient client() {
    return client;
  }

  private void transfer(Signer from, byte[] to, BigInteger amount) {
    ScaleWriter w = new ScaleWriter();
    w.raw(client.metadata().callIndex("Balances", "transfer_keep_alive"));
    w.u8(0).raw(to).compact(amount);
    client.submitAndWatch(from, w.toByteArray(), TxOptions.DEFAULT).join();
  }

  /**
   * The cluster's node list that the devnet's nodes follow (placement.md §4.1), read from now on
   * until {@link #close()}.
   */
  synchronized ChainMembership members() {
    if (members == null) {
      members = new ChainMembership(ddc, CLUSTER, ChainMembership.DEFAULT_INTERVAL);
      members.start().join();
    }
    return members;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (members != null) {
        members.close();
      }
    }
    try {
      client.close();
    } finally {
      if (chain != null) {
        chain.close();
      }
    }
  }
}
