package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.SystemPallet.fields;

import io.ddc.crypto.Hashing;
import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.metadata.PalletMetadata;
import io.ddc.pallets.metadata.RuntimeMetadata;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DDC pallets of the dev line as an executable model (chain.md §2.1–2.4): customers' buckets
 * and per-cluster deposits, storage nodes, clusters with their nodes, and node/cluster staking.
 * Values are registry shapes (maps by field name, {@link EnumValue}s, byte arrays).
 */
final class DdcPallets {
  private static final byte[] STAKE_LOCK = "ddcstake".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLUSTER_LOCK = "clrstake".getBytes(StandardCharsets.US_ASCII);
  private final CereRuntime rt;
  private final BigInteger ed = RuntimeConfig.EXISTENTIAL_DEPOSIT;
  final Item ledger;
  final Item bucketsCount;
  final Item buckets;
  final Item storageNodes;
  final Item clusters;
  final Item govParams;
  final Item clusterNodes;
  final Item nodesStats;
  final Item bonded;
  final Item stakingLedger;
  final Item storages;
  final Item nodes;
  final Item providers;
  final Item leaving;
  final Item clusterBonded;
  final Item clusterLedger;

  DdcPallets(CereRuntime rt, RuntimeMetadata md) {
    this.rt = rt;
    ledger = item(md, "DdcCustomers", "ClusterLedger");
    bucketsCount = item(md, "DdcCustomers", "BucketsCount");
    buckets = item(md, "DdcCustomers", "Buckets");
    storageNodes = item(md, "DdcNodes", "StorageNodes");
    clusters = item(md, "DdcClusters", "Clusters");
    govParams = item(md, "DdcClusters", "ClustersGovParams");
    clusterNodes = item(md, "DdcClusters", "ClustersNodes");
    nodesStats = item(md, "DdcClusters", "ClustersNodesStats");
    bonded = item(md, "DdcStaking", "Bonded");
    stakingLedger = item(md, "DdcStaking", "Ledger");
    storages = item(md, "DdcStaking", "Storages");
    nodes = item(md, "DdcStaking", "Nodes");
    providers = item(md, "DdcStaking", "Providers");
    leaving = item(md, "DdcStaking", "LeavingStorages");
    clusterBonded = item(md, "DdcStaking", "ClusterBonded");
    clusterLedger = item(md, "DdcStaking", "ClusterLedger");
  }

  static Item item(RuntimeMetadata md, String pallet, String name) {
    PalletMetadata p = md.pallet(pallet);
    return new Item(pallet, p.storage(name), md.types());
  }

  // ---- shared helpers -------------------------------------------------------------------------

  private static DispatchException err(int pallet, int index, String name) {
    return DispatchException.module(pallet, index, name);
  }

  static BigInteger big(Object o) {
    return BalancesPallet.big(o);
  }

  static long num(Object o) {
    return ((Number) o).longValue();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return new LinkedHashMap<>((Map<String, Object>) o);
  }

  static byte[] u64(long v) {
    return new ScaleWriter(8).u64(v).toByteArray();
  }

  /** SCALE of a {@code NodePubKey} value. */
  static byte[] nodeKey(EnumValue key) {
    return StorageKey.concat(new byte[] {0}, (byte[]) key.value());
  }

  static EnumValue some(Object v) {
    return new EnumValue("Some", v);
  }

  static final EnumValue NONE = EnumValue.of("None");

  static Object unwrap(Object option) {
    EnumValue e = (EnumValue) option;
    return "Some".equals(e.name()) ? e.value() : null;
  }

  /**
   * A customer vault of {@code cluster}: "modl" ‖ "accounts" ‖ blake2_128(cluster) ‖ zero padding.
   */
  static byte[] clusterVault(byte[] cluster) {
    byte[] out = new byte[32];
    byte[] head =
        StorageKey.concat(
            "modlaccounts".getBytes(StandardCharsets.US_ASCII), Hashing.blake2b128(cluster));
    System.arraycopy(head, 0, out, 0, head.length);
    return out;
  }

  private void transferOrFail(Ctx c, byte[] from, byte[] to, BigInteger amount, boolean keepAlive) {
    try {
      c.layer(
          () -> {
            rt.balances.transfer(c, from, to, amount, keepAlive);
            return null;
          });
    } catch (DispatchException e) {
      throw err(DdcMetadata.CUSTOMERS, 13, "TransferFailed");
    }
  }

  private BigInteger free(Ctx c, byte[] who) {
    return rt.system.account(c.state, who).free();
  }

  // ---- DdcCustomers ---------------------------------------------------------------------------

  void customers(Ctx c, Origin o, String call, Map<?, ?> a) {
    byte[] who = CereRuntime.signed(o);
    int p = DdcMetadata.CUSTOMERS;
    switch (call) {
      case "create_bucket" -> {
        byte[] cluster = (byte[]) a.get("cluster_id");
        requireCluster(c, cluster, p, 9);
        long id = num(bucketsCount.get(c.state) == null ? 0L : bucketsCount.get(c.state)) + 1;
        bucketsCount.put(c.state, id);
        Map<?, ?> params = (Map<?, ?>) a.get("bucket_params");
        buckets.put(
            c.state,
            fields(
                "bucket_id",
                id,
                "owner_id",
                who,
                "cluster_id",
                cluster,
                "is_public",
                params.get("is_public"),
                "is_removed",
                false),
            u64(id));
        c.event("DdcCustomers", "BucketCreated", fields("cluster_id", cluster, "bucket_id", id));
      }
      case "deposit" -> {
        byte[] cluster = (byte[]) a.get("cluster_id");
        requireCluster(c, cluster, p, 9);
        if (ledger.exists(c.state, cluster, who)) {
          throw err(p, 2, "AlreadyPaired");
        }
        BigInteger value = big(a.get("value"));
        if (value.compareTo(ed) < 0) {
          throw err(p, 3, "InsufficientDeposit");
        }
        value = value.min(free(c, who));
        transferOrFail(c, who, clusterVault(cluster), value, true);
        ledger.put(
            c.state,
            fields("owner", who, "total", value, "active", value, "unlocking", List.of()),
            cluster,
            who);
        c.event(
            "DdcCustomers",
            "Deposited",
            fields("cluster_id", cluster, "owner_id", who, "amount", value));
      }
      case "deposit_extra" -> {
        byte[] cluster = (byte[]) a.get("cluster_id");
        requireCluster(c, cluster, p, 9);
        Object l = ledger.get(c.state, cluster, who);
        if (l == null) {
          throw err(p, 0, "NotOwner");
        }
        Map<String, Object> led = map(l);
        BigInteger extra = free(c, who).min(big(a.get("max_additional")));
        if (big(led.get("active")).add(extra).compareTo(ed) < 0) {
          throw err(p, 3, "InsufficientDeposit");
        }
        transferOrFail(c, who, clusterVault(cluster), extra, true);
        led.put("total", big(led.get("total")).add(extra));
        led.put("active", big(led.get("active")).add(extra));
        ledger.put(c.state, led, cluster, who);
        c.event(
            "DdcCustomers",
            "Deposited",
            fields("cluster_id", cluster, "owner_id", who, "amount", extra));
      }
      case "deposit_for" ->
          depositFor(
              c, who, (byte[]) a.get("owner"), (byte[]) a.get("cluster_id"), big(a.get("value")));
      case "unlock_deposit" -> unlock(c, who, (byte[]) a.get("cluster_id"), big(a.get("value")));
      case "withdraw_unlocked_deposit" -> withdraw(c, who, (byte[]) a.get("cluster_id"));
      case "set_bucket_params", "remove_bucket" -> {
        long id = num(a.get("bucket_id"));
        Object b = buckets.get(c.state, u64(id));
        if (b == null) {
          throw err(p, 6, "NoBucketWithId");
        }
        Map<String, Object> bucket = map(b);
        if (!Arrays.equals((byte[]) bucket.get("owner_id"), who)) {
          throw err(p, 1, "NotBucketOwner");
        }
        if (call.equals("remove_bucket")) {
          if ((Boolean) bucket.get("is_removed")) {
            throw err(p, 14, "AlreadyRemoved");
          }
          bucket.put("is_removed", true);
        } else {
          bucket.put("is_public", ((Map<?, ?>) a.get("bucket_params")).get("is_public"));
        }
        buckets.put(c.state, bucket, u64(id));
        c.event(
            "DdcCustomers",
            call.equals("remove_bucket") ? "BucketRemoved" : "BucketUpdated",
            fields("cluster_id", bucket.get("cluster_id"), "bucket_id", id));
      }
      default -> throw new IllegalStateException("DdcCustomers." + call + " is not dispatchable");
    }
  }

  private void requireCluster(Ctx c, byte[] cluster, int pallet, int errorIndex) {
    if (!clusters.exists(c.state, cluster)) {
      throw err(
          pallet, errorIndex, pallet == DdcMetadata.STAKING ? "NoCluster" : "ClusterDoesNotExist");
    }
  }

  private void depositFor(Ctx c, byte[] funder, byte[] owner, byte[] cluster, BigInteger value) {
    int p = DdcMetadata.CUSTOMERS;
    requireCluster(c, cluster, p, 9);
    Object l = ledger.get(c.state, cluster, owner);
    if (l == null) {
      if (value.compareTo(ed) < 0) {
        throw err(p, 3, "InsufficientDeposit");
      }
      if (free(c, funder).compareTo(value) < 0) {
        throw err(p, 5, "NotEnoughBalance");
      }
      if (free(c, owner).compareTo(ed) < 0) {
        transferOrFail(c, funder, owner, ed, true);
        value = value.subtract(ed);
        if (value.compareTo(ed) < 0 || free(c, funder).compareTo(value) < 0) {
          throw err(p, 3, "InsufficientDeposit");
        }
      }
      transferOrFail(c, funder, clusterVault(cluster), value, true);
      ledger.put(
          c.state,
          fields("owner", owner, "total", value, "active", value, "unlocking", List.of()),
          cluster,
          owner);
    } else {
      if (free(c, funder).compareTo(value) < 0) {
        throw err(p, 5, "NotEnoughBalance");
      }
      Map<String, Object> led = map(l);
      if (big(led.get("active")).add(value).compareTo(ed) < 0) {
        throw err(p, 3, "InsufficientDeposit");
      }
      transferOrFail(c, funder, clusterVault(cluster), value, true);
      led.put("total", big(led.get("total")).add(value));
      led.put("active", big(led.get("active")).add(value));
      ledger.put(c.state, led, cluster, owner);
    }
    c.event(
        "DdcCustomers",
        "Deposited",
        fields("cluster_id", cluster, "owner_id", owner, "amount", value));
  }

  /**
   * Adds {@code value} unlocking at {@code block}, merged into the last chunk of the same block.
   */
  private static List<Object> addChunk(
      List<?> unlocking, BigInteger value, long block, int pallet, int noMoreChunks) {
    List<Object> out = new ArrayList<>(unlocking);
    if (!out.isEmpty()) {
      Map<String, Object> last = map(out.get(out.size() - 1));
      if (num(last.get("block")) == block) {
        last.put("value", big(last.get("value")).add(value));
        out.set(out.size() - 1, last);
        return out;
      }
    }
    if (out.size() >= DdcMetadata.MAX_UNLOCKING_CHUNKS) {
      throw err(pallet, noMoreChunks, "NoMoreChunks");
    }
    out.add(fields("value", value, "block", BigInteger.valueOf(block)));
    return out;
  }

  /** Drops the chunks due at {@code now} from a ledger, lowering its total; returns their sum. */
  private static BigInteger consolidate(Map<String, Object> led, long now) {
    BigInteger released = BigInteger.ZERO;
    List<Object> left = new ArrayList<>();
    for (Object ch : (List<?>) led.get("unlocking")) {
      Map<?, ?> chunk = (Map<?, ?>) ch;
      if (num(chunk.get("block")) <= now) {
        released = released.add(big(chunk.get("value")));
      } else {
        left.add(ch);
      }
    }
    led.put("total", big(led.get("total")).subtract(released));
    led.put("unlocking", left);
    return released;
  }

  private void unlock(Ctx c, byte[] who, byte[] cluster, BigInteger requested) {
    int p = DdcMetadata.CUSTOMERS;
    Object l = ledger.get(c.state, cluster, who);
    if (l == null) {
      throw err(p, 0, "NotOwner");
    }
    Map<String, Object> led = map(l);
    List<?> unlocking = (List<?>) led.get("unlocking");
    if (unlocking.size() >= DdcMetadata.MAX_UNLOCKING_CHUNKS) {
      throw err(p, 4, "NoMoreChunks");
    }
    BigInteger active = big(led.get("active"));
    BigInteger value = requested.min(active);
    if (value.signum() == 0) {
      return;
    }
    active = active.subtract(value);
    if (active.compareTo(ed) < 0) {
      value = value.add(active);
      active = BigInteger.ZERO;
    }
    led.put("active", active);
    led.put(
        "unlocking", addChunk(unlocking, value, c.blockNumber + DdcMetadata.UNLOCKING_DELAY, p, 4));
    ledger.put(c.state, led, cluster, who);
    c.event(
        "DdcCustomers",
        "InitialDepositUnlock",
        fields("cluster_id", cluster, "owner_id", who, "amount", value));
  }

  private void withdraw(Ctx c, byte[] who, byte[] cluster) {
    int p = DdcMetadata.CUSTOMERS;
    Object l = ledger.get(c.state, cluster, who);
    if (l == null) {
      throw err(p, 0, "NotOwner");
    }
    Map<String, Object> led = map(l);
    BigInteger amount = consolidate(led, c.blockNumber);
    if (((List<?>) led.get("unlocking")).isEmpty() && big(led.get("active")).compareTo(ed) < 0) {
      ledger.delete(c.state, cluster, who);
    } else {
      ledger.put(c.state, led, cluster, who);
    }
    if (amount.signum() > 0) {
      transferOrFail(c, clusterVault(cluster), who, amount, false);
      c.event(
          "DdcCustomers",
          "Withdrawn",
          fields("cluster_id", cluster, "owner_id", who, "amount", amount));
    }
  }

  /** The payouts pallet's vault: "modl" ‖ "payouts_" ‖ zero padding. */
  static byte[] payoutsVault() {
    byte[] out = new byte[32];
    byte[] head = "modlpayouts_".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, out, 0, head.length);
    return out;
  }

  /**
   * The customers' charging hook ({@code CustomerCharger::charge_customer}, not a call): takes up
   * to {@code amount} from {@code owner}'s deposit in {@code cluster} into {@code payoutVault} and
   * returns what was charged. Reproduces the pallet's quirk: when the active deposit is short, the
   * unlocking chunks are eaten from the newest too, but only the former active part is transferred,
   * reported and taken off {@code total}.
   */
  BigInteger chargeCustomer(
      Ctx c, byte[] owner, byte[] payoutVault, byte[] cluster, BigInteger amount) {
    Object l = ledger.get(c.state, cluster, owner);
    if (l == null) {
      throw err(DdcMetadata.CUSTOMERS, 0, "NotOwner");
    }
    Map<String, Object> led = map(l);
    BigInteger active = big(led.get("active"));
    BigInteger charged;
    if (active.compareTo(amount) >= 0) {
      charged = amount;
      led.put("active", active.subtract(amount));
      led.put("total", big(led.get("total")).subtract(amount));
    } else {
      charged = active;
      led.put("total", big(led.get("total")).subtract(active));
      led.put("active", BigInteger.ZERO);
      BigInteger rest = amount.subtract(active);
      List<Object> chunks = new ArrayList<>((List<?>) led.get("unlocking"));
      while (rest.signum() > 0 && !chunks.isEmpty()) {
        Map<String, Object> last = map(chunks.get(chunks.size() - 1));
        BigInteger v = big(last.get("value"));
        if (v.compareTo(rest) <= 0) {
          rest = rest.subtract(v);
          chunks.remove(chunks.size() - 1);
        } else {
          last.put("value", v.subtract(rest));
          chunks.set(chunks.size() - 1, last);
          rest = BigInteger.ZERO;
        }
      }
      led.put("unlocking", chunks);
    }
    ledger.put(c.state, led, cluster, owner);
    if (charged.signum() > 0) {
      transferOrFail(c, clusterVault(cluster), payoutVault, charged, false);
    }
    c.event(
        "DdcCustomers",
        "Charged",
        fields("cluster_id", cluster, "owner_id", owner, "charged", charged, "expected", amount));
    return charged;
  }

  // ---- DdcNodes -------------------------------------------------------------------------------

  void nodes(Ctx c, Origin o, String call, Map<?, ?> a) {
    byte[] who = CereRuntime.signed(o);
    int p = DdcMetadata.NODES;
    EnumValue key = (EnumValue) a.get("node_pub_key");
    byte[] id = (byte[]) key.value();
    Object existing = storageNodes.get(c.state, id);
    switch (call) {
      case "create_node" -> {
        Map<String, Object> props = props(p, (EnumValue) a.get("node_params"));
        if (existing != null) {
          throw err(p, 0, "NodeAlreadyExists");
        }
        storageNodes.put(
            c.state,
            fields("pub_key", id, "provider_id", who, "cluster_id", NONE, "props", props),
            id);
        c.event("DdcNodes", "NodeCreated", fields("node_pub_key", key));
      }
      case "delete_node", "set_node_params" -> {
        if (existing == null) {
          throw err(p, 1, "NodeDoesNotExist");
        }
        Map<String, Object> node = map(existing);
        if (!Arrays.equals((byte[]) node.get("provider_id"), who)) {
          throw err(p, 2, "OnlyNodeProvider");
        }
        if (call.equals("set_node_params")) {
          node.put("props", props(p, (EnumValue) a.get("node_params")));
          storageNodes.put(c.state, node, id);
          c.event("DdcNodes", "NodeParamsChanged", fields("node_pub_key", key));
          return;
        }
        if (unwrap(node.get("cluster_id")) != null) {
          throw err(p, 3, "NodeIsAssignedToCluster");
        }
        if (nodes.exists(c.state, nodeKey(key))) {
          throw err(p, 6, "NodeHasDanglingStake");
        }
        storageNodes.delete(c.state, id);
        c.event("DdcNodes", "NodeDeleted", fields("node_pub_key", key));
      }
      default -> throw new IllegalStateException("DdcNodes." + call + " is not dispatchable");
    }
  }

  /**
   * {@code StorageNodeParams} → stored {@code StorageNodeProps} (mode moves last), length-checked.
   */
  private static Map<String, Object> props(int p, EnumValue nodeParams) {
    Map<?, ?> sp = (Map<?, ?>) nodeParams.value();
    if (((byte[]) sp.get("host")).length > 255) {
      throw err(p, 4, "HostLenExceedsLimit");
    }
    if (((byte[]) sp.get("domain")).length > 255) {
      throw err(p, 5, "DomainLenExceedsLimit");
    }
    return fields(
        "host",
        sp.get("host"),
        "domain",
        sp.get("domain"),
        "ssl",
        sp.get("ssl"),
        "http_port",
        sp.get("http_port"),
        "grpc_port",
        sp.get("grpc_port"),
        "p2p_port",
        sp.get("p2p_port"),
        "mode",
        sp.get("mode"));
  }

  // ---- DdcClusters ----------------------------------------------------------------------------

  void clusters(Ctx c, Origin o, String call, Map<?, ?> a) {
    byte[] who = CereRuntime.signed(o);
    int p = DdcMetadata.CLUSTERS;
    byte[] cluster = (byte[]) a.get("cluster_id");
    Object existing = clusters.get(c.state, cluster);
    if (call.equals("create_cluster")) {
      if (existing != null) {
        throw err(p, 0, "ClusterAlreadyExists");
      }
      clusters.put(
          c.state,
          fields(
              "cluster_id",
              cluster,
              "manager_id",
              who,
              "reserve_id",
              a.get("cluster_reserve_id"),
              "props",
              a.get("cluster_params"),
              "status",
              EnumValue.of("Unbonded"),
              "last_paid_era",
              0L),
          cluster);
      c.event("DdcClusters", "ClusterCreated", fields("cluster_id", cluster));
      govParams.put(c.state, a.get("initial_protocol_params"), cluster);
      c.event("DdcClusters", "ClusterProtocolParamsSet", fields("cluster_id", cluster));
      nodesStats.put(
          c.state,
          fields("await_validation", 0, "validation_succeeded", 0, "validation_failed", 0),
          cluster);
      return;
    }
    if (existing == null) {
      throw err(p, 1, "ClusterDoesNotExist");
    }
    Map<String, Object> cl = map(existing);
    EnumValue key = (EnumValue) a.get("node_pub_key");
    if (call.equals("join_cluster")) {
      // No contracts run in the model: a cluster without an auth contract refuses joins, one with
      // a contract cannot be asked.
      throw unwrap(((Map<?, ?>) cl.get("props")).get("node_provider_auth_contract")) == null
          ? err(p, 9, "NodeIsNotAuthorized")
          : err(p, 13, "NodeAuthContractCallFailed");
    }
    if (!Arrays.equals((byte[]) cl.get("manager_id"), who)) {
      throw err(p, 7, "OnlyClusterManager");
    }
    switch (call) {
      case "add_node" -> addNode(c, cl, cluster, key, (EnumValue) a.get("node_kind"));
      case "remove_node" -> {
        requireBondedOrActivated(cl);
        Object n = storageNodes.get(c.state, (byte[]) key.value());
        if (n == null) {
          throw err(p, 5, "AttemptToRemoveNonExistentNode");
        }
        Map<String, Object> node = map(n);
        Object in = unwrap(node.get("cluster_id"));
        if (in == null || !Arrays.equals((byte[]) in, cluster)) {
          throw err(p, 6, "AttemptToRemoveNotAssignedNode");
        }
        detachNode(c, cluster, key, node);
      }
      case "set_cluster_params" -> {
        cl.put("props", a.get("cluster_params"));
        clusters.put(c.state, cl, cluster);
        c.event("DdcClusters", "ClusterParamsSet", fields("cluster_id", cluster));
      }
      case "validate_node" -> {
        Object st = clusterNodes.get(c.state, cluster, nodeKey(key));
        if (st == null) {
          throw err(p, 21, "AttemptToValidateNotAssignedNode");
        }
        Map<String, Object> state = map(st);
        boolean ok = (Boolean) a.get("succeeded");
        String from = ((EnumValue) state.get("status")).name();
        String to = ok ? "ValidationSucceeded" : "ValidationFailed";
        state.put("status", EnumValue.of(to));
        clusterNodes.put(c.state, state, cluster, nodeKey(key));
        moveStat(c, cluster, from, to);
        c.event(
            "DdcClusters",
            "ClusterNodeValidated",
            fields("cluster_id", cluster, "node_pub_key", key, "succeeded", ok));
      }
      default -> throw new IllegalStateException("DdcClusters." + call + " is not dispatchable");
    }
  }

  private static void requireBondedOrActivated(Map<String, Object> cl) {
    String status = ((EnumValue) cl.get("status")).name();
    if (!status.equals("Bonded") && !status.equals("Activated")) {
      throw err(DdcMetadata.CLUSTERS, 20, "UnexpectedClusterStatus");
    }
  }

  private void addNode(
      Ctx c, Map<String, Object> cl, byte[] cluster, EnumValue key, EnumValue kind) {
    int p = DdcMetadata.CLUSTERS;
    byte[] stash = (byte[]) nodes.get(c.state, nodeKey(key));
    Object serving = stash == null ? null : storages.get(c.state, stash);
    if (serving == null || !Arrays.equals((byte[]) serving, cluster)) {
      throw err(p, 10, "NodeHasNoActivatedStake");
    }
    byte[] controller = (byte[]) bonded.get(c.state, stash);
    Object led = controller == null ? null : stakingLedger.get(c.state, controller);
    if (led == null) {
      throw err(p, 11, "NodeStakeIsInvalid");
    }
    if (unwrap(((Map<?, ?>) led).get("chilling")) != null) {
      throw err(p, 12, "NodeChillingIsProhibited");
    }
    Object n = storageNodes.get(c.state, (byte[]) key.value());
    if (n == null) {
      throw err(p, 3, "AttemptToAddNonExistentNode");
    }
    requireBondedOrActivated(cl);
    Map<String, Object> node = map(n);
    if (unwrap(node.get("cluster_id")) != null) {
      throw err(p, 4, "AttemptToAddAlreadyAssignedNode");
    }
    node.put("cluster_id", some(cluster));
    storageNodes.put(c.state, node, (byte[]) key.value());
    clusterNodes.put(
        c.state,
        fields("kind", kind, "status", EnumValue.of("AwaitsValidation"), "added_at", c.blockNumber),
        cluster,
        nodeKey(key));
    moveStat(c, cluster, null, "AwaitsValidation");
    c.event("DdcClusters", "ClusterNodeAdded", fields("cluster_id", cluster, "node_pub_key", key));
  }

  /**
   * Takes {@code key}'s stake out of serving storage at once (the effect of a completed {@code
   * chill}), if it serves: {@code Storages} entry removed, pending chill cleared, {@code Chilled}.
   */
  void chillStorage(Ctx c, EnumValue key) {
    byte[] stash = (byte[]) nodes.get(c.state, nodeKey(key));
    if (stash == null || !storages.exists(c.state, stash)) {
      return;
    }
    storages.delete(c.state, stash);
    byte[] controller = (byte[]) bonded.get(c.state, stash);
    Object led = controller == null ? null : stakingLedger.get(c.state, controller);
    if (led != null) {
      Map<String, Object> l = map(led);
      l.put("chilling", NONE);
      stakingLedger.put(c.state, l, controller);
    }
    c.event("DdcStaking", "Chilled", stash);
  }

  void detachNode(Ctx c, byte[] cluster, EnumValue key, Map<String, Object> node) {
    node.put("cluster_id", NONE);
    storageNodes.put(c.state, node, (byte[]) key.value());
    Object st = clusterNodes.get(c.state, cluster, nodeKey(key));
    clusterNodes.delete(c.state, cluster, nodeKey(key));
    if (st != null) {
      moveStat(c, cluster, ((EnumValue) ((Map<?, ?>) st).get("status")).name(), null);
    }
    c.event(
        "DdcClusters", "ClusterNodeRemoved", fields("cluster_id", cluster, "node_pub_key", key));
  }

  private static String statField(String status) {
    return switch (status) {
      case "AwaitsValidation" -> "await_validation";
      case "ValidationSucceeded" -> "validation_succeeded";
      default -> "validation_failed";
    };
  }

  private void moveStat(Ctx c, byte[] cluster, String from, String to) {
    Map<String, Object> s = map(nodesStats.get(c.state, cluster));
    if (from != null) {
      s.put(statField(from), ((Number) s.get(statField(from))).intValue() - 1);
    }
    if (to != null) {
      s.put(statField(to), ((Number) s.get(statField(to))).intValue() + 1);
    }
    nodesStats.put(c.state, s, cluster);
  }

  // ---- DdcStaking -----------------------------------------------------------------------------

  void staking(Ctx c, Origin o, String call, Map<?, ?> a) {
    byte[] who = CereRuntime.signed(o);
    int p = DdcMetadata.STAKING;
    switch (call) {
      case "bond" -> {
        byte[] controller = BalancesPallet.lookup(a.get("controller"));
        EnumValue node = (EnumValue) a.get("node");
        BigInteger value = big(a.get("value"));
        if (bonded.exists(c.state, who)) {
          throw err(p, 2, "AlreadyBonded");
        }
        if (stakingLedger.exists(c.state, controller)) {
          throw err(p, 3, "AlreadyPaired");
        }
        if (value.compareTo(ed) < 0) {
          throw err(p, 4, "InsufficientBond");
        }
        if (nodes.exists(c.state, nodeKey(node)) || providers.exists(c.state, who)) {
          throw err(p, 3, "AlreadyPaired");
        }
        if (!storageNodes.exists(c.state, (byte[]) node.value())) {
          throw err(p, 17, "NodeIsNotFound");
        }
        nodes.put(c.state, who, nodeKey(node));
        providers.put(c.state, node, who);
        bonded.put(c.state, controller, who);
        value = value.min(free(c, who));
        c.event("DdcStaking", "Bonded", List.of(who, value));
        putLedger(
            c,
            stakingLedger,
            STAKE_LOCK,
            controller,
            fields(
                "stash",
                who,
                "total",
                value,
                "active",
                value,
                "chilling",
                NONE,
                "unlocking",
                List.of()));
      }
      case "store" -> store(c, who, (byte[]) a.get("cluster_id"));
      case "chill" -> chill(c, who);
      case "unbond" -> unbond(c, who, big(a.get("value")));
      case "withdraw_unbonded" -> withdrawUnbonded(c, who);
      case "bond_cluster" -> bondCluster(c, who, (byte[]) a.get("cluster_id"));
      case "set_controller" -> setController(c, who, BalancesPallet.lookup(a.get("controller")));
      case "set_node" -> setNode(c, who, (EnumValue) a.get("new_node"));
      case "fast_chill" -> fastChill(c, who);
      case "unbond_cluster" -> unbondCluster(c, who, (byte[]) a.get("cluster_id"));
      case "withdraw_unbonded_cluster" ->
          withdrawUnbondedCluster(c, who, (byte[]) a.get("cluster_id"));
      default -> throw new IllegalStateException("DdcStaking." + call + " is not dispatchable");
    }
  }

  private void putLedger(
      Ctx c, Item item, byte[] lockId, byte[] controller, Map<String, Object> led) {
    item.put(c.state, led, controller);
    rt.balances.setLock(c, lockId, (byte[]) led.get("stash"), big(led.get("total")));
  }

  private Map<String, Object> ledgerOf(Ctx c, byte[] controller) {
    Object l = stakingLedger.get(c.state, controller);
    if (l == null) {
      throw err(DdcMetadata.STAKING, 0, "NotController");
    }
    return map(l);
  }

  private Map<?, ?> protocol(Ctx c, byte[] cluster) {
    Object g = govParams.get(c.state, cluster);
    if (g == null) {
      throw err(DdcMetadata.STAKING, 12, "NoClusterGovParams");
    }
    return (Map<?, ?>) g;
  }

  private void store(Ctx c, byte[] controller, byte[] cluster) {
    int p = DdcMetadata.STAKING;
    requireCluster(c, cluster, p, 11);
    Map<String, Object> led = ledgerOf(c, controller);
    BigInteger bondSize = big(protocol(c, cluster).get("storage_bond_size"));
    if (big(led.get("active")).compareTo(bondSize) < 0) {
      throw err(p, 4, "InsufficientBond");
    }
    byte[] stash = (byte[]) led.get("stash");
    Object serving = storages.get(c.state, stash);
    if (serving != null) {
      if (!Arrays.equals((byte[]) serving, cluster)) {
        throw err(p, 7, "AlreadyInRole");
      }
      led.put("chilling", NONE);
      stakingLedger.put(c.state, led, controller);
      return;
    }
    if (leaving.exists(c.state, stash)) {
      throw err(p, 18, "NodeIsLeaving");
    }
    storages.put(c.state, cluster, stash);
    c.event("DdcStaking", "Activated", stash);
  }

  private void chill(Ctx c, byte[] controller) {
    Map<String, Object> led = ledgerOf(c, controller);
    byte[] stash = (byte[]) led.get("stash");
    Object cluster = storages.get(c.state, stash);
    if (cluster == null) {
      return;
    }
    long delay = num(protocol(c, (byte[]) cluster).get("storage_chill_delay"));
    Object chilling = unwrap(led.get("chilling"));
    if (delay > 0 && chilling == null) {
      long at = c.blockNumber + delay;
      led.put("chilling", some(at));
      stakingLedger.put(c.state, led, controller);
      c.event("DdcStaking", "ChillSoon", List.of(stash, cluster, at));
      return;
    }
    if (delay > 0 && num(chilling) > c.blockNumber) {
      throw err(DdcMetadata.STAKING, 8, "TooEarly");
    }
    storages.delete(c.state, stash);
    led.put("chilling", NONE);
    stakingLedger.put(c.state, led, controller);
    c.event("DdcStaking", "Chilled", stash);
  }

  private void unbond(Ctx c, byte[] controller, BigInteger requested) {
    int p = DdcMetadata.STAKING;
    Map<String, Object> led = ledgerOf(c, controller);
    List<?> unlocking = (List<?>) led.get("unlocking");
    if (unlocking.size() >= DdcMetadata.MAX_UNLOCKING_CHUNKS) {
      throw err(p, 5, "NoMoreChunks");
    }
    byte[] stash = (byte[]) led.get("stash");
    BigInteger active = big(led.get("active"));
    BigInteger value = requested.min(active);
    active = active.subtract(value);
    if (active.compareTo(ed) < 0) {
      value = value.add(active);
      active = BigInteger.ZERO;
    }
    long delay = 0;
    EnumValue node = (EnumValue) providers.get(c.state, stash);
    Object nodeRecord = node == null ? null : storageNodes.get(c.state, (byte[]) node.value());
    Object nodeCluster =
        nodeRecord == null ? null : unwrap(((Map<?, ?>) nodeRecord).get("cluster_id"));
    Object serving = storages.get(c.state, stash);
    if (serving != null) {
      BigInteger bondSize = big(protocol(c, (byte[]) serving).get("storage_bond_size"));
      if (active.compareTo(bondSize) < 0) {
        throw err(p, 4, "InsufficientBond");
      }
    }
    if (nodeCluster != null) {
      Map<?, ?> gov = protocol(c, (byte[]) nodeCluster);
      delay = num(gov.get("storage_unbonding_delay"));
      if (active.compareTo(big(gov.get("storage_bond_size"))) < 0) {
        leaving.put(c.state, nodeCluster, stash);
        c.event("DdcStaking", "LeaveSoon", stash);
      }
    }
    led.put("active", active);
    led.put("unlocking", addChunk(unlocking, value, c.blockNumber + delay, p, 5));
    stakingLedger.put(c.state, led, controller);
    c.event("DdcStaking", "Unbonded", List.of(stash, value));
  }

  private void withdrawUnbonded(Ctx c, byte[] controller) {
    Map<String, Object> led = ledgerOf(c, controller);
    byte[] stash = (byte[]) led.get("stash");
    BigInteger amount = consolidate(led, c.blockNumber);
    if (((List<?>) led.get("unlocking")).isEmpty() && big(led.get("active")).compareTo(ed) < 0) {
      EnumValue node = (EnumValue) providers.get(c.state, stash);
      bonded.delete(c.state, stash);
      stakingLedger.delete(c.state, controller);
      providers.delete(c.state, stash);
      if (node != null) {
        nodes.delete(c.state, nodeKey(node));
      }
      storages.delete(c.state, stash);
      rt.balances.setLock(c, STAKE_LOCK, stash, BigInteger.ZERO);
    } else {
      putLedger(c, stakingLedger, STAKE_LOCK, controller, led);
    }
    if (amount.signum() > 0) {
      c.event("DdcStaking", "Withdrawn", List.of(stash, amount));
      Object cluster = leaving.get(c.state, stash);
      if (cluster != null) {
        EnumValue node = (EnumValue) providers.get(c.state, stash);
        Object n = node == null ? null : storageNodes.get(c.state, (byte[]) node.value());
        if (n != null && unwrap(((Map<?, ?>) n).get("cluster_id")) != null) {
          detachNode(c, (byte[]) cluster, node, map(n));
        }
        leaving.delete(c.state, stash);
        c.event("DdcStaking", "Left", stash);
      }
    }
  }

  private void bondCluster(Ctx c, byte[] who, byte[] cluster) {
    int p = DdcMetadata.STAKING;
    Object existing = clusters.get(c.state, cluster);
    if (existing == null) {
      throw err(DdcMetadata.CLUSTERS, 1, "ClusterDoesNotExist");
    }
    Map<String, Object> cl = map(existing);
    byte[] manager = (byte[]) cl.get("manager_id");
    if (!Arrays.equals((byte[]) cl.get("reserve_id"), who)) {
      throw err(p, 1, "NotStash");
    }
    if (clusterBonded.exists(c.state, who)) {
      throw err(p, 2, "AlreadyBonded");
    }
    if (clusterLedger.exists(c.state, manager)) {
      throw err(p, 3, "AlreadyPaired");
    }
    if (!((EnumValue) cl.get("status")).name().equals("Unbonded")) {
      throw err(DdcMetadata.CLUSTERS, 20, "UnexpectedClusterStatus");
    }
    BigInteger amount = DdcMetadata.CLUSTER_BONDING_AMOUNT;
    if (free(c, who).compareTo(amount) < 0) {
      throw err(p, 4, "InsufficientBond");
    }
    setClusterStatus(c, cluster, cl, "Bonded", "ClusterBonded");
    clusterBonded.put(c.state, manager, who);
    c.event("DdcStaking", "Bonded", List.of(who, amount));
    putLedger(
        c,
        clusterLedger,
        CLUSTER_LOCK,
        manager,
        fields(
            "stash",
            who,
            "total",
            amount,
            "active",
            amount,
            "chilling",
            NONE,
            "unlocking",
            List.of()));
  }

  private void setController(Ctx c, byte[] stash, byte[] controller) {
    int p = DdcMetadata.STAKING;
    byte[] old = (byte[]) bonded.get(c.state, stash);
    if (old == null) {
      throw err(p, 1, "NotStash");
    }
    if (stakingLedger.exists(c.state, controller)) {
      throw err(p, 3, "AlreadyPaired");
    }
    Object led = stakingLedger.get(c.state, old);
    stakingLedger.delete(c.state, old);
    if (led != null) {
      stakingLedger.put(c.state, led, controller);
    }
    bonded.put(c.state, controller, stash);
  }

  private void setNode(Ctx c, byte[] stash, EnumValue node) {
    int p = DdcMetadata.STAKING;
    if (!bonded.exists(c.state, stash)) {
      throw err(p, 1, "NotStash");
    }
    byte[] owner = (byte[]) nodes.get(c.state, nodeKey(node));
    if (owner != null && !Arrays.equals(owner, stash)) {
      throw err(p, 3, "AlreadyPaired");
    }
    EnumValue old = (EnumValue) providers.get(c.state, stash);
    if (old != null) {
      nodes.delete(c.state, nodeKey(old));
    }
    if (storages.exists(c.state, stash)) {
      throw err(p, 7, "AlreadyInRole");
    }
    if (leaving.exists(c.state, stash)) {
      throw err(p, 18, "NodeIsLeaving");
    }
    nodes.put(c.state, stash, nodeKey(node));
    providers.put(c.state, node, stash);
  }

  private void fastChill(Ctx c, byte[] controller) {
    int p = DdcMetadata.STAKING;
    Map<String, Object> led = ledgerOf(c, controller);
    byte[] stash = (byte[]) led.get("stash");
    EnumValue node = (EnumValue) providers.get(c.state, stash);
    if (node == null) {
      throw err(p, 6, "BadState");
    }
    if (!Arrays.equals((byte[]) nodes.get(c.state, nodeKey(node)), stash)) {
      throw err(p, 9, "NotNodeController");
    }
    Object cluster = storages.get(c.state, stash);
    if (cluster == null) {
      throw err(p, 10, "NodeHasNoStake");
    }
    if (clusterNodes.exists(c.state, (byte[]) cluster, nodeKey(node))) {
      throw err(p, 13, "FastChillProhibited");
    }
    long at = c.blockNumber + 1;
    led.put("chilling", some(at));
    stakingLedger.put(c.state, led, controller);
    c.event("DdcStaking", "ChillSoon", List.of(stash, cluster, at));
  }

  private Map<String, Object> clusterLedgerOf(Ctx c, byte[] manager) {
    Object l = clusterLedger.get(c.state, manager);
    if (l == null) {
      throw err(DdcMetadata.STAKING, 0, "NotController");
    }
    return map(l);
  }

  private void setClusterStatus(
      Ctx c, byte[] cluster, Map<String, Object> cl, String status, String event) {
    cl.put("status", EnumValue.of(status));
    clusters.put(c.state, cl, cluster);
    c.event("DdcClusters", event, fields("cluster_id", cluster));
  }

  private void unbondCluster(Ctx c, byte[] manager, byte[] cluster) {
    int p = DdcMetadata.STAKING;
    Map<String, Object> led = clusterLedgerOf(c, manager);
    List<?> unlocking = (List<?>) led.get("unlocking");
    if (unlocking.size() >= DdcMetadata.MAX_UNLOCKING_CHUNKS) {
      throw err(p, 5, "NoMoreChunks");
    }
    Object existing = clusters.get(c.state, cluster);
    if (existing == null) {
      throw err(DdcMetadata.CLUSTERS, 1, "ClusterDoesNotExist");
    }
    Map<String, Object> cl = map(existing);
    requireBondedOrActivated(cl);
    Map<?, ?> stats = (Map<?, ?>) nodesStats.get(c.state, cluster);
    int members = 0;
    for (Object v : stats.values()) {
      members += ((Number) v).intValue();
    }
    if (members > 0) {
      throw err(DdcMetadata.CLUSTERS, 20, "UnexpectedClusterStatus");
    }
    setClusterStatus(c, cluster, cl, "Unbonding", "ClusterUnbonding");
    BigInteger value = big(led.get("active"));
    led.put("active", BigInteger.ZERO);
    led.put(
        "unlocking",
        addChunk(unlocking, value, c.blockNumber + DdcMetadata.CLUSTER_UNBONDING_DELAY, p, 5));
    clusterLedger.put(c.state, led, manager);
    c.event("DdcStaking", "Unbonded", List.of(led.get("stash"), value));
  }

  private void withdrawUnbondedCluster(Ctx c, byte[] manager, byte[] cluster) {
    Map<String, Object> led = clusterLedgerOf(c, manager);
    byte[] stash = (byte[]) led.get("stash");
    BigInteger amount = consolidate(led, c.blockNumber);
    if (((List<?>) led.get("unlocking")).isEmpty() && big(led.get("active")).compareTo(ed) < 0) {
      clusterBonded.delete(c.state, stash);
      clusterLedger.delete(c.state, manager);
      rt.balances.setLock(c, CLUSTER_LOCK, stash, BigInteger.ZERO);
      Object existing = clusters.get(c.state, cluster);
      if (existing != null
          && ((EnumValue) ((Map<?, ?>) existing).get("status")).name().equals("Unbonding")) {
        setClusterStatus(c, cluster, map(existing), "Unbonded", "ClusterUnbonded");
      }
    } else {
      putLedger(c, clusterLedger, CLUSTER_LOCK, manager, led);
    }
    if (amount.signum() > 0) {
      c.event("DdcStaking", "Withdrawn", List.of(stash, amount));
    }
  }

  // ---- DdcClustersGov (Root enactments only) ------------------------------------------------

  void clustersGov(Ctx c, Origin o, String call, Map<?, ?> a) {
    CereRuntime.root(o);
    byte[] cluster = (byte[]) a.get("cluster_id");
    Object existing = clusters.get(c.state, cluster);
    if (existing == null) {
      throw err(DdcMetadata.CLUSTERS, 1, "ClusterDoesNotExist");
    }
    switch (call) {
      case "activate_cluster_protocol" -> {
        Map<String, Object> cl = map(existing);
        if (!((EnumValue) cl.get("status")).name().equals("Bonded")) {
          throw err(DdcMetadata.CLUSTERS, 20, "UnexpectedClusterStatus");
        }
        setClusterStatus(c, cluster, cl, "Activated", "ClusterActivated");
      }
      case "update_cluster_protocol" -> {
        if (!govParams.exists(c.state, cluster)) {
          throw err(DdcMetadata.CLUSTERS, 22, "ClusterProtocolParamsNotSet");
        }
      }
      default -> throw new IllegalStateException("DdcClustersGov." + call + " is not dispatchable");
    }
    govParams.put(c.state, a.get("cluster_protocol_params"), cluster);
    c.event("DdcClusters", "ClusterProtocolParamsSet", fields("cluster_id", cluster));
  }
}
