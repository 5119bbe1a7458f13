package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.Types.doc;
import static io.ddc.pallets.runtime.Types.err;
import static io.ddc.pallets.runtime.Types.f;
import static io.ddc.pallets.runtime.Types.v;

import io.ddc.pallets.metadata.Hasher;
import io.ddc.pallets.metadata.PalletMetadata.Constant;
import io.ddc.pallets.metadata.StorageEntry;
import io.ddc.pallets.metadata.TypeDef.Field;
import io.ddc.pallets.payouts.PayoutTree;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The dev line's DdcPayouts (39, chain.md §2.6.b: fingerprints, MMR-proven batches) and
 * DdcVerification (40, §2.7 last public: the validator set and its keys) plus this project's
 * extension of DdcVerification (decision 0030): {@code report_faulty_node} and {@code
 * force_set_validators}.
 */
final class PayoutMetadata {
  static final int PAYOUTS = 39;
  static final int VERIFICATION = 40;

  /** {@code MaxDust}: rewards left undistributed up to this amount raise no event (MILLICENTS). */
  static final BigInteger MAX_DUST = BigInteger.valueOf(100_000);

  /** {@code ValidatorsQuorum}: 67 % of the validator set. */
  static final int VALIDATORS_QUORUM_PERCENT = 67;

  // DdcPayouts error indices (chain.md §2.6.b order)
  static final int E_RECEIPT_DOES_NOT_EXIST = 0;
  static final int E_NOT_EXPECTED_STATE = 1;
  static final int E_UNAUTHORIZED = 2;
  static final int E_BATCH_ALREADY_PROCESSED = 3;
  static final int E_BATCH_OUT_OF_RANGE = 4;
  static final int E_BATCHES_MISSED = 5;
  static final int E_BATCH_INDEX_OVERFLOW = 6;
  static final int E_ARITHMETIC_OVERFLOW = 8;
  static final int E_NOT_EXPECTED_CLUSTER_STATE = 9;
  static final int E_BATCH_SIZE_OUT_OF_BOUNDS = 11;
  static final int E_BAD_REQUEST = 13;
  static final int E_BATCH_VALIDATION_FAILED = 14;
  static final int E_INCORRECT_CLUSTER_ID = 17;
  static final int E_PROTOCOL_PARAMS_NOT_SET = 18;
  static final int E_FINGERPRINT_COMMITTED = 20;
  static final int E_FINGERPRINT_DOES_NOT_EXIST = 21;
  static final int E_NO_QUORUM = 22;
  static final int E_FAILED_TO_VERIFY_PROOF = 24;

  // DdcVerification error indices
  static final int V_BAD_REQUEST = 0;
  static final int V_UNAUTHORIZED = 1;
  static final int V_NOT_VALIDATOR_STASH = 3;
  static final int V_ERA_ALREADY_PAID = 4;
  static final int V_ALREADY_REPORTED = 7;
  static final int V_NODE_NOT_IN_CLUSTER = 8;

  private final CereMetadata m;
  private final Types t;
  private final DdcMetadata ddc;

  PayoutMetadata(CereMetadata m) {
    this.m = m;
    this.t = m.t;
    this.ddc = m.ddc;
  }

  void register() {
    payouts();
    verification();
  }

  private static StorageEntry option(
      String name, List<Hasher> hashers, int key, int value, String doc) {
    return StorageEntry.map(name, true, hashers, key, value, CereMetadata.NONE, doc);
  }

  private void payouts() {
    int state =
        t.variants(
            "ddc_primitives::PayoutState",
            v("NotInitialized", 1),
            v("Initialized", 2),
            v("ChargingCustomers", 3),
            v("CustomersChargedWithFees", 4),
            v("RewardingProviders", 5),
            v("ProvidersRewarded", 6),
            v("Finalized", 7));
    int batchSet = t.reg.sequence(t.u16);
    int receipt =
        t.composite(
            "pallet_ddc_payouts::PayoutReceipt",
            f("state", state, "PayoutState"),
            f("vault", t.accountId, "T::AccountId"),
            f("fingerprint", t.h256, "Fingerprint"),
            f("total_collected_charges", t.u128, "u128"),
            f("total_distributed_rewards", t.u128, "u128"),
            f("total_settled_fees", t.u128, "u128"),
            f("charging_max_batch_index", t.u16, "BatchIndex"),
            f(
                "charging_processed_batches",
                batchSet,
                "BoundedBTreeSet<BatchIndex, MaxBatchesCount>"),
            f("rewarding_max_batch_index", t.u16, "BatchIndex"),
            f(
                "rewarding_processed_batches",
                batchSet,
                "BoundedBTreeSet<BatchIndex, MaxBatchesCount>"),
            f("finalized_at", t.reg.option(t.u32), "Option<BlockNumberFor<T>>"));
    int fingerprint =
        t.composite(
            "pallet_ddc_payouts::PayoutFingerprint",
            f("ehd_id", t.str, "String"),
            f("cluster_id", ddc.clusterId, "ClusterId"),
            f("payers_merkle_root", t.h256, "PayableUsageHash"),
            f("payees_merkle_root", t.h256, "PayableUsageHash"),
            f("validators", t.reg.sequence(t.accountId), "BTreeSet<T::AccountId>"));
    int proof = t.composite("ddc_primitives::MMRProof", f("proof", t.vecH256, "Vec<MmrRootHash>"));
    int entries = t.reg.sequence(t.reg.tuple(t.accountId, t.u128));
    Field cid = f("cluster_id", ddc.clusterId, "ClusterId");
    Field era = f("era_id", t.u32, "EhdEra");
    Field batch = f("batch_index", t.u16, "BatchIndex");
    Field maxBatch = f("max_batch_index", t.u16, "BatchIndex");
    Field batchProof = f("batch_proof", proof, "MMRProof");
    int calls =
        t.palletEnum(
            "pallet_ddc_payouts::pallet::Call",
            doc(
                "commit_payout_fingerprint",
                0,
                "Commits the caller's payout fingerprint of a cluster's era: its EHD id and the Merkle roots of the era's payers and payees. Only a DDC validator may call it; a payout can begin once 67 % of the validators have committed the same fingerprint.",
                cid,
                f("ehd_id", t.str, "String"),
                f("payers_root", t.h256, "PayableUsageHash"),
                f("payees_root", t.h256, "PayableUsageHash")),
            doc(
                "begin_payout",
                1,
                "Begins the payout of a cluster's era from a fingerprint that reached the quorum; only a DDC validator may call it. If the payouts vault holds less than the existential deposit, the caller tops it up.",
                cid,
                era,
                f("fingerprint", t.h256, "Fingerprint")),
            doc(
                "begin_charging_customers",
                2,
                "Starts charging the customers of a payout and fixes its last batch index; only a DDC validator may call it.",
                cid,
                era,
                maxBatch),
            doc(
                "send_charging_customers_batch",
                3,
                "Charges one batch of customers from their deposits into the payouts vault, proven against the fingerprint's payers root; only a DDC validator may call it. What a customer cannot pay is recorded as its debt.",
                cid,
                era,
                batch,
                f("payers", entries, "Vec<(T::AccountId, u128)>"),
                batchProof),
            doc(
                "end_charging_customers",
                4,
                "Ends charging once every batch is processed and pays the treasury, the cluster reserve and the validators their shares of the collected charges; only a DDC validator may call it.",
                cid,
                era),
            doc(
                "begin_rewarding_providers",
                5,
                "Starts rewarding the node providers of a payout and fixes its last batch index; only a DDC validator may call it.",
                cid,
                era,
                maxBatch),
            doc(
                "send_rewarding_providers_batch",
                6,
                "Pays one batch of node providers their rewards from the payouts vault, proven against the fingerprint's payees root; only a DDC validator may call it.",
                cid,
                era,
                batch,
                f("payees", entries, "Vec<(T::AccountId, u128)>"),
                batchProof),
            doc(
                "end_rewarding_providers",
                7,
                "Ends rewarding once every batch is processed; only a DDC validator may call it.",
                cid,
                era),
            doc(
                "end_payout",
                8,
                "Finalizes a payout and records its era as the cluster's last paid era; only a DDC validator may call it.",
                cid,
                era));
    Field eraF = f("era", t.u32, "EhdEra");
    Field customer = f("customer_id", t.accountId, "T::AccountId");
    Field provider = f("node_provider_id", t.accountId, "T::AccountId");
    Field amount = f("amount", t.u128, "u128");
    int events =
        t.palletEnum(
            "pallet_ddc_payouts::pallet::Event",
            doc("PayoutInitialized", 0, "The payout of a cluster's era began.", cid, eraF),
            doc("ChargingStarted", 1, "Charging the customers of a payout started.", cid, eraF),
            doc(
                "Charged",
                2,
                "A customer was charged the full amount it owed for the era.",
                cid,
                eraF,
                batch,
                customer,
                amount),
            doc(
                "ChargedPartially",
                3,
                "A customer was charged only part of what it owed for the era.",
                cid,
                eraF,
                batch,
                customer,
                f("charged", t.u128, "u128"),
                f("expected_to_charge", t.u128, "u128")),
            doc(
                "Indebted",
                4,
                "A customer could not pay in full; the shortfall was added to its debt in the cluster.",
                cid,
                eraF,
                batch,
                customer,
                amount),
            doc(
                "ChargingFinished",
                5,
                "Every customer batch of a payout has been charged.",
                cid,
                eraF),
            doc(
                "TreasuryFeesCollected",
                6,
                "The treasury's share of a payout's collected charges was paid.",
                cid,
                eraF,
                amount),
            doc(
                "ClusterReserveFeesCollected",
                7,
                "The cluster reserve's share of a payout's collected charges was paid.",
                cid,
                eraF,
                amount),
            doc(
                "ValidatorFeesCollected",
                8,
                "The validators' share of a payout's collected charges was paid.",
                cid,
                eraF,
                amount),
            doc(
                "RewardingStarted",
                9,
                "Rewarding the node providers of a payout started.",
                cid,
                eraF),
            doc(
                "Rewarded",
                10,
                "A node provider was paid its reward for the era; `rewarded` is below `expected_to_reward` when the vault ran short.",
                cid,
                eraF,
                batch,
                provider,
                f("rewarded", t.u128, "u128"),
                f("expected_to_reward", t.u128, "u128")),
            doc(
                "NotDistributedReward",
                11,
                "A node provider was paid less than its expected reward, by more than `MaxDust`.",
                cid,
                eraF,
                batch,
                provider,
                f("expected_reward", t.u128, "u128"),
                f("distributed_reward", t.u128, "u128")),
            doc(
                "NotDistributedOverallReward",
                12,
                "The rewards paid by a payout fell short of what was left to distribute after fees, by more than `MaxDust`.",
                cid,
                eraF,
                f("expected_reward", t.u128, "u128"),
                f("total_distributed_rewards", t.u128, "u128")),
            doc(
                "RewardingFinished",
                13,
                "Every node provider batch of a payout has been rewarded.",
                cid,
                eraF),
            doc(
                "PayoutReceiptFinalized",
                14,
                "A payout was finalized.",
                cid,
                eraF,
                f("finalized_at", t.u32, "BlockNumberFor<T>")),
            doc(
                "ChargeError",
                15,
                "Charging a customer failed (for example it has no deposit in the cluster), so nothing was charged.",
                cid,
                eraF,
                batch,
                customer,
                amount,
                f("error", t.dispatchError, "DispatchError")),
            doc(
                "PayoutFingerprintCommited",
                16,
                "A validator committed a payout fingerprint for a cluster's era.",
                f("validator_id", t.accountId, "T::AccountId"),
                cid,
                f("era_id", t.u32, "EhdEra"),
                f("payers_merkle_root", t.h256, "PayableUsageHash"),
                f("payees_merkle_root", t.h256, "PayableUsageHash")),
            doc(
                "ValidatorRewarded",
                17,
                "A validator was paid its part of the validators' share of a payout.",
                cid,
                eraF,
                f("validator_id", t.accountId, "T::AccountId"),
                amount));
    int errors =
        m.errorEnum(
            "pallet_ddc_payouts::pallet::Error",
            err("PayoutReceiptDoesNotExist", "No payout has begun for this cluster and era."),
            err("NotExpectedState", "The payout is not in the state this step requires."),
            err("Unauthorized", "The caller is not a DDC validator."),
            err("BatchIndexAlreadyProcessed", "The batch has already been processed."),
            err(
                "BatchIndexIsOutOfRange",
                "The batch index is beyond the last batch index of this phase."),
            err("BatchesMissed", "Some batches of this phase have not been processed yet."),
            err(
                "BatchIndexOverflow",
                "The last batch index is beyond the maximum number of batches."),
            err("BoundedVecOverflow", "A bounded list of the payout is full."),
            err("ArithmeticOverflow", "An amount overflowed during the payout."),
            err("NotExpectedClusterState", "The cluster's status does not allow a payout."),
            err("NotExpectedBucketState", "The bucket's state does not allow it to be charged."),
            err("BatchSizeIsOutOfBounds", "The batch is empty or has more entries than allowed."),
            err("ScoreRetrievalError", "A node's score could not be retrieved."),
            err(
                "BadRequest",
                "The request is invalid (a zero Merkle root, a malformed EHD id, an era already paid, or a fingerprint of another cluster or era)."),
            err(
                "BatchValidationFailed",
                "The batch does not match the Merkle root of the payout fingerprint."),
            err("NoBucketWithId", "The bucket does not exist."),
            err("NotBucketOwner", "The account is not the bucket's owner."),
            err("IncorrectClusterId", "The cluster does not exist."),
            err("ClusterProtocolParamsNotSet", "The cluster has no protocol parameters."),
            err("TotalStoredBytesLessThanZero", "A bucket's stored bytes would become negative."),
            err(
                "PayoutFingerprintCommitted",
                "The caller has already committed this payout fingerprint."),
            err("PayoutFingerprintDoesNotExist", "The payout fingerprint does not exist."),
            err(
                "NoQuorumOnPayoutFingerprint",
                "Too few validators have committed the payout fingerprint."),
            err("FailedToCreateMerkleRoot", "A Merkle root could not be computed."),
            err("FailedToVerifyMerkleProof", "The batch proof is malformed and cannot be checked."),
            err("NodeRetrievalError", "A node could not be retrieved."));
    List<Hasher> two = List.of(Hasher.BLAKE2_128_CONCAT, Hasher.BLAKE2_128_CONCAT);
    List<StorageEntry> storage =
        List.of(
            option(
                "PayoutReceipts",
                two,
                t.reg.tuple(ddc.clusterId, t.u32),
                receipt,
                "The payout of each cluster and era."),
            option(
                "DebtorCustomers",
                two,
                t.reg.tuple(ddc.clusterId, t.accountId),
                t.u128,
                "What each customer still owes in each cluster."),
            option(
                "OwingProviders",
                two,
                t.reg.tuple(ddc.clusterId, t.accountId),
                t.u128,
                "Declared by the pallet, never written."),
            option(
                "PayoutFingerprints",
                List.of(Hasher.BLAKE2_128_CONCAT),
                t.h256,
                fingerprint,
                "Payout fingerprints with the validators that committed them."));
    List<Constant> consts =
        List.of(
            m.constant(
                "PalletId",
                t.bytes8,
                "payouts_".getBytes(StandardCharsets.US_ASCII),
                "The pallet's id (its vault account)."),
            m.constant(
                "MaxPayoutBatchSize",
                t.u16,
                PayoutTree.MAX_BATCH_SIZE,
                "Entries per charging or rewarding batch."),
            m.constant(
                "MaxPayoutBatchCount",
                t.u16,
                PayoutTree.MAX_BATCH_COUNT,
                "Batches per charging or rewarding phase."),
            m.constant(
                "MaxDust",
                t.u128,
                MAX_DUST,
                "Undistributed rewards up to this amount raise no event."),
            m.constant(
                "ValidatorsQuorum",
                t.u8,
                VALIDATORS_QUORUM_PERCENT,
                "Percent of the validator set that must commit the same fingerprint."));
    m.pallet("DdcPayouts", PAYOUTS, storage, calls, events, consts, errors);
  }

  private void verification() {
    Field cid = f("cluster_id", ddc.clusterId, "ClusterId");
    Field node = f("node_pub_key", ddc.nodePubKey, "NodePubKey");
    int validators = t.reg.sequence(t.accountId);
    int calls =
        t.palletEnum(
            "pallet_ddc_verification::pallet::Call",
            doc(
                "set_validator_key",
                1,
                "Sets the DDC verification key of the caller, a validator's controller. The key must be in the validator set.",
                f("ddc_validator_pub", t.accountId, "T::AccountId")),
            doc(
                "force_skip_inspection",
                12,
                "Marks the era named by an EHD id as paid without a payout, if it comes after the cluster's last paid era. Only Root may call it.",
                cid,
                f("ehd_id", t.str, "String")),
            doc(
                "force_set_validator_key",
                13,
                "Sets the DDC verification key of a validator's controller. Only Root may call it.",
                f("controller", t.accountId, "T::AccountId"),
                f("ddc_validator_pub", t.accountId, "T::AccountId")),
            doc(
                "report_faulty_node",
                20,
                "Reports a node of a cluster as faulty in an era; only a DDC validator may call it, once per node. When 67 % of the validators have reported the node, it is removed from the cluster and its stake stops serving storage.",
                cid,
                node,
                f("era_id", t.u32, "EhdEra")),
            doc(
                "force_set_validators",
                21,
                "Replaces the validator set; duplicates are dropped and each new validator becomes its own stash. Only Root may call it.",
                f("validators", validators, "Vec<T::AccountId>")));
    int events =
        t.palletEnum(
            "pallet_ddc_verification::pallet::Event",
            doc(
                "ValidatorKeySet",
                0,
                "A validator's DDC verification key was set.",
                f("validator", t.accountId, "T::AccountId")),
            doc(
                "ValidatorsSetUpdated",
                1,
                "The validator set was replaced.",
                f("validators", validators, "Vec<T::AccountId>")),
            doc(
                "FaultyNodeReported",
                2,
                "A validator reported a node of a cluster as faulty.",
                f("validator", t.accountId, "T::AccountId"),
                cid,
                node,
                f("era_id", t.u32, "EhdEra")),
            doc(
                "FaultyNodeRemoved",
                3,
                "Enough validators reported a node as faulty, so it was removed from its cluster.",
                cid,
                node));
    int errors =
        m.errorEnum(
            "pallet_ddc_verification::pallet::Error",
            err("BadRequest", "The request is invalid (a malformed EHD id or an unknown cluster)."),
            err("Unauthorized", "The caller is not a DDC validator."),
            err("NotController", "The caller is not the controller of a validator stake."),
            err("NotValidatorStash", "The key is not in the validator set."),
            err("EraAlreadyPaid", "The era has already been paid."),
            err(
                "VerificationKeyAlreadySet",
                "The verification key is already in the validator set."),
            err(
                "VerificationKeyAlreadyPaired",
                "The verification key is already paired with a stash."),
            err(
                "FaultyNodeAlreadyReported",
                "The caller has already reported this node as faulty."),
            err("NodeIsNotInCluster", "The node is not in this cluster."));
    List<StorageEntry> storage =
        List.of(
            StorageEntry.plain(
                "ValidatorSet",
                false,
                validators,
                new byte[] {0},
                "The validators (their verification keys)."),
            option(
                "ValidatorToStashKey",
                List.of(Hasher.IDENTITY),
                t.accountId,
                t.accountId,
                "Verification key to staking stash."),
            option(
                "FaultyNodeReports",
                List.of(Hasher.BLAKE2_128_CONCAT, Hasher.BLAKE2_128_CONCAT),
                t.reg.tuple(ddc.clusterId, ddc.nodePubKey),
                validators,
                "Validators that reported a node of a cluster as faulty, until the quorum removes it."));
    List<Constant> consts =
        List.of(
            m.constant(
                "PalletId",
                t.bytes8,
                "verifypa".getBytes(StandardCharsets.US_ASCII),
                "The pallet's id."),
            m.constant(
                "FaultyNodeQuorum",
                t.u8,
                VALIDATORS_QUORUM_PERCENT,
                "Percent of the validator set whose reports remove a node from its cluster."));
    m.pallet("DdcVerification", VERIFICATION, storage, calls, events, consts, errors);
  }
}
