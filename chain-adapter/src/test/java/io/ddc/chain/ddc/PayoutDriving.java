package io.ddc.chain.ddc;

import io.ddc.chain.client.ChainException;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.TxResult;
import io.ddc.chain.ddc.DdcChain.PayoutReceipt;
import io.ddc.pallets.payouts.PayoutTree;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The payout loop the tests drive through {@link DdcChain}'s typed calls (the validator's own is
 * {@code io.ddc.validator.PayoutDriver}).
 */
final class PayoutDriving {
  private PayoutDriving() {}

  /**
   * Drives the payout of {@code era} to {@code Finalized} from wherever it stands: begins it when
   * it has no receipt, sends only the batches not processed yet, and takes each remaining step,
   * re-reading the receipt after every call. Several validators may drive the same payout: a step
   * another one took first fails on chain, and the loop reads the receipt again and carries on (at
   * most {@code 8 + batches} such failures). Completes with the finalized receipt.
   */
  static CompletableFuture<PayoutReceipt> drivePayout(
      DdcChain ddc,
      Signer validator,
      byte[] clusterId,
      long era,
      byte[] fingerprint,
      PayoutTree payers,
      PayoutTree payees) {
    int budget = 8 + payers.batchCount() + payees.batchCount();
    return drive(ddc, validator, clusterId, era, fingerprint, payers, payees, budget);
  }

  private static CompletableFuture<PayoutReceipt> drive(
      DdcChain ddc,
      Signer v,
      byte[] cluster,
      long era,
      byte[] fp,
      PayoutTree payers,
      PayoutTree payees,
      int budget) {
    return ddc.payoutReceipt(cluster, era)
        .thenCompose(
            o -> {
              if (o.isPresent() && o.get().state().equals("Finalized")) {
                return CompletableFuture.completedFuture(o.get());
              }
              CompletableFuture<TxResult> step =
                  o.isEmpty()
                      ? ddc.beginPayout(v, cluster, era, fp)
                      : next(ddc, v, cluster, era, o.get(), payers, payees);
              return step.handle((r, e) -> e)
                  .thenCompose(
                      e -> {
                        if (e == null) {
                          return drive(ddc, v, cluster, era, fp, payers, payees, budget);
                        }
                        if (budget <= 0) {
                          return CompletableFuture.failedFuture(e);
                        }
                        return drive(ddc, v, cluster, era, fp, payers, payees, budget - 1);
                      });
            });
  }

  private static CompletableFuture<TxResult> next(
      DdcChain ddc,
      Signer v,
      byte[] cluster,
      long era,
      PayoutReceipt r,
      PayoutTree payers,
      PayoutTree payees) {
    return switch (r.state()) {
      case "Initialized" -> ddc.beginChargingCustomers(v, cluster, era, payers.maxBatchIndex());
      case "ChargingCustomers" ->
          nextBatchOrEnd(
              r.chargingProcessedBatches(),
              payers,
              b ->
                  ddc.sendChargingCustomersBatch(
                      v, cluster, era, b, payers.batches().get(b), payers.proof(b)),
              () -> ddc.endChargingCustomers(v, cluster, era));
      case "CustomersChargedWithFees" ->
          ddc.beginRewardingProviders(v, cluster, era, payees.maxBatchIndex());
      case "RewardingProviders" ->
          nextBatchOrEnd(
              r.rewardingProcessedBatches(),
              payees,
              b ->
                  ddc.sendRewardingProvidersBatch(
                      v, cluster, era, b, payees.batches().get(b), payees.proof(b)),
              () -> ddc.endRewardingProviders(v, cluster, era));
      case "ProvidersRewarded" -> ddc.endPayout(v, cluster, era);
      default ->
          CompletableFuture.failedFuture(
              new ChainException("payout of era " + era + " is in state " + r.state()));
    };
  }

  private static CompletableFuture<TxResult> nextBatchOrEnd(
      List<Integer> processed,
      PayoutTree tree,
      java.util.function.IntFunction<CompletableFuture<TxResult>> send,
      java.util.function.Supplier<CompletableFuture<TxResult>> end) {
    for (int b = 0; b < tree.batchCount(); b++) {
      if (!processed.contains(b)) {
        return send.apply(b);
      }
    }
    return end.get();
  }
}
