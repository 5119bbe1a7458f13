package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.SystemPallet.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.pallets.metadata.EnumValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DDC pallets' scenarios from the Rust pallets' tests (chain.md §8), in CERE instead of the
 * mocks' unit balances (the dev runtime's existential deposit is 1 CERE, the mocks' is 1 unit).
 */
class DdcPalletsTest {
  static final BigInteger CERE = RuntimeConfig.CERE;
  static final byte[] CLUSTER = new byte[20];

  static {
    CLUSTER[19] = 1;
  }

  final TestChain chain = new TestChain();
  final DdcPallets ddc = chain.rt.ddc;

  static BigInteger cere(long n) {
    return CERE.multiply(BigInteger.valueOf(n));
  }

  static EnumValue call(String pallet, String call, Object... kv) {
    return TestChain.call(pallet, call, fields(kv));
  }

  static Map<String, Object> protocol(long bondSize, long chillDelay, long unbondingDelay) {
    Map<String, Object> p =
        fields(
            "treasury_share",
            0L,
            "validators_share",
            0L,
            "cluster_reserve_share",
            0L,
            "storage_bond_size",
            cere(bondSize),
            "storage_chill_delay",
            chillDelay,
            "storage_unbonding_delay",
            unbondingDelay);
    for (String k : List.of("stored", "streamed")) {
      p.put("cost_per_mb_" + k, BigInteger.TEN);
    }
    for (String k : List.of("put_request", "get_request", "gpu_unit", "cpu_unit", "ram_unit")) {
      p.put("cost_per_" + k, BigInteger.TEN);
    }
    p.put("customer_deposit_contract", new byte[32]);
    return p;
  }

  static Map<String, Object> clusterParams() {
    return fields(
        "node_provider_auth_contract",
        DdcPallets.NONE,
        "erasure_coding_required",
        4L,
        "erasure_coding_total",
        6L,
        "replication_total",
        3L,
        "inspection_dry_run_params",
        DdcPallets.NONE);
  }

  /** Cluster 0x…01 with //Bob as reserve and {@code protocol}, created by the signer. */
  static EnumValue createCluster(TestChain chain, Map<String, Object> protocol) {
    return call(
        "DdcClusters",
        "create_cluster",
        "cluster_id",
        CLUSTER,
        "cluster_reserve_id",
        chain.id(1),
        "cluster_params",
        clusterParams(),
        "initial_protocol_params",
        protocol);
  }

  @BeforeEach
  void cluster() {
    // Alice manages cluster 0x…01, Bob is its reserve.
    List<Object> ev = chain.run(0, createCluster(chain, protocol(10, 10, 10)));
    assertThat(TestChain.names(ev))
        .contains("DdcClusters.ClusterCreated", "DdcClusters.ClusterProtocolParamsSet");
  }

  @Test
  void createClusterTwiceFails() {
    List<Object> ev = chain.run(0, createCluster(chain, protocol(10, 10, 10)));
    assertThat(chain.moduleError(ev)).isEqualTo("DdcClusters.ClusterAlreadyExists");
  }

  @Test
  void createTwoBuckets() {
    EnumValue create =
        call(
            "DdcCustomers",
            "create_bucket",
            "cluster_id",
            CLUSTER,
            "bucket_params",
            fields("is_public", true));
    assertThat(TestChain.field(chain.run(2, create), "DdcCustomers.BucketCreated", "bucket_id"))
        .isEqualTo(1L);
    assertThat(TestChain.field(chain.run(2, create), "DdcCustomers.BucketCreated", "bucket_id"))
        .isEqualTo(2L);
    assertThat(ddc.bucketsCount.get(chain.state)).isEqualTo(2L);
    Map<?, ?> b = (Map<?, ?>) ddc.buckets.get(chain.state, DdcPallets.u64(2));
    assertThat((byte[]) b.get("owner_id")).isEqualTo(chain.id(2));
    byte[] other = new byte[20];
    other[0] = 9;
    List<Object> ev =
        chain.run(
            2,
            call(
                "DdcCustomers",
                "create_bucket",
                "cluster_id",
                other,
                "bucket_params",
                fields("is_public", true)));
    assertThat(chain.moduleError(ev)).isEqualTo("DdcCustomers.ClusterDoesNotExist");
  }

  private Map<?, ?> ledger(int who) {
    return (Map<?, ?>) ddc.ledger.get(chain.state, CLUSTER, chain.id(who));
  }

  @Test
  void depositAndDepositExtra() {
    assertThat(
            chain.moduleError(
                chain.run(
                    3,
                    call(
                        "DdcCustomers",
                        "deposit",
                        "cluster_id",
                        CLUSTER,
                        "value",
                        BigInteger.ZERO))))
        .isEqualTo("DdcCustomers.InsufficientDeposit");
    BigInteger all = chain.free(3);
    assertThat(
            chain.moduleError(
                chain.run(3, call("DdcCustomers", "deposit", "cluster_id", CLUSTER, "value", all))))
        .isEqualTo("DdcCustomers.TransferFailed");
    List<Object> ev =
        chain.run(3, call("DdcCustomers", "deposit", "cluster_id", CLUSTER, "value", cere(90)));
    assertThat(TestChain.field(ev, "DdcCustomers.Deposited", "amount")).isEqualTo(cere(90));
    assertThat(ledger(3).get("total")).isEqualTo(cere(90));
    assertThat(ledger(3).get("active")).isEqualTo(cere(90));
    assertThat(chain.rt.account(chain.state, DdcPallets.clusterVault(CLUSTER)).free())
        .isEqualTo(cere(90));
    assertThat(
            chain.moduleError(
                chain.run(
                    3, call("DdcCustomers", "deposit", "cluster_id", CLUSTER, "value", cere(5)))))
        .isEqualTo("DdcCustomers.AlreadyPaired");
    assertThat(
            chain.moduleError(
                chain.run(
                    4,
                    call(
                        "DdcCustomers",
                        "deposit_extra",
                        "cluster_id",
                        CLUSTER,
                        "max_additional",
                        cere(5)))))
        .isEqualTo("DdcCustomers.NotOwner");
    chain.run(
        3, call("DdcCustomers", "deposit_extra", "cluster_id", CLUSTER, "max_additional", cere(5)));
    assertThat(ledger(3).get("active")).isEqualTo(cere(95));
  }

  @Test
  void depositForCreatesTheOwnersLedger() {
    assertThat(
            chain.moduleError(
                chain.run(
                    0,
                    call(
                        "DdcCustomers",
                        "deposit_for",
                        "owner",
                        chain.id(5),
                        "cluster_id",
                        CLUSTER,
                        "value",
                        BigInteger.ONE))))
        .isEqualTo("DdcCustomers.InsufficientDeposit");
    assertThat(
            chain.moduleError(
                chain.run(
                    0,
                    call(
                        "DdcCustomers",
                        "deposit_for",
                        "owner",
                        chain.id(5),
                        "cluster_id",
                        CLUSTER,
                        "value",
                        BigInteger.TEN.pow(30)))))
        .isEqualTo("DdcCustomers.NotEnoughBalance");
    chain.run(
        0,
        call(
            "DdcCustomers",
            "deposit_for",
            "owner",
            chain.id(5),
            "cluster_id",
            CLUSTER,
            "value",
            cere(5000)));
    assertThat(ledger(5).get("active")).isEqualTo(cere(5000));
    chain.run(
        0,
        call(
            "DdcCustomers",
            "deposit_for",
            "owner",
            chain.id(5),
            "cluster_id",
            CLUSTER,
            "value",
            cere(10000)));
    assertThat(ledger(5).get("total")).isEqualTo(cere(15000));
  }

  @Test
  void unlockAndWithdrawDeposit() {
    chain.run(3, call("DdcCustomers", "deposit", "cluster_id", CLUSTER, "value", cere(35)));
    long at = chain.number;
    chain.run(3, call("DdcCustomers", "unlock_deposit", "cluster_id", CLUSTER, "value", cere(1)));
    List<?> chunks = (List<?>) ledger(3).get("unlocking");
    assertThat(chunks).hasSize(1);
    assertThat(((Map<?, ?>) chunks.get(0)).get("block"))
        .isEqualTo(BigInteger.valueOf(at + DdcMetadata.UNLOCKING_DELAY));
    assertThat(ledger(3).get("active")).isEqualTo(cere(34));
    for (int i = 0; i < 31; i++) {
      chain.run(3, call("DdcCustomers", "unlock_deposit", "cluster_id", CLUSTER, "value", cere(1)));
    }
    assertThat((List<?>) ledger(3).get("unlocking")).hasSize(32);
    assertThat(
            chain.moduleError(
                chain.run(
                    3,
                    call(
                        "DdcCustomers",
                        "unlock_deposit",
                        "cluster_id",
                        CLUSTER,
                        "value",
                        cere(1)))))
        .isEqualTo("DdcCustomers.NoMoreChunks");
    BigInteger before = chain.free(3);
    chain.jumpTo(chain.number + DdcMetadata.UNLOCKING_DELAY + 40);
    List<Object> ev =
        chain.run(3, call("DdcCustomers", "withdraw_unlocked_deposit", "cluster_id", CLUSTER));
    assertThat(TestChain.field(ev, "DdcCustomers.Withdrawn", "amount")).isEqualTo(cere(32));
    assertThat(ledger(3).get("total")).isEqualTo(cere(3));
    assertThat((List<?>) ledger(3).get("unlocking")).isEmpty();
    assertThat(chain.free(3)).isGreaterThan(before.add(cere(31)));
    chain.run(3, call("DdcCustomers", "unlock_deposit", "cluster_id", CLUSTER, "value", cere(3)));
    chain.jumpTo(chain.number + DdcMetadata.UNLOCKING_DELAY + 1);
    chain.run(3, call("DdcCustomers", "withdraw_unlocked_deposit", "cluster_id", CLUSTER));
    assertThat(ledger(3)).isNull();
  }

  @Test
  void bucketParamsAndRemoval() {
    chain.run(
        2,
        call(
            "DdcCustomers",
            "create_bucket",
            "cluster_id",
            CLUSTER,
            "bucket_params",
            fields("is_public", false)));
    assertThat(
            chain.moduleError(
                chain.run(
                    2,
                    call(
                        "DdcCustomers",
                        "set_bucket_params",
                        "bucket_id",
                        7L,
                        "bucket_params",
                        fields("is_public", true)))))
        .isEqualTo("DdcCustomers.NoBucketWithId");
    assertThat(
            chain.moduleError(
                chain.run(
                    3,
                    call(
                        "DdcCustomers",
                        "set_bucket_params",
                        "bucket_id",
                        1L,
                        "bucket_params",
                        fields("is_public", true)))))
        .isEqualTo("DdcCustomers.NotBucketOwner");
    chain.run(
        2,
        call(
            "DdcCustomers",
            "set_bucket_params",
            "bucket_id",
            1L,
            "bucket_params",
            fields("is_public", true)));
    assertThat(((Map<?, ?>) ddc.buckets.get(chain.state, DdcPallets.u64(1))).get("is_public"))
        .isEqualTo(true);
    assertThat(
            TestChain.names(chain.run(2, call("DdcCustomers", "remove_bucket", "bucket_id", 1L))))
        .contains("DdcCustomers.BucketRemoved");
    assertThat(((Map<?, ?>) ddc.buckets.get(chain.state, DdcPallets.u64(1))).get("is_removed"))
        .isEqualTo(true);
    assertThat(ddc.bucketsCount.get(chain.state)).isEqualTo(1L);
    assertThat(
            chain.moduleError(chain.run(2, call("DdcCustomers", "remove_bucket", "bucket_id", 1L))))
        .isEqualTo("DdcCustomers.AlreadyRemoved");
  }

  static EnumValue nodeKey(int seed) {
    byte[] k = new byte[32];
    k[0] = (byte) seed;
    return new EnumValue("StoragePubKey", k);
  }

  static EnumValue nodeParams(String host) {
    return new EnumValue(
        "StorageParams",
        fields(
            "mode",
            EnumValue.of("Storage"),
            "host",
            host.getBytes(),
            "domain",
            new byte[0],
            "ssl",
            false,
            "http_port",
            8091,
            "grpc_port",
            9091,
            "p2p_port",
            9071));
  }

  @Test
  void nodesAreCreatedChangedAndDeletedByTheirProvider() {
    assertThat(
            chain.moduleError(
                chain.run(
                    2,
                    call(
                        "DdcNodes",
                        "create_node",
                        "node_pub_key",
                        nodeKey(1),
                        "node_params",
                        nodeParams("h".repeat(256))))))
        .isEqualTo("DdcNodes.HostLenExceedsLimit");
    createNode(2, 1, "h".repeat(255));
    Map<?, ?> node = (Map<?, ?>) ddc.storageNodes.get(chain.state, (byte[]) nodeKey(1).value());
    assertThat(node.get("cluster_id")).isEqualTo(DdcPallets.NONE);
    assertThat(
            chain.moduleError(
                chain.run(
                    2,
                    call(
                        "DdcNodes",
                        "create_node",
                        "node_pub_key",
                        nodeKey(1),
                        "node_params",
                        nodeParams("x")))))
        .isEqualTo("DdcNodes.NodeAlreadyExists");
    assertThat(
            chain.moduleError(
                chain.run(
                    3,
                    call(
                        "DdcNodes",
                        "set_node_params",
                        "node_pub_key",
                        nodeKey(1),
                        "node_params",
                        nodeParams("x")))))
        .isEqualTo("DdcNodes.OnlyNodeProvider");
    assertThat(
            chain.moduleError(
                chain.run(3, call("DdcNodes", "delete_node", "node_pub_key", nodeKey(1)))))
        .isEqualTo("DdcNodes.OnlyNodeProvider");
    assertThat(
            TestChain.names(
                chain.run(2, call("DdcNodes", "delete_node", "node_pub_key", nodeKey(1)))))
        .contains("DdcNodes.NodeDeleted");
  }

  /** Account {@code signer} creates node {@code key} (a storage node at {@code host}). */
  private List<Object> createNode(int signer, int key, String host) {
    return chain.run(
        signer,
        call(
            "DdcNodes",
            "create_node",
            "node_pub_key",
            nodeKey(key),
            "node_params",
            nodeParams(host)));
  }

  /**
   * A staking lock holds a consumer reference on the account (as pallet-balances' update_locks), so
   * root cannot set its free balance to nothing while the bond stands: the lock and the ledger stay
   * consistent (RuntimeInvariantsTest found frozen 0 under a ledger of 1 500 CERE).
   */
  @Test
  void aBondedAccountCannotBeEmptiedUnderItsLock() {
    createNode(2, 1, "127.0.0.1");
    assertThat(chain.account(2).consumers()).isZero();
    EnumValue ctrl = new EnumValue("Id", chain.id(2));
    chain.run(
        2, call("DdcStaking", "bond", "controller", ctrl, "node", nodeKey(1), "value", cere(1500)));
    assertThat(chain.account(2).consumers()).isEqualTo(1);
    BigInteger free = chain.free(2);
    EnumValue empty =
        call(
            "Balances",
            "force_set_balance",
            "who",
            new EnumValue("Id", chain.id(2)),
            "new_free",
            0);
    List<Object> ev = chain.run(0, call("Sudo", "sudo", "call", empty));
    assertThat(TestChain.field(ev, "Sudo.Sudid", "sudo_result").toString())
        .contains("ConsumerRemaining");
    assertThat(chain.free(2)).isEqualTo(free);
    assertThat(chain.account(2).frozen()).isEqualTo(cere(1500));
    assertThat(((Map<?, ?>) ddc.stakingLedger.get(chain.state, chain.id(2))).get("total"))
        .isEqualTo(cere(1500));
  }

  @Test
  void providerBondsStoresJoinsValidatesAndChills() {
    createNode(2, 1, "127.0.0.1");
    EnumValue ctrl = new EnumValue("Id", chain.id(2));
    assertThat(
            chain.moduleError(
                chain.run(
                    2,
                    call(
                        "DdcStaking",
                        "bond",
                        "controller",
                        ctrl,
                        "node",
                        nodeKey(1),
                        "value",
                        BigInteger.ZERO))))
        .isEqualTo("DdcStaking.InsufficientBond");
    List<Object> ev =
        chain.run(
            2,
            call(
                "DdcStaking", "bond", "controller", ctrl, "node", nodeKey(1), "value", cere(1500)));
    assertThat(TestChain.names(ev)).contains("DdcStaking.Bonded");
    assertThat(chain.account(2).frozen()).isEqualTo(cere(1500));
    assertThat(
            chain.moduleError(
                chain.run(
                    2,
                    call(
                        "DdcStaking",
                        "bond",
                        "controller",
                        ctrl,
                        "node",
                        nodeKey(1),
                        "value",
                        cere(10)))))
        .isEqualTo("DdcStaking.AlreadyBonded");
    assertThat(TestChain.names(chain.run(2, call("DdcStaking", "store", "cluster_id", CLUSTER))))
        .contains("DdcStaking.Activated");
    EnumValue add =
        call(
            "DdcClusters",
            "add_node",
            "cluster_id",
            CLUSTER,
            "node_pub_key",
            nodeKey(1),
            "node_kind",
            EnumValue.of("External"));
    assertThat(chain.moduleError(chain.run(3, add))).isEqualTo("DdcClusters.OnlyClusterManager");
    assertThat(chain.moduleError(chain.run(0, add)))
        .isEqualTo("DdcClusters.UnexpectedClusterStatus");
    assertThat(
            chain.moduleError(
                chain.run(0, call("DdcStaking", "bond_cluster", "cluster_id", CLUSTER))))
        .isEqualTo("DdcStaking.NotStash");
    assertThat(
            TestChain.names(
                chain.run(1, call("DdcStaking", "bond_cluster", "cluster_id", CLUSTER))))
        .contains("DdcClusters.ClusterBonded");
    assertThat(chain.account(1).frozen()).isEqualTo(DdcMetadata.CLUSTER_BONDING_AMOUNT);
    assertThat(TestChain.names(chain.run(0, add))).contains("DdcClusters.ClusterNodeAdded");
    assertThat(chain.moduleError(chain.run(0, add)))
        .isEqualTo("DdcClusters.AttemptToAddAlreadyAssignedNode");
    Map<?, ?> node = (Map<?, ?>) ddc.storageNodes.get(chain.state, (byte[]) nodeKey(1).value());
    assertThat((byte[]) DdcPallets.unwrap(node.get("cluster_id"))).isEqualTo(CLUSTER);
    chain.run(
        0,
        call(
            "DdcClusters",
            "validate_node",
            "cluster_id",
            CLUSTER,
            "node_pub_key",
            nodeKey(1),
            "succeeded",
            true));
    Map<?, ?> stats = (Map<?, ?>) ddc.nodesStats.get(chain.state, CLUSTER);
    assertThat(stats.get("validation_succeeded")).isEqualTo(1);
    assertThat(stats.get("await_validation")).isEqualTo(0);
    assertThat(
            chain.moduleError(
                chain.run(2, call("DdcNodes", "delete_node", "node_pub_key", nodeKey(1)))))
        .isEqualTo("DdcNodes.NodeIsAssignedToCluster");
    long now = chain.number;
    ev = chain.run(2, call("DdcStaking", "chill"));
    assertThat(TestChain.names(ev)).contains("DdcStaking.ChillSoon");
    assertThat(chain.moduleError(chain.run(2, call("DdcStaking", "chill"))))
        .isEqualTo("DdcStaking.TooEarly");
    chain.jumpTo(now + 10);
    assertThat(TestChain.names(chain.run(2, call("DdcStaking", "chill"))))
        .contains("DdcStaking.Chilled");
    assertThat(ddc.storages.get(chain.state, chain.id(2))).isNull();
  }

  @Test
  void clusterBondActivateUnbondWithdraw() {
    chain.run(1, call("DdcStaking", "bond_cluster", "cluster_id", CLUSTER));
    assertThat(
            chain.moduleError(
                chain.run(1, call("DdcStaking", "bond_cluster", "cluster_id", CLUSTER))))
        .isEqualTo("DdcStaking.AlreadyBonded");
    EnumValue activate =
        call(
            "DdcClustersGov",
            "activate_cluster_protocol",
            "cluster_id",
            CLUSTER,
            "cluster_protocol_params",
            protocol(10, 10, 10));
    assertThat(chain.moduleError(chain.run(0, activate))).isEqualTo("BadOrigin");
    assertThat(TestChain.names(chain.run(0, call("Sudo", "sudo", "call", activate))))
        .contains("DdcClusters.ClusterActivated");
    assertThat(
            ((EnumValue) ((Map<?, ?>) ddc.clusters.get(chain.state, CLUSTER)).get("status")).name())
        .isEqualTo("Activated");
    long at = chain.number;
    List<Object> ev = chain.run(0, call("DdcStaking", "unbond_cluster", "cluster_id", CLUSTER));
    assertThat(TestChain.names(ev)).contains("DdcClusters.ClusterUnbonding", "DdcStaking.Unbonded");
    Map<?, ?> led = (Map<?, ?>) ddc.clusterLedger.get(chain.state, chain.id(0));
    Map<?, ?> chunk = (Map<?, ?>) ((List<?>) led.get("unlocking")).get(0);
    assertThat(chunk.get("block"))
        .isEqualTo(BigInteger.valueOf(at + DdcMetadata.CLUSTER_UNBONDING_DELAY));
    assertThat(
            chain.moduleError(
                chain.run(0, call("DdcStaking", "unbond_cluster", "cluster_id", CLUSTER))))
        .isEqualTo("DdcClusters.UnexpectedClusterStatus");
    chain.run(0, call("DdcStaking", "withdraw_unbonded_cluster", "cluster_id", CLUSTER));
    assertThat(ddc.clusterLedger.exists(chain.state, chain.id(0))).isTrue();
    chain.jumpTo(at + DdcMetadata.CLUSTER_UNBONDING_DELAY);
    ev = chain.run(0, call("DdcStaking", "withdraw_unbonded_cluster", "cluster_id", CLUSTER));
    assertThat(TestChain.names(ev)).contains("DdcStaking.Withdrawn", "DdcClusters.ClusterUnbonded");
    assertThat(ddc.clusterLedger.exists(chain.state, chain.id(0))).isFalse();
    assertThat(chain.account(1).frozen()).isZero();
  }

  @Test
  void setNodeAndFastChillFollowTheServingState() {
    createNode(2, 1, "a");
    chain.run(
        2,
        call(
            "DdcNodes", "create_node", "node_pub_key", nodeKey(2), "node_params", nodeParams("b")));
    chain.run(
        2,
        call(
            "DdcStaking",
            "bond",
            "controller",
            new EnumValue("Id", chain.id(2)),
            "node",
            nodeKey(1),
            "value",
            cere(100)));
    assertThat(
            chain.moduleError(chain.run(3, call("DdcStaking", "set_node", "new_node", nodeKey(2)))))
        .isEqualTo("DdcStaking.NotStash");
    chain.run(2, call("DdcStaking", "store", "cluster_id", CLUSTER));
    assertThat(
            chain.moduleError(chain.run(2, call("DdcStaking", "set_node", "new_node", nodeKey(2)))))
        .isEqualTo("DdcStaking.AlreadyInRole");
    // not in the cluster yet: fast chill works
    assertThat(TestChain.names(chain.run(2, call("DdcStaking", "fast_chill"))))
        .contains("DdcStaking.ChillSoon");
    chain.run(2, call("DdcStaking", "chill"));
    assertThat(ddc.storages.exists(chain.state, chain.id(2))).isFalse();
    chain.run(2, call("DdcStaking", "set_node", "new_node", nodeKey(2)));
    assertThat((byte[]) ((EnumValue) ddc.providers.get(chain.state, chain.id(2))).value())
        .isEqualTo(nodeKey(2).value());
    assertThat(ddc.nodes.exists(chain.state, DdcPallets.nodeKey(nodeKey(1)))).isFalse();
    chain.run(
        2, call("DdcStaking", "set_controller", "controller", new EnumValue("Id", chain.id(5))));
    assertThat(ddc.stakingLedger.exists(chain.state, chain.id(5))).isTrue();
    assertThat(ddc.stakingLedger.exists(chain.state, chain.id(2))).isFalse();
  }

  @Test
  void chargeBucketOwner() {
    chain.run(3, call("DdcCustomers", "deposit", "cluster_id", CLUSTER, "value", cere(100)));
    byte[] vault = DdcPallets.clusterVault(CLUSTER);
    byte[] payouts = DdcPallets.payoutsVault();
    assertThat(chain.rt.account(chain.state, vault).free()).isEqualTo(cere(100));
    Ctx c = new Ctx(chain.rt, chain.state, chain.number);
    assertThat(ddc.chargeCustomer(c, chain.id(3), payouts, CLUSTER, cere(10))).isEqualTo(cere(10));
    assertThat(ledger(3).get("active")).isEqualTo(cere(90));
    assertThat(ledger(3).get("total")).isEqualTo(cere(90));
    assertThat(chain.rt.account(chain.state, payouts).free()).isEqualTo(cere(10));
    assertThat(ddc.chargeCustomer(c, chain.id(3), payouts, CLUSTER, cere(100))).isEqualTo(cere(90));
    assertThat(ledger(3).get("active")).isEqualTo(BigInteger.ZERO);
    assertThat(ledger(3).get("total")).isEqualTo(BigInteger.ZERO);
    assertThat(chain.rt.account(chain.state, vault).free()).isZero();
    List<Object> ev = chain.end();
    List<String> names = TestChain.names(ev);
    assertThat(names.stream().filter(n -> n.equals("DdcCustomers.Charged"))).hasSize(2);
    chain.run(
        3,
        call("DdcCustomers", "deposit_extra", "cluster_id", CLUSTER, "max_additional", cere(100)));
    assertThat(ledger(3).get("active")).isEqualTo(cere(100));
    assertThat(ledger(3).get("total")).isEqualTo(cere(100));
  }

  @Test
  void chargingEatsUnlockingChunksWithoutReportingThem() {
    chain.run(3, call("DdcCustomers", "deposit", "cluster_id", CLUSTER, "value", cere(50)));
    chain.run(3, call("DdcCustomers", "unlock_deposit", "cluster_id", CLUSTER, "value", cere(30)));
    Ctx c = new Ctx(chain.rt, chain.state, chain.number);
    // active 20, one chunk of 30: charging 35 takes the 20 and 15 of the chunk, reports 20
    assertThat(ddc.chargeCustomer(c, chain.id(3), DdcPallets.payoutsVault(), CLUSTER, cere(35)))
        .isEqualTo(cere(20));
    assertThat(ledger(3).get("active")).isEqualTo(BigInteger.ZERO);
    assertThat(ledger(3).get("total")).isEqualTo(cere(30));
    Map<?, ?> chunk = (Map<?, ?>) ((List<?>) ledger(3).get("unlocking")).get(0);
    assertThat(chunk.get("value")).isEqualTo(cere(15));
  }
}
