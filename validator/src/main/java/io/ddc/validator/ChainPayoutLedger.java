package io.ddc.validator;

import io.ddc.chain.client.ChainException;
import io.ddc.chain.client.Metadata;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.StorageKeys;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.client.TxOptions;
import io.ddc.chain.client.Variant;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.PayoutFingerprint;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.payouts.Pricing;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@link PayoutLedger} on a Cere dev-line chain (ours or a Cere node): DdcPayouts (chain.md
 * §2.6.b), DdcVerification (§2.7 and our {@code report_faulty_node}), DdcClusters and DdcCustomers.
 * Call indexes and storage types come from the chain's metadata.
 */
final class ChainPayoutLedger implements PayoutLedger {
  private final SubstrateClient client;
  private final DdcChain ddc;
  private final Signer signer;

  ChainPayoutLedger(SubstrateClient client, Signer signer) {
    this.client = client;
    this.ddc = new DdcChain(client);
    this.signer = signer;
  }

  @Override
  public byte[] self() {
    return signer.accountId();
  }

  // ---- reads ----------------------------------------------------------------------------------

  private CompletableFuture<Optional<Object>> read(String pallet, String item, byte[]... keys) {
    Metadata.StorageEntry e = client.metadata().storage(pallet, item);
    if (e == null) {
      return CompletableFuture.failedFuture(
          new ChainException("the runtime has no storage " + pallet + "." + item));
    }
    return client
        .storage(StorageKeys.mapKey(pallet, item, e.hashers(), keys), null)
        .thenApply(
            v ->
                v == null
                    ? Optional.empty()
                    : Optional.of(client.metadata().decode(e.valueType(), v)));
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
    return read("DdcClusters", "ClustersGovParams", cluster)
        .thenApply(
            o -> {
              Map<?, ?> p =
                  (Map<?, ?>)
                      o.orElseThrow(
                          () -> new ChainException("the cluster has no protocol parameters"));
              return new ClusterTerms(
                  new Pricing(
                      big(p.get("cost_per_mb_stored")),
                      big(p.get("cost_per_mb_streamed")),
                      big(p.get("cost_per_put_request")),
                      big(p.get("cost_per_get_request"))),
                  new FeeShares(
                      share(p.get("treasury_share")),
                      share(p.get("validators_share")),
                      share(p.get("cluster_reserve_share"))));
            });
  }

  @Override
  public CompletableFuture<List<byte[]>> validators() {
    return read("DdcVerification", "ValidatorSet").thenApply(o -> accounts(o.orElse(List.of())));
  }

  @Override
  public CompletableFuture<Long> lastPaidEra(byte[] cluster) {
    return read("DdcClusters", "Clusters", cluster)
        .thenApply(
            o ->
                o.map(c -> ((Number) ((Map<?, ?>) c).get("last_paid_era")).longValue())
                    .orElseThrow(() -> new ChainException("no cluster " + hex(cluster))));
  }

  @Override
  public CompletableFuture<Optional<Receipt>> receipt(byte[] cluster, long era) {
    return read("DdcPayouts", "PayoutReceipts", cluster, new ScaleWriter(4).u32(era).toByteArray())
        .thenApply(
            o ->
                o.map(
                    r -> {
                      Map<?, ?> m = (Map<?, ?>) r;
                      return new Receipt(
                          state(((Variant) m.get("state")).name()),
                          (byte[]) m.get("fingerprint"),
                          indexes(m.get("charging_processed_batches")),
                          indexes(m.get("rewarding_processed_batches")));
                    }));
  }

  @Override
  public CompletableFuture<List<byte[]>> fingerprintValidators(byte[] fingerprint) {
    return read("DdcPayouts", "PayoutFingerprints", fingerprint)
        .thenApply(o -> o.map(f -> accounts(((Map<?, ?>) f).get("validators"))).orElse(List.of()));
  }

  @Override
  public byte[] fingerprint(byte[] cluster, String ehdId, byte[] payersRoot, byte[] payeesRoot) {
    return PayoutFingerprint.hash(cluster, ehdId, payersRoot, payeesRoot);
  }

  // ---- transactions ---------------------------------------------------------------------------

  private CompletableFuture<Void> submit(String pallet, String call, Consumer<ScaleWriter> args) {
    ScaleWriter w = new ScaleWriter();
    w.raw(client.metadata().callIndex(pallet, call));
    args.accept(w);
    return client.submitAndWatch(signer, w.toByteArray(), TxOptions.DEFAULT).thenApply(r -> null);
  }

  private CompletableFuture<Void> payouts(String call, byte[] cluster, long era) {
    return submit("DdcPayouts", call, w -> w.raw(cluster).u32(era));
  }

  @Override
  public CompletableFuture<Void> commitFingerprint(
      byte[] cluster, String ehdId, byte[] payersRoot, byte[] payeesRoot) {
    return submit(
        "DdcPayouts",
        "commit_payout_fingerprint",
        w -> w.raw(cluster).str(ehdId).raw(payersRoot).raw(payeesRoot));
  }

  @Override
  public CompletableFuture<Void> beginPayout(byte[] cluster, long era, byte[] fingerprint) {
    return submit("DdcPayouts", "begin_payout", w -> w.raw(cluster).u32(era).raw(fingerprint));
  }

  @Override
  public CompletableFuture<Void> beginCharging(byte[] cluster, long era, int maxBatchIndex) {
    return submit(
        "DdcPayouts", "begin_charging_customers", w -> w.raw(cluster).u32(era).u16(maxBatchIndex));
  }

  @Override
  public CompletableFuture<Void> sendChargingBatch(
      byte[] cluster, long era, int batchIndex, List<PayoutEntry> payers, List<byte[]> proof) {
    return submit(
        "DdcPayouts",
        "send_charging_customers_batch",
        w -> batch(w.raw(cluster).u32(era).u16(batchIndex), payers, proof));
  }

  @Override
  public CompletableFuture<Void> endCharging(byte[] cluster, long era) {
    return payouts("end_charging_customers", cluster, era);
  }

  @Override
  public CompletableFuture<Void> beginRewarding(byte[] cluster, long era, int maxBatchIndex) {
    return submit(
        "DdcPayouts", "begin_rewarding_providers", w -> w.raw(cluster).u32(era).u16(maxBatchIndex));
  }

  @Override
  public CompletableFuture<Void> sendRewardingBatch(
      byte[] cluster, long era, int batchIndex, List<PayoutEntry> payees, List<byte[]> proof) {
    return submit(
        "DdcPayouts",
        "send_rewarding_providers_batch",
        w -> batch(w.raw(cluster).u32(era).u16(batchIndex), payees, proof));
  }

  @Override
  public CompletableFuture<Void> endRewarding(byte[] cluster, long era) {
    return payouts("end_rewarding_providers", cluster, era);
  }

  @Override
  public CompletableFuture<Void> endPayout(byte[] cluster, long era) {
    return payouts("end_payout", cluster, era);
  }

  @Override
  public CompletableFuture<Void> reportFaultyNode(byte[] cluster, byte[] nodeKey, long era) {
    // NodePubKey::StoragePubKey(AccountId32) is variant 0
    return submit(
        "DdcVerification", "report_faulty_node", w -> w.raw(cluster).u8(0).raw(nodeKey).u32(era));
  }

  /** {@code Vec<(AccountId32, u128)>} then {@code MMRProof { proof: Vec<H256> }}. */
  private static void batch(ScaleWriter w, List<PayoutEntry> entries, List<byte[]> proof) {
    w.compact(entries.size());
    for (PayoutEntry e : entries) {
      w.raw(e.account()).u128(e.amount());
    }
    w.compact(proof.size());
    for (byte[] h : proof) {
      w.raw(h);
    }
  }

  // ---- decoding -------------------------------------------------------------------------------

  private static State state(String name) {
    // NotInitialized → NOT_INITIALIZED
    return State.valueOf(name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
  }

  private static Set<Integer> indexes(Object o) {
    Set<Integer> out = new TreeSet<>();
    for (Object i : (List<?>) o) {
      out.add(((Number) i).intValue());
    }
    return out;
  }

  private static List<byte[]> accounts(Object o) {
    List<byte[]> out = new ArrayList<>();
    for (Object a : (List<?>) o) {
      out.add((byte[]) a);
    }
    return out;
  }

  private static BigInteger big(Object o) {
    return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
  }

  private static Perquintill share(Object o) {
    return Perquintill.fromParts(((Number) o).longValue());
  }

  private static String hex(byte[] b) {
    return "0x" + java.util.HexFormat.of().formatHex(b);
  }
}
