package io.ddc.validator;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs one era's payout from whatever state the chain's receipt is in to {@code Finalized}: {@code
 * begin_payout} → charging batches → {@code end_charging_customers} → rewarding batches → {@code
 * end_rewarding_providers} → {@code end_payout}. Before every step it reads the receipt again, so a
 * restarted validator, or one taking over from a stalled leader, continues where the chain is; a
 * step that fails because another validator took it first is not an error.
 */
final class PayoutDriver {
  /** Consecutive failed steps (with no progress on chain) before the era's payout gives up. */
  static final int MAX_FAILED_STEPS = 3;

  private final PayoutLedger ledger;
  private final byte[] cluster;
  private final Consumer<String> progress;

  PayoutDriver(PayoutLedger ledger, byte[] cluster, Consumer<String> progress) {
    this.ledger = ledger;
    this.cluster = cluster;
    this.progress = progress;
  }

  /** Completes when the era's receipt is {@code Finalized}. */
  CompletableFuture<Void> run(PayoutPlan plan, byte[] fingerprint) {
    return loop(plan, fingerprint, 0, null);
  }

  private CompletableFuture<Void> loop(
      PayoutPlan plan, byte[] fingerprint, int failures, Throwable last) {
    if (failures >= MAX_FAILED_STEPS) {
      return CompletableFuture.failedFuture(
          new PayoutException(
              plan.era(), "payout stopped after " + failures + " failed steps", last));
    }
    return ledger
        .receipt(cluster, plan.era())
        .thenCompose(
            r -> {
              PayoutLedger.State state =
                  r.map(PayoutLedger.Receipt::state).orElse(PayoutLedger.State.NOT_INITIALIZED);
              if (state == PayoutLedger.State.FINALIZED) {
                return CompletableFuture.completedFuture(null);
              }
              CompletableFuture<Void> step;
              try {
                step = step(plan, fingerprint, state, r.orElse(null));
              } catch (RuntimeException e) {
                step = CompletableFuture.failedFuture(e);
              }
              return step.handle((ok, e) -> e)
                  .thenCompose(
                      e ->
                          e == null
                              ? loop(plan, fingerprint, 0, null)
                              : loop(plan, fingerprint, failures + 1, e));
            });
  }

  private CompletableFuture<Void> step(
      PayoutPlan plan, byte[] fingerprint, PayoutLedger.State state, PayoutLedger.Receipt r) {
    long era = plan.era();
    return switch (state) {
      case NOT_INITIALIZED -> {
        progress.accept("era " + era + ": begin_payout");
        yield ledger.beginPayout(cluster, era, fingerprint);
      }
      case INITIALIZED -> ledger.beginCharging(cluster, era, plan.payers().size() - 1);
      case CHARGING_CUSTOMERS -> {
        int next = missing(plan.payers().size(), r.chargingProcessed());
        if (next < 0) {
          yield ledger.endCharging(cluster, era);
        }
        PayoutPlan.Batch b = plan.payers().get(next);
        progress.accept(
            "era " + era + ": charging batch " + next + " (" + b.entries().size() + " customers)");
        yield ledger.sendChargingBatch(cluster, era, next, b.entries(), b.proof());
      }
      case CUSTOMERS_CHARGED_WITH_FEES ->
          ledger.beginRewarding(cluster, era, plan.payees().size() - 1);
      case REWARDING_PROVIDERS -> {
        int next = missing(plan.payees().size(), r.rewardingProcessed());
        if (next < 0) {
          yield ledger.endRewarding(cluster, era);
        }
        PayoutPlan.Batch b = plan.payees().get(next);
        progress.accept(
            "era " + era + ": rewarding batch " + next + " (" + b.entries().size() + " providers)");
        yield ledger.sendRewardingBatch(cluster, era, next, b.entries(), b.proof());
      }
      case PROVIDERS_REWARDED -> {
        progress.accept("era " + era + ": end_payout");
        yield ledger.endPayout(cluster, era);
      }
      case FINALIZED -> CompletableFuture.completedFuture(null);
    };
  }

  /** The lowest batch index in {@code 0..count-1} not yet processed, or -1. */
  static int missing(int count, Set<Integer> processed) {
    for (int i = 0; i < count; i++) {
      if (!processed.contains(i)) {
        return i;
      }
    }
    return -1;
  }
}
