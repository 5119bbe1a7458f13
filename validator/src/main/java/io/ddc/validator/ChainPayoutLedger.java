package io.ddc.validator;

import io.ddc.chain.client.ChainException;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.client.TxResult;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.PayoutFingerprint;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.payouts.Pricing;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@link PayoutLedger} on a Cere dev-line chain (ours or a Cere node) through the typed {@link
 * DdcChain} API: DdcPayouts (chain facts §2.6.b), DdcVerification (§2.7 and our {@code
 * report_faulty_node}), DdcClusters and DdcCustomers; transactions signed by the validator.
 */
final class ChainPayoutLedger implements PayoutLedger {
  private final DdcChain ddc;
  private final Signer signer;

  ChainPayoutLedger(SubstrateClient client, Signer signer) {
    this.ddc = new DdcChain(client);
    this.signer = signer;
  }

  @Override
  public byte[] self() {
    return signer.accountId();
  }

  @Override
  public CompletableFuture<List<NodeEndpoint>> nodes(byte[] cluster) {
    return ddc.nodesOfCluster(cluster)
        .thenApply(
            nodes -> {
              List<NodeEndpoint> out = new ArrayList<>();
              for (DdcChain.StorageNode n : nodes) {
                out.add(
                    new NodeEndpoint(
                        new AccountId(n.pubKey()),
                        new AccountId(n.provider()),
                        "http://" + n.params().host() + ":" + n.params().httpPort()));
              }
              return out;
            });
  }

  @Override
  public CompletableFuture<Optional<BucketInfo>> bucket(long bucketId) {
    return ddc.bucket(bucketId)
        .thenApply(o -> o.map(b -> new BucketInfo(b.owner(), b.clusterId())));
  }

  @Override
  public CompletableFuture<ClusterTerms> terms(byte[] cluster) {
    return ddc.protocolParams(cluster)
        .thenApply(
            o -> {
              DdcChain.ProtocolParams p =
                  o.orElseThrow(
                      () ->
                          new ChainException(
                              "cluster " + hex(cluster) + " has no protocol parameters"));
              return new ClusterTerms(
                  new Pricing(
                      p.costPerMbStored(),
                      p.costPerMbStreamed(),
                      p.costPerPutRequest(),
                      p.costPerGetRequest()),
                  new FeeShares(
                      Perquintill.fromParts(p.treasuryShare()),
                      Perquintill.fromParts(p.validatorsShare()),
                      Perquintill.fromParts(p.clusterReserveShare())));
            });
  }

  @Override
  public CompletableFuture<List<byte[]>> validators() {
    return ddc.validatorSet();
  }

  @Override
  public CompletableFuture<Long> lastPaidEra(byte[] cluster) {
    return ddc.lastPaidEra(cluster)
        .thenApply(o -> o.orElseThrow(() -> new ChainException("no cluster " + hex(cluster))));
  }

  @Override
  public CompletableFuture<Optional<Receipt>> receipt(byte[] cluster, long era) {
    return ddc.payoutReceipt(cluster, era)
        .thenApply(
            o ->
                o.map(
                    r ->
                        new Receipt(
                            state(r.state()),
                            r.fingerprint(),
                            new TreeSet<>(r.chargingProcessedBatches()),
                            new TreeSet<>(r.rewardingProcessedBatches()))));
  }

  @Override
  public CompletableFuture<List<byte[]>> fingerprintValidators(byte[] fingerprint) {
    return ddc.payoutFingerprint(fingerprint)
        .thenApply(o -> o.map(DdcChain.CommittedFingerprint::validators).orElse(List.of()));
  }

  @Override
  public byte[] fingerprint(byte[] cluster, String ehdId, byte[] payersRoot, byte[] payeesRoot) {
    return PayoutFingerprint.hash(cluster, ehdId, payersRoot, payeesRoot);
  }

  private static CompletableFuture<Void> done(CompletableFuture<TxResult> tx) {
    return tx.thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Void> commitFingerprint(
      byte[] cluster, String ehdId, byte[] payersRoot, byte[] payeesRoot) {
    return done(ddc.commitPayoutFingerprint(signer, cluster, ehdId, payersRoot, payeesRoot));
  }

  @Override
  public CompletableFuture<Void> beginPayout(byte[] cluster, long era, byte[] fingerprint) {
    return done(ddc.beginPayout(signer, cluster, era, fingerprint));
  }

  @Override
  public CompletableFuture<Void> beginCharging(byte[] cluster, long era, int maxBatchIndex) {
    return done(ddc.beginChargingCustomers(signer, cluster, era, maxBatchIndex));
  }

  @Override
  public CompletableFuture<Void> sendChargingBatch(
      byte[] cluster, long era, int batchIndex, List<PayoutEntry> payers, List<byte[]> proof) {
    return done(ddc.sendChargingCustomersBatch(signer, cluster, era, batchIndex, payers, proof));
  }

  @Override
  public CompletableFuture<Void> endCharging(byte[] cluster, long era) {
    return done(ddc.endChargingCustomers(signer, cluster, era));
  }

  @Override
  public CompletableFuture<Void> beginRewarding(byte[] cluster, long era, int maxBatchIndex) {
    return done(ddc.beginRewardingProviders(signer, cluster, era, maxBatchIndex));
  }

  @Override
  public CompletableFuture<Void> sendRewardingBatch(
      byte[] cluster, long era, int batchIndex, List<PayoutEntry> payees, List<byte[]> proof) {
    return done(ddc.sendRewardingProvidersBatch(signer, cluster, era, batchIndex, payees, proof));
  }

  @Override
  public CompletableFuture<Void> endRewarding(byte[] cluster, long era) {
    return done(ddc.endRewardingProviders(signer, cluster, era));
  }

  @Override
  public CompletableFuture<Void> endPayout(byte[] cluster, long era) {
    return done(ddc.endPayout(signer, cluster, era));
  }

  @Override
  public CompletableFuture<Void> reportFaultyNode(byte[] cluster, byte[] nodeKey, long era) {
    return done(ddc.reportFaultyNode(signer, cluster, nodeKey, era));
  }

  /** {@code NotInitialized} → {@code NOT_INITIALIZED}. */
  static State state(String name) {
    return State.valueOf(name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
  }

  private static String hex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }
}
