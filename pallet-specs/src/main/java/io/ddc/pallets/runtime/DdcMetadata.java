package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.Types.err;
import static io.ddc.pallets.runtime.Types.f;
import static io.ddc.pallets.runtime.Types.v;

import io.ddc.pallets.metadata.Hasher;
import io.ddc.pallets.metadata.PalletMetadata.Constant;
import io.ddc.pallets.metadata.StorageEntry;
import io.ddc.pallets.metadata.TypeDef.Field;
import io.ddc.pallets.metadata.TypeDef.VariantDef;
import java.util.List;

/**
 * The DDC pallets of the dev line (chain.md §2): DdcStaking 35, DdcCustomers 36, DdcNodes 37,
 * DdcClusters 38 — types, calls, events, errors, storage and constants, in the real index order.
 */
final class DdcMetadata {
  static final int STAKING = 35;
  static final int CUSTOMERS = 36;
  static final int NODES = 37;
  static final int CLUSTERS = 38;
  static final int CLUSTERS_GOV = 46;

  /** {@code MaxUnlockingChunks} of customers and staking. */
  static final int MAX_UNLOCKING_CHUNKS = 32;

  /** Customers' {@code UnlockingDelay}: 7 days of 6 s blocks. */
  static final long UNLOCKING_DELAY = 100_800;

  /** Staking's {@code ClusterBondingAmount}: 100 000 CERE. */
  static final java.math.BigInteger CLUSTER_BONDING_AMOUNT =
      RuntimeConfig.CERE.multiply(java.math.BigInteger.valueOf(100_000));

  /** Staking's {@code ClusterUnboningDelay}: 28 days. */
  static final long CLUSTER_UNBONDING_DELAY = 403_200;

  private final CereMetadata m;
  private final Types t;
  final int clusterId;
  final int nodePubKey;
  final int storageNodeMode;
  final int storageNodeParams;
  final int nodeParams;
  final int bucketParams;
  final int clusterParams;
  final int clusterProtocolParams;
  final int clusterNodeKind;
  final int optionU32;

  DdcMetadata(CereMetadata m) {
    this.m = m;
    this.t = m.t;
    clusterId = t.h160;
    nodePubKey =
        t.variants(
            "ddc_primitives::NodePubKey",
            v("StoragePubKey", 0, Field.unnamed(t.accountId, "StorageNodePubKey")));
    storageNodeMode =
        t.variants(
            "ddc_primitives::StorageNodeMode",
            v("Full", 1),
            v("Storage", 2),
            v("Cache", 3),
            v("Compute", 4));
    storageNodeParams =
        t.composite(
            "ddc_primitives::StorageNodeParams",
            f("mode", storageNodeMode, "StorageNodeMode"),
            f("host", t.vecU8, "Vec<u8>"),
            f("domain", t.vecU8, "Vec<u8>"),
            f("ssl", t.bool, "bool"),
            f("http_port", t.u16, "u16"),
            f("grpc_port", t.u16, "u16"),
            f("p2p_port", t.u16, "u16"));
    nodeParams =
        t.variants(
            "ddc_primitives::NodeParams",
            v("StorageParams", 0, Field.unnamed(storageNodeParams, "StorageNodeParams")));
    bucketParams = t.composite("ddc_primitives::BucketParams", f("is_public", t.bool, "bool"));
    int dryRun =
        t.composite(
            "ddc_primitives::InspectionDryRunParams",
            f("enabled", t.bool, "bool"),
            f("sync_node_key", nodePubKey, "NodePubKey"),
            f("sync_node_params", storageNodeParams, "StorageNodeParams"));
    int optionDryRun = t.reg.option(dryRun);
    Field[] clusterFields = {
      f("node_provider_auth_contract", t.optionAccountId, "Option<AccountId>"),
      f("erasure_coding_required", t.u32, "u32"),
      f("erasure_coding_total", t.u32, "u32"),
      f("replication_total", t.u32, "u32"),
      f("inspection_dry_run_params", optionDryRun, "Option<InspectionDryRunParams>")
    };
    clusterParams = t.composite("ddc_primitives::ClusterParams", clusterFields);
    int perquintill =
        t.composite("sp_arithmetic::per_things::Perquintill", Field.unnamed(t.u64, "u64"));
    clusterProtocolParams =
        t.composite(
            "ddc_primitives::ClusterProtocolParams",
            f("treasury_share", perquintill, "Perquintill"),
            f("validators_share", perquintill, "Perquintill"),
            f("cluster_reserve_share", perquintill, "Perquintill"),
            f("storage_bond_size", t.u128, "Balance"),
            f("storage_chill_delay", t.u32, "BlockNumber"),
            f("storage_unbonding_delay", t.u32, "BlockNumber"),
            f("cost_per_mb_stored", t.u128, "u128"),
            f("cost_per_mb_streamed", t.u128, "u128"),
            f("cost_per_put_request", t.u128, "u128"),
            f("cost_per_get_request", t.u128, "u128"),
            f("cost_per_gpu_unit", t.u128, "u128"),
            f("cost_per_cpu_unit", t.u128, "u128"),
            f("cost_per_ram_unit", t.u128, "u128"),
            f("customer_deposit_contract", t.accountId, "AccountId"));
    clusterNodeKind = t.unitEnum("ddc_primitives::ClusterNodeKind", "Genesis", "External");
    optionU32 = t.reg.option(t.u32);
  }

  private int calls(String path, VariantDef... vs) {
    return t.palletEnum(path, vs);
  }

  private static StorageEntry map(String name, Hasher h, int key, int value, String doc) {
    return StorageEntry.map(name, true, List.of(h), key, value, CereMetadata.NONE, doc);
  }

  private static StorageEntry doubleMap(
      String name, Hasher h1, Hasher h2, int key, int value, String doc) {
    return StorageEntry.map(name, true, List.of(h1, h2), key, value, CereMetadata.NONE, doc);
  }

  void register() {
    customers();
    nodes();
    clusters();
    staking();
    clustersGov();
  }

  /**
   * DdcClustersGov (46): only the Root-dispatched enactment calls are modelled (no proposals, no
   * referenda).
   */
  private void clustersGov() {
    Field cid = f("cluster_id", clusterId, "ClusterId");
    Field params =
        f("cluster_protocol_params", clusterProtocolParams, "ClusterProtocolParamsType<T>");
    int calls =
        calls(
            "pallet_ddc_clusters_gov::pallet::Call",
            v("activate_cluster_protocol", 6, cid, params),
            v("update_cluster_protocol", 7, cid, params));
    int errors =
        m.errorEnum(
            "pallet_ddc_clusters_gov::pallet::Error",
            err("NotClusterMember", "The caller is not a member of the cluster."),
            err("NotClusterManager", "The caller is not the cluster's manager."),
            err("NotValidatedNode", "The node has not been validated in the cluster."),
            err("NoCluster", "The cluster does not exist."),
            err("NoClusterNode", "The node is not part of the cluster."),
            err("NotProposalAuthor", "The caller is not the author of the proposal."),
            err("ProposalMissing", "The cluster has no proposal."),
            err("ActiveProposal", "The cluster already has a proposal in progress."),
            err("DuplicateVote", "The caller has already cast this vote on the proposal."),
            err("TooEarly", "The proposal cannot be closed before its voting period ends."),
            err("AwaitsValidation", "Some nodes of the cluster are still waiting to be validated."),
            err("NotEnoughValidatedNodes", "The cluster has too few validated nodes."),
            err("UnexpectedState", "The cluster's status does not allow this proposal."),
            err("VoteProhibited", "The caller may not vote on this proposal."),
            err("NoSubmissionDeposit", "The referendum has no submission deposit to refund."),
            err("NotNodeProvider", "The caller is not the node's provider."));
    m.pallet("DdcClustersGov", CLUSTERS_GOV, List.of(), calls, -1, List.of(), errors);
  }

  private void customers() {
    int unlockChunk =
        t.composite(
            "pallet_ddc_customers::UnlockChunk",
            f("value", t.compactU128, "BalanceOf<T>"),
            f("block", t.compactU32, "BlockNumberFor<T>"));
    int ledger =
        t.composite(
            "pallet_ddc_customers::CustomerLedger",
            f("owner", t.accountId, "AccountId"),
            f("total", t.compactU128, "Balance"),
            f("active", t.compactU128, "Balance"),
            f(
                "unlocking",
                t.reg.sequence(unlockChunk),
                "BoundedVec<UnlockChunk<T>, MaxUnlockingChunks>"));
    int bucket =
        t.composite(
            "pallet_ddc_customers::Bucket",
            f("bucket_id", t.u64, "BucketId"),
            f("owner_id", t.accountId, "AccountId"),
            f("cluster_id", clusterId, "ClusterId"),
            f("is_public", t.bool, "bool"),
            f("is_removed", t.bool, "bool"));
    Field cluster = f("cluster_id", clusterId, "ClusterId");
    int calls =
        calls(
            "pallet_ddc_customers::pallet::Call",
            v("create_bucket", 0, cluster, f("bucket_params", bucketParams, "BucketParams")),
            v("deposit", 1, cluster, f("value", t.compactU128, "BalanceOf<T>")),
            v("deposit_extra", 2, cluster, f("max_additional", t.compactU128, "BalanceOf<T>")),
            v(
                "deposit_for",
                3,
                f("owner", t.accountId, "T::AccountId"),
                cluster,
                f("value", t.compactU128, "BalanceOf<T>")),
            v("unlock_deposit", 4, cluster, f("value", t.compactU128, "BalanceOf<T>")),
            v("withdraw_unlocked_deposit", 5, cluster),
            v(
                "set_bucket_params",
                6,
                f("bucket_id", t.u64, "BucketId"),
                f("bucket_params", bucketParams, "BucketParams")),
            v("remove_bucket", 7, f("bucket_id", t.u64, "BucketId")));
    Field owner = f("owner_id", t.accountId, "T::AccountId");
    Field amount = f("amount", t.u128, "BalanceOf<T>");
    Field bucketId = f("bucket_id", t.u64, "BucketId");
    int events =
        t.palletEnum(
            "pallet_ddc_customers::pallet::Event",
            v("Deposited", 0, cluster, owner, amount),
            v("InitialDepositUnlock", 1, cluster, owner, amount),
            v("Withdrawn", 2, cluster, owner, amount),
            v(
                "Charged",
                3,
                cluster,
                owner,
                f("charged", t.u128, "BalanceOf<T>"),
                f("expected", t.u128, "BalanceOf<T>")),
            v("BucketCreated", 4, cluster, bucketId),
            v("BucketUpdated", 5, cluster, bucketId),
            v("BucketRemoved", 6, cluster, bucketId));
    int errors =
        m.errorEnum(
            "pallet_ddc_customers::pallet::Error",
            err("NotOwner", "The account has no deposit in this cluster."),
            err("NotBucketOwner", "The caller is not the bucket's owner."),
            err(
                "AlreadyPaired",
                "The account already has a deposit in this cluster; add to it with deposit_extra."),
            err("InsufficientDeposit", "The deposit would be below the existential deposit."),
            err(
                "NoMoreChunks",
                "The deposit has too many pending unlocks; withdraw the unlocked funds first."),
            err(
                "NotEnoughBalance",
                "The paying account's free balance is lower than the amount to deposit."),
            err("NoBucketWithId", "The bucket does not exist."),
            err(
                "BadState",
                "The pallet's state is inconsistent, so the operation cannot continue."),
            err("BucketDoesNotExist", "The bucket to charge for does not exist."),
            err("ClusterDoesNotExist", "The cluster does not exist."),
            err("Unauthorized", "The caller is not allowed to perform this operation."),
            err("ArithmeticOverflow", "An amount overflowed while updating the deposit."),
            err("ArithmeticUnderflow", "An amount underflowed while updating the deposit."),
            err("TransferFailed", "Moving funds to or from the cluster's deposit account failed."),
            err("AlreadyRemoved", "The bucket has already been removed."),
            err("ClusterMismatch", "The bucket belongs to another cluster."));
    List<StorageEntry> storage =
        List.of(
            doubleMap(
                "ClusterLedger",
                Hasher.BLAKE2_256,
                Hasher.BLAKE2_256,
                t.reg.tuple(clusterId, t.accountId),
                ledger,
                "The customers' deposit ledgers, per cluster and owner."),
            StorageEntry.plain(
                "BucketsCount",
                false,
                t.u64,
                new byte[8],
                "The number of buckets created so far (the last id)."),
            map("Buckets", Hasher.TWOX_64_CONCAT, t.u64, bucket, "Buckets by id."));
    List<Constant> consts =
        List.of(
            m.constant(
                "PalletId",
                t.bytes8,
                "accounts".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "The pallet's id."),
            m.constant(
                "UnlockingDelay",
                t.u32,
                UNLOCKING_DELAY,
                "Blocks an unlocked deposit waits before it can be withdrawn."));
    m.pallet("DdcCustomers", CUSTOMERS, storage, calls, events, consts, errors);
  }

  private void nodes() {
    int props =
        t.composite(
            "pallet_ddc_nodes::storage_node::StorageNodeProps",
            f("host", t.vecU8, "BoundedVec<u8, MaxHostLen>"),
            f("domain", t.vecU8, "BoundedVec<u8, MaxDomainLen>"),
            f("ssl", t.bool, "bool"),
            f("http_port", t.u16, "u16"),
            f("grpc_port", t.u16, "u16"),
            f("p2p_port", t.u16, "u16"),
            f("mode", storageNodeMode, "StorageNodeMode"));
    int node =
        t.composite(
            "pallet_ddc_nodes::storage_node::StorageNode",
            f("pub_key", t.accountId, "StorageNodePubKey"),
            f("provider_id", t.accountId, "T::AccountId"),
            f("cluster_id", t.reg.option(clusterId), "Option<ClusterId>"),
            f("props", props, "StorageNodeProps"));
    Field key = f("node_pub_key", nodePubKey, "NodePubKey");
    int calls =
        calls(
            "pallet_ddc_nodes::pallet::Call",
            v("create_node", 0, key, f("node_params", nodeParams, "NodeParams")),
            v("delete_node", 1, key),
            v("set_node_params", 2, key, f("node_params", nodeParams, "NodeParams")));
    int events =
        t.palletEnum(
            "pallet_ddc_nodes::pallet::Event",
            v("NodeCreated", 0, key),
            v("NodeDeleted", 1, key),
            v("NodeParamsChanged", 2, key));
    int errors =
        m.errorEnum(
            "pallet_ddc_nodes::pallet::Error",
            err("NodeAlreadyExists", "A node with this public key already exists."),
            err("NodeDoesNotExist", "The node does not exist."),
            err("OnlyNodeProvider", "The caller is not the node's provider."),
            err(
                "NodeIsAssignedToCluster",
                "The node is still in a cluster; remove it from the cluster first."),
            err("HostLenExceedsLimit", "The node's host is longer than 255 bytes."),
            err("DomainLenExceedsLimit", "The node's domain is longer than 255 bytes."),
            err(
                "NodeHasDanglingStake",
                "A stake is still bonded to the node; unbond and withdraw it first."));
    m.pallet(
        "DdcNodes",
        NODES,
        List.of(
            map(
                "StorageNodes",
                Hasher.BLAKE2_128_CONCAT,
                t.accountId,
                node,
                "Storage nodes by public key.")),
        calls,
        events,
        List.of(),
        errors);
  }

  private void clusters() {
    int status =
        t.unitEnum("ddc_primitives::ClusterStatus", "Unbonded", "Bonded", "Activated", "Unbonding");
    int props =
        t.composite(
            "pallet_ddc_clusters::cluster::ClusterProps",
            f("node_provider_auth_contract", t.optionAccountId, "Option<AccountId>"),
            f("erasure_coding_required", t.u32, "u32"),
            f("erasure_coding_total", t.u32, "u32"),
            f("replication_total", t.u32, "u32"),
            f(
                "inspection_dry_run_params",
                t.reg.option(t.get(clusterParams, 4)),
                "Option<InspectionDryRunParams>"));
    int cluster =
        t.composite(
            "pallet_ddc_clusters::cluster::Cluster",
            f("cluster_id", clusterId, "ClusterId"),
            f("manager_id", t.accountId, "AccountId"),
            f("reserve_id", t.accountId, "AccountId"),
            f("props", props, "ClusterProps<AccountId>"),
            f("status", status, "ClusterStatus"),
            f("last_paid_era", t.u32, "EhdEra"));
    int nodeStatus =
        t.unitEnum(
            "ddc_primitives::ClusterNodeStatus",
            "AwaitsValidation",
            "ValidationSucceeded",
            "ValidationFailed");
    int nodeState =
        t.composite(
            "ddc_primitives::ClusterNodeState",
            f("kind", clusterNodeKind, "ClusterNodeKind"),
            f("status", nodeStatus, "ClusterNodeStatus"),
            f("added_at", t.u32, "BlockNumber"));
    int stats =
        t.composite(
            "ddc_primitives::ClusterNodesStats",
            f("await_validation", t.u16, "u16"),
            f("validation_succeeded", t.u16, "u16"),
            f("validation_failed", t.u16, "u16"));
    Field cid = f("cluster_id", clusterId, "ClusterId");
    Field key = f("node_pub_key", nodePubKey, "NodePubKey");
    int calls =
        calls(
            "pallet_ddc_clusters::pallet::Call",
            v(
                "create_cluster",
                0,
                cid,
                f("cluster_reserve_id", t.accountId, "T::AccountId"),
                f("cluster_params", clusterParams, "ClusterParams<T::AccountId>"),
                f(
                    "initial_protocol_params",
                    clusterProtocolParams,
                    "ClusterProtocolParamsType<T>")),
            v("add_node", 1, cid, key, f("node_kind", clusterNodeKind, "ClusterNodeKind")),
            v("remove_node", 2, cid, key),
            v(
                "set_cluster_params",
                3,
                cid,
                f("cluster_params", clusterParams, "ClusterParams<T::AccountId>")),
            v("validate_node", 4, cid, key, f("succeeded", t.bool, "bool")),
            v("join_cluster", 5, cid, key));
    int events =
        t.palletEnum(
            "pallet_ddc_clusters::pallet::Event",
            v("ClusterCreated", 0, cid),
            v("ClusterNodeAdded", 1, cid, key),
            v("ClusterNodeRemoved", 2, cid, key),
            v("ClusterParamsSet", 3, cid),
            v("ClusterProtocolParamsSet", 4, cid),
            v("ClusterActivated", 5, cid),
            v("ClusterBonded", 6, cid),
            v("ClusterUnbonding", 7, cid),
            v("ClusterUnbonded", 8, cid),
            v("ClusterNodeValidated", 9, cid, key, f("succeeded", t.bool, "bool")),
            v("ClusterEraPaid", 10, cid, f("era_id", t.u32, "EhdEra")));
    int errors =
        m.errorEnum(
            "pallet_ddc_clusters::pallet::Error",
            err("ClusterAlreadyExists", "A cluster with this id already exists."),
            err("ClusterDoesNotExist", "The cluster does not exist."),
            err("ClusterParamsExceedsLimit", "The cluster parameters exceed their size limits."),
            err("AttemptToAddNonExistentNode", "The node to add does not exist."),
            err("AttemptToAddAlreadyAssignedNode", "The node to add is already in a cluster."),
            err("AttemptToRemoveNonExistentNode", "The node to remove does not exist."),
            err("AttemptToRemoveNotAssignedNode", "The node to remove is not in this cluster."),
            err("OnlyClusterManager", "The caller is not the cluster's manager."),
            err("OnlyNodeProvider", "The caller is not the node's provider."),
            err(
                "NodeIsNotAuthorized",
                "The node's provider is not authorized to join this cluster."),
            err(
                "NodeHasNoActivatedStake",
                "The node has no stake serving storage in this cluster."),
            err("NodeStakeIsInvalid", "The node's stake has no staking ledger."),
            err(
                "NodeChillingIsProhibited",
                "The node's stake is chilling, so the node cannot join the cluster."),
            err(
                "NodeAuthContractCallFailed",
                "Calling the cluster's node-provider authorization contract failed."),
            err(
                "NodeAuthContractDeployFailed",
                "Deploying the node-provider authorization contract failed."),
            err(
                "NodeAuthNodeAuthorizationNotSuccessful",
                "The node-provider authorization contract refused the node."),
            err(
                "ErasureCodingRequiredDidNotMeetMinimum",
                "The required number of erasure-coding pieces is below the minimum."),
            err(
                "ErasureCodingTotalNotMeetMinimum",
                "The total number of erasure-coding pieces is below the minimum."),
            err(
                "ReplicationTotalDidNotMeetMinimum",
                "The replication factor is below the minimum."),
            err("ClusterAlreadyActivated", "The cluster is already activated."),
            err("UnexpectedClusterStatus", "The cluster's status does not allow this operation."),
            err("AttemptToValidateNotAssignedNode", "The node to validate is not in this cluster."),
            err("ClusterProtocolParamsNotSet", "The cluster has no protocol parameters."),
            err("ArithmeticOverflow", "A counter overflowed while updating the cluster."),
            err("NodeIsNotAssignedToCluster", "The node is not in this cluster."),
            err("ControllerDoesNotExist", "The stake's controller account does not exist."));
    List<StorageEntry> storage =
        List.of(
            map("Clusters", Hasher.BLAKE2_128_CONCAT, clusterId, cluster, "Clusters by id."),
            map(
                "ClustersGovParams",
                Hasher.TWOX_64_CONCAT,
                clusterId,
                clusterProtocolParams,
                "Each cluster's protocol parameters."),
            doubleMap(
                "ClustersNodes",
                Hasher.BLAKE2_128_CONCAT,
                Hasher.BLAKE2_128_CONCAT,
                t.reg.tuple(clusterId, nodePubKey),
                nodeState,
                "The nodes of each cluster and their state."),
            map(
                "ClustersNodesStats",
                Hasher.TWOX_64_CONCAT,
                clusterId,
                stats,
                "Node counts per validation status."));
    m.pallet("DdcClusters", CLUSTERS, storage, calls, events, List.of(), errors);
  }

  private void staking() {
    int chunk =
        t.composite(
            "pallet_ddc_staking::UnlockChunk",
            f("value", t.compactU128, "Balance"),
            f("block", t.compactU32, "BlockNumber"));
    int ledger =
        t.composite(
            "pallet_ddc_staking::StakingLedger",
            f("stash", t.accountId, "AccountId"),
            f("total", t.compactU128, "Balance"),
            f("active", t.compactU128, "Balance"),
            f("chilling", optionU32, "Option<BlockNumber>"),
            f(
                "unlocking",
                t.reg.sequence(chunk),
                "BoundedVec<UnlockChunk<Balance, BlockNumber>, MaxUnlockingChunks>"));
    Field cid = f("cluster_id", clusterId, "ClusterId");
    Field value = f("value", t.compactU128, "BalanceOf<T>");
    int calls =
        calls(
            "pallet_ddc_staking::pallet::Call",
            v(
                "bond",
                0,
                f("controller", t.multiAddress, "<T::Lookup as StaticLookup>::Source"),
                f("node", nodePubKey, "NodePubKey"),
                value),
            v("unbond", 1, value),
            v("withdraw_unbonded", 2),
            v("store", 3, cid),
            v("chill", 4),
            v(
                "set_controller",
                5,
                f("controller", t.multiAddress, "<T::Lookup as StaticLookup>::Source")),
            v("set_node", 6, f("new_node", nodePubKey, "NodePubKey")),
            v("fast_chill", 7),
            v("bond_cluster", 8, cid),
            v("unbond_cluster", 9, cid),
            v("withdraw_unbonded_cluster", 10, cid));
    Field who = Field.unnamed(t.accountId, "T::AccountId");
    Field amount = Field.unnamed(t.u128, "BalanceOf<T>");
    int events =
        t.palletEnum(
            "pallet_ddc_staking::pallet::Event",
            v("Bonded", 0, who, amount),
            v("Unbonded", 1, who, amount),
            v("Withdrawn", 2, who, amount),
            v("Chilled", 3, who),
            v(
                "ChillSoon",
                4,
                who,
                Field.unnamed(clusterId, "ClusterId"),
                Field.unnamed(t.u32, "BlockNumberFor<T>")),
            v("Activated", 5, who),
            v("LeaveSoon", 6, who),
            v("Left", 7, who));
    int errors =
        m.errorEnum(
            "pallet_ddc_staking::pallet::Error",
            err("NotController", "The caller is not the controller of a stake."),
            err("NotStash", "The caller is not the stash account of this stake."),
            err("AlreadyBonded", "The stash account is already bonded."),
            err(
                "AlreadyPaired",
                "The controller account or the node is already paired with another stake."),
            err(
                "InsufficientBond",
                "The bond is smaller than required (the existential deposit, or the cluster's storage bond size)."),
            err(
                "NoMoreChunks",
                "The stake has too many pending unbonds; withdraw the unbonded funds first."),
            err(
                "BadState",
                "The stake is in an inconsistent state (for example it has no node), so the operation cannot continue."),
            err(
                "AlreadyInRole",
                "The stake already serves a cluster; chill it before it takes another role."),
            err("TooEarly", "The waiting period has not ended yet."),
            err(
                "NotNodeController",
                "The caller is not the controller of the stake bonded to this node."),
            err("NodeHasNoStake", "The node has no stake serving a cluster."),
            err("NoCluster", "The cluster does not exist."),
            err("NoClusterGovParams", "The cluster has no protocol parameters."),
            err(
                "FastChillProhibited",
                "The node is a member of its cluster, so it cannot chill fast; use chill instead."),
            err("StoringProhibited", "The stake is not allowed to serve storage in this cluster."),
            err("ArithmeticOverflow", "An amount overflowed while updating the stake."),
            err("ArithmeticUnderflow", "An amount underflowed while updating the stake."),
            err("NodeIsNotFound", "The node to bond does not exist."),
            err(
                "NodeIsLeaving",
                "The node is leaving its cluster, so its stake cannot serve or change node until it has left."),
            err("UnbondingProhibited", "The stake cannot be unbonded in its current state."));
    List<StorageEntry> storage =
        List.of(
            map("Bonded", Hasher.TWOX_64_CONCAT, t.accountId, t.accountId, "Stash to controller."),
            map(
                "Ledger",
                Hasher.BLAKE2_128_CONCAT,
                t.accountId,
                ledger,
                "Controller to staking ledger."),
            map(
                "Storages",
                Hasher.TWOX_64_CONCAT,
                t.accountId,
                clusterId,
                "Stashes serving storage, with their cluster."),
            map("Nodes", Hasher.TWOX_64_CONCAT, nodePubKey, t.accountId, "Node to stash."),
            map("Providers", Hasher.TWOX_64_CONCAT, t.accountId, nodePubKey, "Stash to node."),
            map(
                "LeavingStorages",
                Hasher.TWOX_64_CONCAT,
                t.accountId,
                clusterId,
                "Stashes leaving their cluster."),
            map(
                "ClusterBonded",
                Hasher.TWOX_64_CONCAT,
                t.accountId,
                t.accountId,
                "Cluster stash to controller."),
            map(
                "ClusterLedger",
                Hasher.BLAKE2_128_CONCAT,
                t.accountId,
                ledger,
                "Cluster controller to ledger."));
    List<Constant> consts =
        List.of(
            m.constant(
                "ClusterBondingAmount",
                t.u128,
                CLUSTER_BONDING_AMOUNT,
                "Stake a cluster reserve bonds."),
            m.constant(
                "ClusterUnboningDelay",
                t.u32,
                CLUSTER_UNBONDING_DELAY,
                "Blocks before an unbonded cluster stake can be withdrawn."));
    m.pallet("DdcStaking", STAKING, storage, calls, events, consts, errors);
  }
}
