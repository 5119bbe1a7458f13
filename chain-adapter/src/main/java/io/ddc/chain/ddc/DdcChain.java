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
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.PayoutTree;
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

  /**
   * A payout of one cluster and era ({@code DdcPayouts.PayoutReceipts}); {@code state} is the
   * {@code PayoutState} name ({@code Initialized} … {@code Finalized}), {@code finalizedAt} null
   * until finalized.
   */
  public record PayoutReceipt(
      String state,
      byte[] vault,
      byte[] fingerprint,
      BigInteger totalCollectedCharges,
      BigInteger totalDistributedRewards,
      BigInteger totalSettledFees,
      int chargingMaxBatchIndex,
      List<Integer> chargingProcessedBatches,
      int rewardingMaxBatchIndex,
      List<Integer> rewardingProcessedBatches,
      Long finalizedAt) {}

  /** A committed payout fingerprint ({@code DdcPayouts.PayoutFingerprints}) and its committers. */
  public record CommittedFingerprint(
      String ehdId,
      byte[] clusterId,
      byte[] payersRoot,
      byte[] payeesRoot,
      List<byte[]> validators) {}

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
    return sudo(
        sudo,
        "DdcClustersGov",
        "activate_cluster_protocol",
        w -> {
          clusterId(w, clusterId);
          protocolParams(w, p);
        });
  }

  /**
   * Dispatches {@code pallet.call(args)} as Root through {@code Sudo.sudo}; fails with the inner
   * call's dispatch error when it fails.
   */
  private CompletableFuture<TxResult> sudo(
      Signer sudo, String pallet, String call, Consumer<ScaleWriter> args) {
    ScaleWriter inner = new ScaleWriter();
    inner.raw(client.metadata().callIndex(pallet, call));
    args.accept(inner);
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

  // ---- payouts and verification (dev line) ------------------------------------------------------

  private static void hash32(ScaleWriter w, byte[] h) {
    if (h.length != 32) {
      throw new IllegalArgumentException("a hash is 32 bytes, " + h.length + " given");
    }
    w.raw(h);
  }

  private static void batch(
      ScaleWriter w, int batchIndex, List<PayoutEntry> entries, List<byte[]> proof) {
    w.u16(batchIndex).compact(entries.size());
    for (PayoutEntry e : entries) {
      w.raw(e.account()).u128(e.amount());
    }
    w.compact(proof.size());
    for (byte[] h : proof) {
      hash32(w, h);
    }
  }

  private CompletableFuture<TxResult> payoutCall(
      Signer validator, String call, byte[] clusterId, long era, Consumer<ScaleWriter> more) {
    return submit(
        validator,
        "DdcPayouts",
        call,
        w -> {
          clusterId(w, clusterId);
          w.u32(era);
          more.accept(w);
        });
  }

  /**
   * Commits a validator's payout fingerprint: the era identifier ({@link
   * io.ddc.pallets.payouts.PayoutFingerprint#ehdId}) and the payers' and payees' roots ({@link
   * PayoutTree#root()}).
   */
  public CompletableFuture<TxResult> commitPayoutFingerprint(
      Signer validator, byte[] clusterId, String ehdId, byte[] payersRoot, byte[] payeesRoot) {
    return submit(
        validator,
        "DdcPayouts",
        "commit_payout_fingerprint",
        w -> {
          clusterId(w, clusterId);
          w.str(ehdId);
          hash32(w, payersRoot);
          hash32(w, payeesRoot);
        });
  }

  /** Starts the payout of {@code era} for a fingerprint that has the validators' quorum. */
  public CompletableFuture<TxResult> beginPayout(
      Signer validator, byte[] clusterId, long era, byte[] fingerprint) {
    return payoutCall(validator, "begin_payout", clusterId, era, w -> hash32(w, fingerprint));
  }

  public CompletableFuture<TxResult> beginChargingCustomers(
      Signer validator, byte[] clusterId, long era, int maxBatchIndex) {
    return payoutCall(
        validator, "begin_charging_customers", clusterId, era, w -> w.u16(maxBatchIndex));
  }

  /** Charges one batch of customers, proven against the fingerprint's payers root. */
  public CompletableFuture<TxResult> sendChargingCustomersBatch(
      Signer validator,
      byte[] clusterId,
      long era,
      int batchIndex,
      List<PayoutEntry> payers,
      List<byte[]> proof) {
    return payoutCall(
        validator,
        "send_charging_customers_batch",
        clusterId,
        era,
        w -> batch(w, batchIndex, payers, proof));
  }

  public CompletableFuture<TxResult> endChargingCustomers(
      Signer validator, byte[] clusterId, long era) {
    return payoutCall(validator, "end_charging_customers", clusterId, era, w -> {});
  }

  public CompletableFuture<TxResult> beginRewardingProviders(
      Signer validator, byte[] clusterId, long era, int maxBatchIndex) {
    return payoutCall(
        validator, "begin_rewarding_providers", clusterId, era, w -> w.u16(maxBatchIndex));
  }

  /** Rewards one batch of providers, proven against the fingerprint's payees root. */
  public CompletableFuture<TxResult> sendRewardingProvidersBatch(
      Signer validator,
      byte[] clusterId,
      long era,
      int batchIndex,
      List<PayoutEntry> payees,
      List<byte[]> proof) {
    return payoutCall(
        validator,
        "send_rewarding_providers_batch",
        clusterId,
        era,
        w -> batch(w, batchIndex, payees, proof));
  }

  public CompletableFuture<TxResult> endRewardingProviders(
      Signer validator, byte[] clusterId, long era) {
    return payoutCall(validator, "end_rewarding_providers", clusterId, era, w -> {});
  }

  /** Finalizes the payout; the cluster's {@code last_paid_era} becomes {@code era}. */
  public CompletableFuture<TxResult> endPayout(Signer validator, byte[] clusterId, long era) {
    return payoutCall(validator, "end_payout", clusterId, era, w -> {});
  }

  /**
   * Reports a node of a cluster as faulty (a validator only); at the quorum of the validator set
   * the chain removes it from the cluster and chills its stake ({@code FaultyNodeRemoved}).
   */
  public CompletableFuture<TxResult> reportFaultyNode(
      Signer validator, byte[] clusterId, byte[] nodeKey, long era) {
    return submit(
        validator,
        "DdcVerification",
        "report_faulty_node",
        w -> {
          clusterId(w, clusterId);
          nodeKey(w, nodeKey);
          w.u32(era);
        });
  }

  /** Replaces the validator set through {@code Sudo.sudo(DdcVerification.force_set_validators)}. */
  public CompletableFuture<TxResult> setValidatorsAsSudo(Signer sudo, List<byte[]> validators) {
    return sudo(
        sudo,
        "DdcVerification",
        "force_set_validators",
        w -> {
          w.compact(validators.size());
          for (byte[] v : validators) {
            hash32(w, v);
          }
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
    return readValue(pallet, item, keys).thenApply(o -> o.map(v -> (Map<?, ?>) v));
  }

  private CompletableFuture<Optional<Object>> readValue(
      String pallet, String item, byte[]... keys) {
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
                    : Optional.of(client.metadata().decode(e.valueType(), v)));
  }

  private static List<byte[]> accounts(Object list) {
    List<byte[]> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add((byte[]) o);
    }
    return out;
  }

  private static List<Integer> indices(Object list) {
    List<Integer> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add((int) num(o));
    }
    return out;
  }

  /** {@code DdcVerification.ValidatorSet} (empty when never set). */
  public CompletableFuture<List<byte[]>> validatorSet() {
    return readValue("DdcVerification", "ValidatorSet")
        .thenApply(o -> o.map(DdcChain::accounts).orElse(List.of()));
  }

  /** The payout of {@code era} in {@code clusterId}, if it has begun. */
  public CompletableFuture<Optional<PayoutReceipt>> payoutReceipt(byte[] clusterId, long era) {
    return read(
            "DdcPayouts", "PayoutReceipts", clusterId, new ScaleWriter(4).u32(era).toByteArray())
        .thenApply(
            o ->
                o.map(
                    r ->
                        new PayoutReceipt(
                            ((Variant) r.get("state")).name(),
                            (byte[]) r.get("vault"),
                            (byte[]) r.get("fingerprint"),
                            big(r.get("total_collected_charges")),
                            big(r.get("total_distributed_rewards")),
                            big(r.get("total_settled_fees")),
                            (int) num(r.get("charging_max_batch_index")),
                            indices(r.get("charging_processed_batches")),
                            (int) num(r.get("rewarding_max_batch_index")),
                            indices(r.get("rewarding_processed_batches")),
                            some(r.get("finalized_at")) == null
                                ? null
                                : num(some(r.get("finalized_at"))))));
  }

  /**
   * A committed fingerprint by its hash ({@link io.ddc.pallets.payouts.PayoutFingerprint#hash}).
   */
  public CompletableFuture<Optional<CommittedFingerprint>> payoutFingerprint(byte[] hash) {
    return read("DdcPayouts", "PayoutFingerprints", hash)
        .thenApply(
            o ->
                o.map(
                    f ->
                        new CommittedFingerprint(
                            (String) f.get("ehd_id"),
                            (byte[]) f.get("cluster_id"),
                            (byte[]) f.get("payers_merkle_root"),
                            (byte[]) f.get("payees_merkle_root"),
                            accounts(f.get("validators")))));
  }

  /**
   * What {@code customer} owes in {@code clusterId} ({@code DdcPayouts.DebtorCustomers}; 0 when
   * nothing).
   */
  public CompletableFuture<BigInteger> debt(byte[] clusterId, byte[] customer) {
    return readValue("DdcPayouts", "DebtorCustomers", clusterId, customer)
        .thenApply(o -> o.map(DdcChain::big).orElse(BigInteger.ZERO));
  }

  /** The validators that reported {@code nodeKey} of {@code clusterId} and wait for a quorum. */
  public CompletableFuture<List<byte[]>> faultyNodeReports(byte[] clusterId, byte[] nodeKey) {
    ScaleWriter key = new ScaleWriter(33);
    nodeKey(key, nodeKey);
    return readValue("DdcVerification", "FaultyNodeReports", clusterId, key.toByteArray())
        .thenApply(o -> o.map(DdcChain::accounts).orElse(List.of()));
  }

  /**
   * The cluster's protocol parameters ({@code DdcClusters.ClustersGovParams}): prices and shares.
   */
  public CompletableFuture<Optional<ProtocolParams>> protocolParams(byte[] clusterId) {
    return read("DdcClusters", "ClustersGovParams", clusterId)
        .thenApply(
            o ->
                o.map(
                    p ->
                        new ProtocolParams(
                            num(p.get("treasury_share")),
                            num(p.get("validators_share")),
                            num(p.get("cluster_reserve_share")),
                            big(p.get("storage_bond_size")),
                            num(p.get("storage_chill_delay")),
                            num(p.get("storage_unbonding_delay")),
                            big(p.get("cost_per_mb_stored")),
                            big(p.get("cost_per_mb_streamed")),
                            big(p.get("cost_per_put_request")),
                            big(p.get("cost_per_get_request")))));
  }

  /** The last era paid out in {@code clusterId} ({@code Cluster.last_paid_era}; 0 before any). */
  public CompletableFuture<Optional<Long>> lastPaidEra(byte[] clusterId) {
    return read("DdcClusters", "Clusters", clusterId)
        .thenApply(o -> o.map(c -> num(c.get("last_paid_era"))));
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
