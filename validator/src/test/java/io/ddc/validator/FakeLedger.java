package io.ddc.validator;

import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.PayoutFingerprint;
import io.ddc.pallets.payouts.PayoutTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A ledger that enforces the payout state order and the batch proofs, records every call, and can
 * be told to fail the next call (as a crash between two steps would).
 */
final class FakeLedger implements PayoutLedger {
  final List<String> calls = new ArrayList<>();
  final Map<Long, Receipt> receipts = new HashMap<>();
  final Map<String, Set<AccountId>> fingerprints = new HashMap<>();
  final List<PayoutEntry> charged = new ArrayList<>();
  final List<PayoutEntry> rewarded = new ArrayList<>();
  final List<byte[]> validators;
  final byte[] self;
  int failNext;
  long lastPaid;
  private final Map<Long, byte[][]> roots = new HashMap<>();
  private final Map<Long, int[]> maxIndex = new HashMap<>();

  final List<NodeEndpoint> nodes = new ArrayList<>();
  final Map<Long, BucketInfo> buckets = new HashMap<>();
  ClusterTerms terms =
      new ClusterTerms(
          io.ddc.pallets.payouts.Pricing.of(0, 0, 0, 0), io.ddc.pallets.payouts.FeeShares.NONE);

  FakeLedger(byte[] self, List<byte[]> validators) {
    this.self = self;
    this.validators = validators;
  }

  @Override
  public CompletableFuture<List<NodeEndpoint>> nodes(byte[] cluster) {
    return CompletableFuture.completedFuture(List.copyOf(nodes));
  }

  @Override
  public CompletableFuture<Optional<BucketInfo>> bucket(long bucketId) {
    return CompletableFuture.completedFuture(Optional.ofNullable(buckets.get(bucketId)));
  }

  @Override
  public CompletableFuture<ClusterTerms> terms(byte[] cluster) {
    return CompletableFuture.completedFuture(terms);
  }

  @Override
  public byte[] self() {
    return self.clone();
  }

  @Override
  public CompletableFuture<List<byte[]>> validators() {
    return CompletableFuture.completedFuture(validators);
  }

  @Override
  public CompletableFuture<Long> lastPaidEra(byte[] cluster) {
    return CompletableFuture.completedFuture(lastPaid);
  }

  @Override
  public CompletableFuture<Optional<Receipt>> receipt(byte[] cluster, long era) {
    return CompletableFuture.completedFuture(Optional.ofNullable(receipts.get(era)));
  }

  @Override
  public CompletableFuture<List<byte[]>> fingerprintValidators(byte[] fingerprint) {
    Set<AccountId> s = fingerprints.getOrDefault(new AccountId(fingerprint).toString(), Set.of());
    return CompletableFuture.completedFuture(s.stream().map(AccountId::bytes).toList());
  }

  @Override
  public byte[] fingerprint(byte[] cluster, String ehdId, byte[] payersRoot, byte[] payeesRoot) {
    return PayoutFingerprint.hash(cluster, ehdId, payersRoot, payeesRoot);
  }

  private CompletableFuture<Void> step(String call, Runnable r) {
    calls.add(call);
    if (failNext > 0) {
      failNext--;
      return CompletableFuture.failedFuture(new IllegalStateException("connection lost"));
    }
    try {
      r.run();
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void expect(long era, State s) {
    State now = receipts.containsKey(era) ? receipts.get(era).state() : State.NOT_INITIALIZED;
    if (now != s) {
      throw new IllegalStateException("NotExpectedState: " + now);
    }
  }

  private void set(long era, State s) {
    Receipt r = receipts.get(era);
    receipts.put(
        era, new Receipt(s, r.fingerprint(), r.chargingProcessed(), r.rewardingProcessed()));
  }

  @Override
  public CompletableFuture<Void> commitFingerprint(
      byte[] cluster, String ehdId, byte[] payersRoot, byte[] payeesRoot) {
    return step(
        "commit",
        () -> {
          byte[] fp = fingerprint(cluster, ehdId, payersRoot, payeesRoot);
          fingerprints
              .computeIfAbsent(new AccountId(fp).toString(), k -> new TreeSet<>())
              .add(new AccountId(self));
          roots.put(PayoutFingerprint.eraOf(ehdId), new byte[][] {payersRoot, payeesRoot});
        });
  }

  @Override
  public CompletableFuture<Void> beginPayout(byte[] cluster, long era, byte[] fingerprint) {
    return step(
        "begin_payout",
        () -> {
          expect(era, State.NOT_INITIALIZED);
          receipts.put(
              era, new Receipt(State.INITIALIZED, fingerprint, new TreeSet<>(), new TreeSet<>()));
        });
  }

  @Override
  public CompletableFuture<Void> beginCharging(byte[] cluster, long era, int maxBatchIndex) {
    return step(
        "begin_charging",
        () -> {
          expect(era, State.INITIALIZED);
          maxIndex.put(era, new int[] {maxBatchIndex, 0});
          set(era, State.CHARGING_CUSTOMERS);
        });
  }

  @Override
  public CompletableFuture<Void> sendChargingBatch(
      byte[] cluster, long era, int batchIndex, List<PayoutEntry> payers, List<byte[]> proof) {
    return step(
        "charge " + batchIndex,
        () -> {
          expect(era, State.CHARGING_CUSTOMERS);
          if (!PayoutTree.verifyBatch(
              roots.get(era)[0], maxIndex.get(era)[0], batchIndex, payers, proof)) {
            throw new IllegalStateException("BatchValidationFailed");
          }
          if (!receipts.get(era).chargingProcessed().add(batchIndex)) {
            throw new IllegalStateException("BatchIndexAlreadyProcessed");
          }
          charged.addAll(payers);
        });
  }

  @Override
  public CompletableFuture<Void> endCharging(byte[] cluster, long era) {
    return step(
        "end_charging",
        () -> {
          expect(era, State.CHARGING_CUSTOMERS);
          set(era, State.CUSTOMERS_CHARGED_WITH_FEES);
        });
  }

  @Override
  public CompletableFuture<Void> beginRewarding(byte[] cluster, long era, int maxBatchIndex) {
    return step(
        "begin_rewarding",
        () -> {
          expect(era, State.CUSTOMERS_CHARGED_WITH_FEES);
          maxIndex.get(era)[1] = maxBatchIndex;
          set(era, State.REWARDING_PROVIDERS);
        });
  }

  @Override
  public CompletableFuture<Void> sendRewardingBatch(
      byte[] cluster, long era, int batchIndex, List<PayoutEntry> payees, List<byte[]> proof) {
    return step(
        "reward " + batchIndex,
        () -> {
          expect(era, State.REWARDING_PROVIDERS);
          if (!PayoutTree.verifyBatch(
              roots.get(era)[1], maxIndex.get(era)[1], batchIndex, payees, proof)) {
            throw new IllegalStateException("BatchValidationFailed");
          }
          if (!receipts.get(era).rewardingProcessed().add(batchIndex)) {
            throw new IllegalStateException("BatchIndexAlreadyProcessed");
          }
          rewarded.addAll(payees);
        });
  }

  @Override
  public CompletableFuture<Void> endRewarding(byte[] cluster, long era) {
    return step(
        "end_rewarding",
        () -> {
          expect(era, State.REWARDING_PROVIDERS);
          set(era, State.PROVIDERS_REWARDED);
        });
  }

  @Override
  public CompletableFuture<Void> endPayout(byte[] cluster, long era) {
    return step(
        "end_payout",
        () -> {
          expect(era, State.PROVIDERS_REWARDED);
          set(era, State.FINALIZED);
          lastPaid = era;
        });
  }

  @Override
  public CompletableFuture<Void> reportFaultyNode(byte[] cluster, byte[] nodeKey, long era) {
    return step("report " + new AccountId(nodeKey) + " " + era, () -> {});
  }
}
