package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.Types.doc;
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
            doc(
                "activate_cluster_protocol",
                6,
                "Activates a bonded cluster and sets its protocol parameters. Only Root may call it, as cluster governance enacts it.",
                cid,
                params),
            doc(
                "update_cluster_protocol",
                7,
                "Replaces the protocol parameters of a cluster that has them. Only Root may call it, as cluster governance enacts it.",
                cid,
                params));
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
            doc(
                "create_bucket",
                0,
                "Creates a bucket in an existing cluster, owned by the caller and numbered with the next bucket id. Any signed account may call it; the bucket's usage is charged to the owner's deposit in that cluster.",
                cluster,
                f("bucket_params", bucketParams, "BucketParams")),
            doc(
                "deposit",
                1,
                "Opens the caller's deposit in a cluster by moving `value` (at most its free balance, keeping the account alive) into the cluster's customer vault. The value must be at least the existential deposit; an existing deposit grows with `deposit_extra` instead.",
                cluster,
                f("value", t.compactU128, "BalanceOf<T>")),
            doc(
                "deposit_extra",
                2,
                "Adds up to `max_additional` of the caller's free balance to its existing deposit in a cluster.",
                cluster,
                f("max_additional", t.compactU128, "BalanceOf<T>")),
            doc(
                "deposit_for",
                3,
                "Pays `value` from the caller's balance into the deposit of `owner` in a cluster, opening that deposit if needed. If the owner's account holds less than the existential deposit, part of `value` first brings it up to that amount.",
                f("owner", t.accountId, "T::AccountId"),
                cluster,
                f("value", t.compactU128, "BalanceOf<T>")),
            doc(
                "unlock_deposit",
                4,
                "Starts unlocking up to `value` of the caller's active deposit in a cluster; the funds can be withdrawn after `UnlockingDelay` blocks (about 7 days). If less than the existential deposit would stay active, the whole deposit is unlocked.",
                cluster,
                f("value", t.compactU128, "BalanceOf<T>")),
            doc(
                "withdraw_unlocked_deposit",
                5,
                "Moves the caller's deposit funds in a cluster whose unlocking delay has passed back to its free balance. A deposit with nothing left active or unlocking is closed.",
                cluster),
            doc(
                "set_bucket_params",
                6,
                "Changes a bucket's parameters (whether it is public). Only the bucket's owner may call it.",
                f("bucket_id", t.u64, "BucketId"),
                f("bucket_params", bucketParams, "BucketParams")),
            doc(
                "remove_bucket",
                7,
                "Marks a bucket as removed; its id is not reused. Only the bucket's owner may call it.",
                f("bucket_id", t.u64, "BucketId")));
    Field owner = f("owner_id", t.accountId, "T::AccountId");
    Field amount = f("amount", t.u128, "BalanceOf<T>");
    Field bucketId = f("bucket_id", t.u64, "BucketId");
    int events =
        t.palletEnum(
            "pallet_ddc_customers::pallet::Event",
            doc(
                "Deposited",
                0,
                "Funds were added to a customer's deposit in a cluster.",
                cluster,
                owner,
                amount),
            doc(
                "InitialDepositUnlock",
                1,
                "Part of a customer's deposit in a cluster started unlocking.",
                cluster,
                owner,
                amount),
            doc(
                "Withdrawn",
                2,
                "Unlocked deposit funds were returned to the customer's free balance.",
                cluster,
                owner,
                amount),
            doc(
                "Charged",
                3,
                "A customer's deposit in a cluster was charged for its usage during a payout; `charged` is below `expected` when the deposit ran short.",
                cluster,
                owner,
                f("charged", t.u128, "BalanceOf<T>"),
                f("expected", t.u128, "BalanceOf<T>")),
            doc("BucketCreated", 4, "A bucket was created in a cluster.", cluster, bucketId),
            doc("BucketUpdated", 5, "A bucket's parameters were changed.", cluster, bucketId),
            doc("BucketRemoved", 6, "A bucket was marked as removed.", cluster, bucketId));
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
            doc(
                "create_node",
                0,
                "Registers a storage node under its public key, with the caller as its provider. The host and the domain may be at most 255 bytes each.",
                key,
                f("node_params", nodeParams, "NodeParams")),
            doc(
                "delete_node",
                1,
                "Deletes a node once it is in no cluster and no stake is bonded to it. Only the node's provider may call it.",
                key),
            doc(
                "set_node_params",
                2,
                "Changes a node's parameters (mode, host, domain, TLS and ports). Only the node's provider may call it.",
                key,
                f("node_params", nodeParams, "NodeParams")));
    int events =
        t.palletEnum(
            "pallet_ddc_nodes::pallet::Event",
            doc("NodeCreated", 0, "A storage node was registered.", key),
            doc("NodeDeleted", 1, "A storage node was deleted.", key),
            doc("NodeParamsChanged", 2, "A storage node's parameters were changed.", key));
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
            doc(
                "create_cluster",
                0,
                "Creates a cluster with the caller as its manager, together with its reserve account, parameters and initial protocol parameters. The cluster starts unbonded: its reserve account bonds it with `DdcStaking.bond_cluster`, then governance activates it.",
                cid,
                f("cluster_reserve_id", t.accountId, "T::AccountId"),
                f("cluster_params", clusterParams, "ClusterParams<T::AccountId>"),
                f(
                    "initial_protocol_params",
                    clusterProtocolParams,
                    "ClusterProtocolParamsType<T>")),
            doc(
                "add_node",
                1,
                "Adds a storage node to a bonded or activated cluster, where it awaits validation. Only the cluster's manager may call it, and the node's stake must already serve storage in this cluster without chilling.",
                cid,
                key,
                f("node_kind", clusterNodeKind, "ClusterNodeKind")),
            doc(
                "remove_node",
                2,
                "Removes a node from a bonded or activated cluster. Only the cluster's manager may call it.",
                cid,
                key),
            doc(
                "set_cluster_params",
                3,
                "Replaces a cluster's parameters. Only the cluster's manager may call it.",
                cid,
                f("cluster_params", clusterParams, "ClusterParams<T::AccountId>")),
            doc(
                "validate_node",
                4,
                "Records whether a node of the cluster passed its validation. Only the cluster's manager may call it.",
                cid,
                key,
                f("succeeded", t.bool, "bool")),
            doc(
                "join_cluster",
                5,
                "Lets a node's provider add the node to a cluster once the cluster's node-provider authorization contract approves it. No contracts run on this chain, so the call is always refused.",
                cid,
                key));
    int events =
        t.palletEnum(
            "pallet_ddc_clusters::pallet::Event",
            doc("ClusterCreated", 0, "A cluster was created.", cid),
            doc("ClusterNodeAdded", 1, "A node was added to a cluster.", cid, key),
            doc("ClusterNodeRemoved", 2, "A node was removed from a cluster.", cid, key),
            doc("ClusterParamsSet", 3, "A cluster's parameters were changed.", cid),
            doc(
                "ClusterProtocolParamsSet",
                4,
                "A cluster's protocol parameters (fee shares, storage bond size, delays and prices) were set.",
                cid),
            doc("ClusterActivated", 5, "A cluster was activated.", cid),
            doc("ClusterBonded", 6, "A cluster was bonded by its reserve account.", cid),
            doc("ClusterUnbonding", 7, "A cluster started unbonding.", cid),
            doc(
                "ClusterUnbonded",
                8,
                "A cluster's bond was fully withdrawn, so the cluster is unbonded.",
                cid),
            doc(
                "ClusterNodeValidated",
                9,
                "The validation of a node of a cluster was recorded; `succeeded` tells its outcome.",
                cid,
                key,
                f("succeeded", t.bool, "bool")),
            doc(
                "ClusterEraPaid",
                10,
                "An era of a cluster was paid out (or skipped) and is now the cluster's last paid era.",
                cid,
                f("era_id", t.u32, "EhdEra")));
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
            doc(
                "bond",
                0,
                "Bonds `value` of the caller's balance (the stash) to a storage node and names the controller that manages the stake. The amount, at most the free balance, is locked and must be at least the existential deposit.",
                f("controller", t.multiAddress, "<T::Lookup as StaticLookup>::Source"),
                f("node", nodePubKey, "NodePubKey"),
                value),
            doc(
                "unbond",
                1,
                "Starts unbonding up to `value` of the active bond; only the controller may call it. The funds can be withdrawn after the unbonding delay of the node's cluster (at once for a node in no cluster), and a stake that serves storage must keep the cluster's storage bond size.",
                value),
            doc(
                "withdraw_unbonded",
                2,
                "Withdraws the unbonded funds whose delay has passed and releases their lock; only the controller may call it. When nothing stays bonded the stake is removed, and a node that was leaving its cluster leaves it."),
            doc(
                "store",
                3,
                "Makes the stake serve storage in a cluster; only the controller may call it. The active bond must be at least the cluster's storage bond size.",
                cid),
            doc(
                "chill",
                4,
                "Stops the stake from serving storage; only the controller may call it. With a chill delay, a first call schedules the stop and a second call after the delay completes it."),
            doc(
                "set_controller",
                5,
                "Sets a new controller account for the caller's stake; only the stash may call it.",
                f("controller", t.multiAddress, "<T::Lookup as StaticLookup>::Source")),
            doc(
                "set_node",
                6,
                "Bonds the caller's stake to another node; only the stash may call it, and not while the stake serves storage or its node is leaving a cluster.",
                f("new_node", nodePubKey, "NodePubKey")),
            doc(
                "fast_chill",
                7,
                "Schedules the stake to stop serving storage from the next block, without the chill delay, when its node is not a member of the cluster; `chill` then completes the stop. Only the controller may call it."),
            doc(
                "bond_cluster",
                8,
                "Bonds `ClusterBondingAmount` (100 000 CERE) of the caller's balance to an unbonded cluster, which becomes bonded; only the cluster's reserve account may call it. The cluster's manager controls the bond.",
                cid),
            doc(
                "unbond_cluster",
                9,
                "Starts unbonding a cluster that has no nodes left; only the cluster's manager may call it. The bond can be withdrawn after `ClusterUnboningDelay` blocks (28 days).",
                cid),
            doc(
                "withdraw_unbonded_cluster",
                10,
                "Withdraws a cluster's unbonded bond once its delay has passed, releasing the lock on the reserve account; only the cluster's manager may call it. When all of it is withdrawn the cluster becomes unbonded.",
                cid));
    Field who = Field.unnamed(t.accountId, "T::AccountId");
    Field amount = Field.unnamed(t.u128, "BalanceOf<T>");
    int events =
        t.palletEnum(
            "pallet_ddc_staking::pallet::Event",
            doc(
                "Bonded",
                0,
                "A stash bonded this amount as the stake of a node or a cluster.",
                who,
                amount),
            doc("Unbonded", 1, "A stash started unbonding this amount.", who, amount),
            doc("Withdrawn", 2, "A stash withdrew this amount of unbonded stake.", who, amount),
            doc("Chilled", 3, "A stake stopped serving storage.", who),
            doc(
                "ChillSoon",
                4,
                "A stake will stop serving storage in the cluster from the given block, when `chill` is called again.",
                who,
                Field.unnamed(clusterId, "ClusterId"),
                Field.unnamed(t.u32, "BlockNumberFor<T>")),
            doc("Activated", 5, "A stake started serving storage in a cluster.", who),
            doc(
                "LeaveSoon",
                6,
                "A stake fell below its cluster's storage bond size; its node leaves the cluster once the unbonded funds are withdrawn.",
                who),
            doc(
                "Left",
                7,
                "A node left its cluster after its stake's unbonded funds were withdrawn.",
                who));
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
