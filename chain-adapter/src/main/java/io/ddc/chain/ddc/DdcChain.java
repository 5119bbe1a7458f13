package io.ddc.chain.ddc;

import io.ddc.chain.client.ChainException;
import io.ddc.chain.client.EventRecord;
import io.ddc.chain.client.Metadata;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.StorageKeys;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.client.TxOptions;
import io.ddc.chain.client.TxResult;
import io.ddc.chain.client.Variant;
import io.ddc.pallets.scale.ScaleWriter;
import io.vertx.core.json.JsonArray;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The DDC pallets' calls and storage as Java methods: what the node, the validators and the CLI
 * use. Transactions complete with their {@link TxResult} (or fail with the client's exceptions);
 * queries read the best block.
 */
public final class DdcChain {
  private static final HexFormat HEX = HexFormat.of();
  private final SubstrateClient client;

  public DdcChain(SubstrateClient client) {
    this.client = client;
  }

  /** A bucket ({@code DdcCustomers.Buckets}). */
  public record Bucket(
      long id, byte[] owner, byte[] clusterId, boolean isPublic, boolean isRemoved) {}

  /** A customer's deposit in one cluster ({@code DdcCustomers.ClusterLedger}). */
  public record Deposit(BigInteger total, BigInteger active, List<Unlocking> unlocking) {}

  /** Part of a deposit or bond that becomes withdrawable at {@code block}. */
  public record Unlocking(BigInteger value, long block) {}

  /** A storage node's mode; the byte is the enum's explicit discriminant. */
  public enum NodeMode {
    FULL,
    STORAGE,
    CACHE,
    COMPUTE;

    int discriminant() {
      return ordinal() + 1;
    }
  }

  /** How a storage node is reached. */
  public record NodeParams(
      NodeMode mode,
      String host,
      String domain,
      boolean ssl,
      int httpPort,
      int grpcPort,
      int p2pPort) {}

  /** A storage node ({@code DdcNodes.StorageNodes}); {@code clusterId} is null outside clusters. */
  public record StorageNode(byte[] pubKey, byte[] provider, byte[] clusterId, NodeParams params) {}

  /**
   * A cluster's protocol parameters (the dev line's {@code ClusterProtocolParams}; shares in parts
   * per 10^18).
   */
  public record ProtocolParams(
      long treasuryShare,
      long validatorsShare,
      long clusterReserveShare,
      BigInteger storageBondSize,
      long storageChillDelay,
      long storageUnbondingDelay,
      BigInteger costPerMbStored,
      BigInteger costPerMbStreamed,
      BigInteger costPerPutRequest,
      BigInteger costPerGetRequest) {}

  /** A cluster ({@code DdcClusters.Clusters}). */
  public record Cluster(byte[] id, byte[] manager, byte[] reserve, String status) {}

  // ---- transactions -----------------------------------------------------------------------------

  private CompletableFuture<TxResult> submit(
      Signer signer, String pallet, String call, Consumer<ScaleWriter> args) {
    ScaleWriter w = new ScaleWriter();
    w.raw(client.metadata().callIndex(pallet, call));
    args.accept(w);
    return client.submitAndWatch(signer, w.toByteArray(), TxOptions.DEFAULT);
  }

  private static void clusterId(ScaleWriter w, byte[] id) {
    if (id.length != 20) {
      throw new IllegalArgumentException("a cluster id is 20 bytes, " + id.length + " given");
    }
    w.raw(id);
  }

  private static void nodeKey(ScaleWriter w, byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "a storage node key is 32 bytes, " + key.length + " given");
    }
    w.u8(0).raw(key);
  }

  /** Creates a bucket in {@code clusterId}; completes with its id. */
  public CompletableFuture<Long> createBucket(Signer owner, byte[] clusterId, boolean isPublic) {
    return submit(
            owner,
            "DdcCustomers",
            "create_bucket",
            w -> {
              clusterId(w, clusterId);
              w.bool(isPublic);
            })
        .thenApply(
            r -> ((Number) field(r, "DdcCustomers", "BucketCreated", "bucket_id")).longValue());
  }

  public CompletableFuture<TxResult> setBucketParams(
      Signer owner, long bucketId, boolean isPublic) {
    return submit(owner, "DdcCustomers", "set_bucket_params", w -> w.u64(bucketId).bool(isPublic));
  }

  public CompletableFuture<TxResult> removeBucket(Signer owner, long bucketId) {
    return submit(owner, "DdcCustomers", "remove_bucket", w -> w.u64(bucketId));
  }

  /** Opens a deposit of {@code amount} in {@code clusterId} (at least the existential deposit). */
  public CompletableFuture<TxResult> deposit(Signer owner, byte[] clusterId, BigInteger amount) {
    return submit(
        owner,
        "DdcCustomers",
        "deposit",
        w -> {
          clusterId(w, clusterId);
          w.compact(amount);
        });
  }

  public CompletableFuture<TxResult> depositExtra(
      Signer owner, byte[] clusterId, BigInteger maxAdditional) {
    return submit(
        owner,
        "DdcCustomers",
        "deposit_extra",
        w -> {
          clusterId(w, clusterId);
          w.compact(maxAdditional);
        });
  }

  public CompletableFuture<TxResult> depositFor(
      Signer funder, byte[] owner, byte[] clusterId, BigInteger amount) {
    return submit(
        funder,
        "DdcCustomers",
        "deposit_for",
        w -> {
          w.raw(owner);
          clusterId(w, clusterId);
          w.compact(amount);
        });
  }

  public CompletableFuture<TxResult> unlockDeposit(
      Signer owner, byte[] clusterId, BigInteger amount) {
    return submit(
        owner,
        "DdcCustomers",
        "unlock_deposit",
        w -> {
          clusterId(w, clusterId);
          w.compact(amount);
        });
  }

  public CompletableFuture<TxResult> withdrawUnlockedDeposit(Signer owner, byte[] clusterId) {
    return submit(owner, "DdcCustomers", "withdraw_unlocked_deposit", w -> clusterId(w, clusterId));
  }

  private static void nodeParams(ScaleWriter w, NodeParams p) {
    w.u8(0).u8(p.mode().discriminant());
    w.bytes(p.host().getBytes(StandardCharsets.UTF_8))
        .bytes(p.domain().getBytes(StandardCharsets.UTF_8));
    w.bool(p.ssl()).u16(p.httpPort()).u16(p.grpcPort()).u16(p.p2pPort());
  }

  public CompletableFuture<TxResult> createNode(
      Signer provider, byte[] nodeKey, NodeParams params) {
    return submit(
        provider,
        "DdcNodes",
        "create_node",
        w -> {
          nodeKey(w, nodeKey);
          nodeParams(w, params);
        });
  }

  public CompletableFuture<TxResult> setNodeParams(
      Signer provider, byte[] nodeKey, NodeParams params) {
    return submit(
        provider,
        "DdcNodes",
        "set_node_params",
        w -> {
          nodeKey(w, nodeKey);
          nodeParams(w, params);
        });
  }

  public CompletableFuture<TxResult> deleteNode(Signer provider, byte[] nodeKey) {
    return submit(provider, "DdcNodes", "delete_node", w -> nodeKey(w, nodeKey));
  }

  /** Creates a cluster managed by {@code manager} (no auth contract, no dry-run inspection). */
  public CompletableFuture<TxResult> createCluster(
      Signer manager,
      byte[] clusterId,
      byte[] reserve,
      int erasureRequired,
      int erasureTotal,
      int replicationTotal,
      ProtocolParams p) {
    return submit(
        manager,
        "DdcClusters",
        "create_cluster",
        w -> {
          clusterId(w, clusterId);
          w.raw(reserve);
          w.u8(0).u32(erasureRequired).u32(erasureTotal).u32(replicationTotal).u8(0);
          protocolParams(w, p);
        });
  }

  /** Adds a node to a cluster as the manager ({@code genesis} kind or external). */
  public CompletableFuture<TxResult> addNode(
      Signer manager, byte[] clusterId, byte[] nodeKey, boolean genesis) {
    return submit(
        manager,
        "DdcClusters",
        "add_node",
        w -> {
          clusterId(w, clusterId);
          nodeKey(w, nodeKey);
          w.u8(genesis ? 0 : 1);
        });
  }

  public CompletableFuture<TxResult> removeNode(Signer manager, byte[] clusterId, byte[] nodeKey) {
    return submit(
        manager,
        "DdcClusters",
        "remove_node",
        w -> {
          clusterId(w, clusterId);
          nodeKey(w, nodeKey);
        });
  }

  public CompletableFuture<TxResult> validateNode(
      Signer manager, byte[] clusterId, byte[] nodeKey, boolean succeeded) {
    return submit(
        manager,
        "DdcClusters",
        "validate_node",
        w -> {
          clusterId(w, clusterId);
          nodeKey(w, nodeKey);
          w.bool(succeeded);
        });
  }

  /** Bonds {@code amount} of the stash for {@code nodeKey}, controlled by {@code controller}. */
  public CompletableFuture<TxResult> bond(
      Signer stash, byte[] controller, byte[] nodeKey, BigInteger amount) {
    return submit(
        stash,
        "DdcStaking",
        "bond",
        w -> {
          w.u8(0).raw(controller);
          nodeKey(w, nodeKey);
          w.compact(amount);
        });
  }

  /** Declares the controller's node as storage for {@code clusterId}. */
  public CompletableFuture<TxResult> store(Signer controller, byte[] clusterId) {
    return submit(controller, "DdcStaking", "store", w -> clusterId(w, clusterId));
  }

  public CompletableFuture<TxResult> chill(Signer controller) {
    return submit(controller, "DdcStaking", "chill", w -> {});
  }

  public CompletableFuture<TxResult> unbond(Signer controller, BigInteger amount) {
    return submit(controller, "DdcStaking", "unbond", w -> w.compact(amount));
  }

  public CompletableFuture<TxResult> withdrawUnbonded(Signer controller) {
    return submit(controller, "DdcStaking", "withdraw_unbonded", w -> {});
  }

  /** Bonds the cluster stake from the cluster's reserve account. */
  public CompletableFuture<TxResult> bondCluster(Signer reserve, byte[] clusterId) {
    return submit(reserve, "DdcStaking", "bond_cluster", w -> clusterId(w, clusterId));
  }

  public CompletableFuture<TxResult> setController(Signer stash, byte[] controller) {
    return submit(stash, "DdcStaking", "set_controller", w -> w.u8(0).raw(controller));
  }

  public CompletableFuture<TxResult> setNode(Signer stash, byte[] nodeKey) {
    return submit(stash, "DdcStaking", "set_node", w -> nodeKey(w, nodeKey));
  }

  public CompletableFuture<TxResult> fastChill(Signer controller) {
    return submit(controller, "DdcStaking", "fast_chill", w -> {});
  }

  public CompletableFuture<TxResult> unbondCluster(Signer manager, byte[] clusterId) {
    return submit(manager, "DdcStaking", "unbond_cluster", w -> clusterId(w, clusterId));
  }

  public CompletableFuture<TxResult> withdrawUnbondedCluster(Signer manager, byte[] clusterId) {
    return submit(manager, "DdcStaking", "withdraw_unbonded_cluster", w -> clusterId(w, clusterId));
  }

  /**
   * Activates a bonded cluster through {@code Sudo.sudo(DdcClustersGov.activate_cluster_protocol)},
   * the dev-chain shortcut for the governance referendum.
   */
  public CompletableFuture<TxResult> activateClusterAsSudo(
      Signer sudo, byte[] clusterId, ProtocolParams p) {
    ScaleWriter inner = new ScaleWriter();
    inner.raw(client.metadata().callIndex("DdcClustersGov", "activate_cluster_protocol"));
    clusterId(inner, clusterId);
    protocolParams(inner, p);
    return submit(sudo, "Sudo", "sudo", w -> w.raw(inner.toByteArray()))
        .thenApply(
            r -> {
              Object result = field(r, "Sudo", "Sudid", "sudo_result");
              if (result instanceof Variant v && "Err".equals(v.name())) {
                throw client.metadata().dispatchError(v.value(), r.blockHash());
              }
              return r;
            });
  }

  private static void protocolParams(ScaleWriter w, ProtocolParams p) {
    w.u64(p.treasuryShare()).u64(p.validatorsShare()).u64(p.clusterReserveShare());
    w.u128(p.storageBondSize()).u32(p.storageChillDelay()).u32(p.storageUnbondingDelay());
    w.u128(p.costPerMbStored())
        .u128(p.costPerMbStreamed())
        .u128(p.costPerPutRequest())
        .u128(p.costPerGetRequest());
    w.u128(BigInteger.ZERO).u128(BigInteger.ZERO).u128(BigInteger.ZERO).raw(new byte[32]);
  }

  private static Object field(TxResult r, String pallet, String event, String name) {
    EventRecord e = r.event(pallet, event);
    if (e == null) {
      throw new ChainException("no " + pallet + "." + event + " event in block " + r.blockHash());
    }
    return ((Map<?, ?>) e.fields()).get(name);
  }

  // ---- queries --------------------------------------------------------------------------------

  private CompletableFuture<Optional<Map<?, ?>>> read(String pallet, String item, byte[]... keys) {
    Metadata.StorageEntry e = client.metadata().storage(pallet, item);
    if (e == null) {
      throw new ChainException("the runtime has no storage " + pallet + "." + item);
    }
    return client
        .storage(StorageKeys.mapKey(pallet, item, e.hashers(), keys), null)
        .thenApply(
            v ->
                v == null
                    ? Optional.empty()
                    : Optional.of((Map<?, ?>) client.metadata().decode(e.valueType(), v)));
  }

  private static long num(Object o) {
    return ((Number) o).longValue();
  }

  private static BigInteger big(Object o) {
    return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
  }

  private static Object some(Object option) {
    Variant v = (Variant) option;
    return "Some".equals(v.name()) ? v.value() : null;
  }

  public CompletableFuture<Optional<Bucket>> bucket(long id) {
    return read("DdcCustomers", "Buckets", new ScaleWriter(8).u64(id).toByteArray())
        .thenApply(
            o ->
                o.map(
                    b ->
                        new Bucket(
                            num(b.get("bucket_id")),
                            (byte[]) b.get("owner_id"),
                            (byte[]) b.get("cluster_id"),
                            (Boolean) b.get("is_public"),
                            (Boolean) b.get("is_removed"))));
  }

  /** The owner's deposit in {@code clusterId}. */
  public CompletableFuture<Optional<Deposit>> deposit(byte[] clusterId, byte[] owner) {
    return read("DdcCustomers", "ClusterLedger", clusterId, owner)
        .thenApply(
            o ->
                o.map(
                    l -> {
                      List<Unlocking> chunks = new ArrayList<>();
                      for (Object c : (List<?>) l.get("unlocking")) {
                        Map<?, ?> m = (Map<?, ?>) c;
                        chunks.add(new Unlocking(big(m.get("value")), num(m.get("block"))));
                      }
                      return new Deposit(big(l.get("total")), big(l.get("active")), chunks);
                    }));
  }

  public CompletableFuture<Optional<StorageNode>> node(byte[] nodeKey) {
    return read("DdcNodes", "StorageNodes", nodeKey).thenApply(o -> o.map(DdcChain::storageNode));
  }

  private static StorageNode storageNode(Map<?, ?> n) {
    Map<?, ?> p = (Map<?, ?>) n.get("props");
    NodeParams params =
        new NodeParams(
            NodeMode.values()[((Variant) p.get("mode")).index() - 1],
            new String((byte[]) p.get("host"), StandardCharsets.UTF_8),
            new String((byte[]) p.get("domain"), StandardCharsets.UTF_8),
            (Boolean) p.get("ssl"),
            (int) num(p.get("http_port")),
            (int) num(p.get("grpc_port")),
            (int) num(p.get("p2p_port")));
    return new StorageNode(
        (byte[]) n.get("pub_key"),
        (byte[]) n.get("provider_id"),
        (byte[]) some(n.get("cluster_id")),
        params);
  }

  public CompletableFuture<Optional<Cluster>> cluster(byte[] clusterId) {
    return read("DdcClusters", "Clusters", clusterId)
        .thenApply(
            o ->
                o.map(
                    c ->
                        new Cluster(
                            (byte[]) c.get("cluster_id"),
                            (byte[]) c.get("manager_id"),
                            (byte[]) c.get("reserve_id"),
                            ((Variant) c.get("status")).name())));
  }

  /**
   * The storage nodes of {@code clusterId} ({@code DdcClusters.ClustersNodes}, iterated by key).
   */
  public CompletableFuture<List<StorageNode>> nodesOfCluster(byte[] clusterId) {
    Metadata.StorageEntry e = client.metadata().storage("DdcClusters", "ClustersNodes");
    byte[] prefix =
        StorageKeys.mapKey("DdcClusters", "ClustersNodes", e.hashers().subList(0, 1), clusterId);
    return keys(prefix, null, new ArrayList<>())
        .thenCompose(
            keys ->
                allPresent(
                    keys, k -> node(java.util.Arrays.copyOfRange(k, k.length - 32, k.length))));
  }

  /**
   * Every bucket ({@code DdcCustomers.Buckets}, iterated by key), removed ones included, in key
   * order; callers filter by owner.
   */
  public CompletableFuture<List<Bucket>> buckets() {
    return keys(StorageKeys.prefix("DdcCustomers", "Buckets"), null, new ArrayList<>())
        .thenCompose(
            keys ->
                allPresent(
                    keys,
                    k ->
                        bucket(
                            java.nio.ByteBuffer.wrap(k, k.length - 8, 8)
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                .getLong())));
  }

  /** Reads one value per key concurrently; the present ones, in key order. */
  private static <T> CompletableFuture<List<T>> allPresent(
      List<byte[]> keys, java.util.function.Function<byte[], CompletableFuture<Optional<T>>> read) {
    List<CompletableFuture<Optional<T>>> reads = new ArrayList<>();
    for (byte[] k : keys) {
      reads.add(read.apply(k));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<T> out = new ArrayList<>();
              for (CompletableFuture<Optional<T>> r : reads) {
                r.join().ifPresent(out::add);
              }
              return out;
            });
  }

  private CompletableFuture<List<byte[]>> keys(byte[] prefix, byte[] start, List<byte[]> acc) {
    JsonArray p = new JsonArray().add("0x" + HEX.formatHex(prefix)).add(256);
    if (start != null) {
      p.add("0x" + HEX.formatHex(start));
    }
    return client
        .rpc()
        .call("state_getKeysPaged", p)
        .thenCompose(
            r -> {
              JsonArray page = (JsonArray) r;
              byte[] last = null;
              for (Object k : page) {
                last = HEX.parseHex(((String) k).substring(2));
                acc.add(last);
              }
              return page.size() < 256
                  ? CompletableFuture.completedFuture(acc)
                  : keys(prefix, last, acc);
            });
  }
}
