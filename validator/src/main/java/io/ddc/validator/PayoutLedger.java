package io.ddc.validator;

import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.Pricing;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the validator reads from and submits to the chain (chain.md §2.6.b, §2.7). Transactions are
 * signed by the validator's key and complete once included; a refused one fails with the chain
 * client's exception naming the pallet error.
 */
interface PayoutLedger {

  /** The receipt's state names, as the pallet spells them. */
  enum State {
    NOT_INITIALIZED,
    INITIALIZED,
    CHARGING_CUSTOMERS,
    CUSTOMERS_CHARGED_WITH_FEES,
    REWARDING_PROVIDERS,
    PROVIDERS_REWARDED,
    FINALIZED
  }

  /** {@code PayoutReceipts[cluster][era]}, the parts the driver continues from. */
  record Receipt(
      State state,
      byte[] fingerprint,
      Set<Integer> chargingProcessed,
      Set<Integer> rewardingProcessed) {}

  /** A bucket's owner and cluster ({@code DdcCustomers.Buckets}). */
  record BucketInfo(byte[] owner, byte[] cluster) {}

  /** A cluster's prices and fee shares ({@code ClusterProtocolParams}). */
  record ClusterTerms(Pricing pricing, FeeShares shares) {}

  /** The cluster's storage nodes ({@code DdcClusters.ClustersNodes}). */
  CompletableFuture<List<NodeEndpoint>> nodes(byte[] cluster);

  CompletableFuture<Optional<BucketInfo>> bucket(long bucketId);

  CompletableFuture<ClusterTerms> terms(byte[] cluster);

  /** The validator's own account id. */
  byte[] self();

  /** {@code DdcVerification.ValidatorSet}. */
  CompletableFuture<List<byte[]>> validators();

  /** The cluster's {@code last_paid_era} (0 before the first payout). */
  CompletableFuture<Long> lastPaidEra(byte[] cluster);

  CompletableFuture<Optional<Receipt>> receipt(byte[] cluster, long era);

  /** The accounts that committed {@code fingerprint} (empty when it does not exist). */
  CompletableFuture<List<byte[]>> fingerprintValidators(byte[] fingerprint);

  /** The fingerprint hash the chain computes for these arguments. */
  byte[] fingerprint(byte[] cluster, String ehdId, byte[] payersRoot, byte[] payeesRoot);

  CompletableFuture<Void> commitFingerprint(
      byte[] cluster, String ehdId, byte[] payersRoot, byte[] payeesRoot);

  CompletableFuture<Void> beginPayout(byte[] cluster, long era, byte[] fingerprint);

  CompletableFuture<Void> beginCharging(byte[] cluster, long era, int maxBatchIndex);

  CompletableFuture<Void> sendChargingBatch(
      byte[] cluster, long era, int batchIndex, List<PayoutEntry> payers, List<byte[]> proof);

  CompletableFuture<Void> endCharging(byte[] cluster, long era);

  CompletableFuture<Void> beginRewarding(byte[] cluster, long era, int maxBatchIndex);

  CompletableFuture<Void> sendRewardingBatch(
      byte[] cluster, long era, int batchIndex, List<PayoutEntry> payees, List<byte[]> proof);

  CompletableFuture<Void> endRewarding(byte[] cluster, long era);

  CompletableFuture<Void> endPayout(byte[] cluster, long era);

  /** {@code DdcVerification.report_faulty_node}. */
  CompletableFuture<Void> reportFaultyNode(byte[] cluster, byte[] nodeKey, long era);
}
