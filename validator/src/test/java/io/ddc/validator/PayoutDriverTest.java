package io.ddc.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.Pricing;
import io.ddc.pallets.payouts.Usage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PayoutDriverTest {
  static final byte[] CLUSTER = new byte[20];
  static final byte[] SELF = EraBillingTest.id(99).bytes();

  static PayoutPlan plan(int customers) {
    Map<AccountId, Usage> c = new TreeMap<>();
    for (int i = 0; i < customers; i++) {
      c.put(EraBillingTest.id(i), new Usage(0, 0, 1, 0));
    }
    Map<AccountId, Usage> p = Map.of(EraBillingTest.id(200), new Usage(0, 0, customers, 0));
    return EraBilling.plan(
        CLUSTER, 7, EraBilling.amounts(c, p, Pricing.of(0, 0, 1_000, 0), FeeShares.NONE, 60));
  }

  static byte[] commit(FakeLedger l, PayoutPlan p) {
    l.commitFingerprint(CLUSTER, p.ehdId(), p.payersRoot(), p.payeesRoot()).join();
    return l.fingerprint(CLUSTER, p.ehdId(), p.payersRoot(), p.payeesRoot());
  }

  @Test
  void runsEveryStepInOrderToFinalized() {
    FakeLedger l = new FakeLedger(SELF, List.of(SELF));
    PayoutPlan p = plan(150);
    byte[] fp = commit(l, p);
    new PayoutDriver(l, CLUSTER, s -> {}).run(p, fp).join();
    assertThat(l.calls)
        .containsExactly(
            "commit",
            "begin_payout",
            "begin_charging",
            "charge 0",
            "charge 1",
            "end_charging",
            "begin_rewarding",
            "reward 0",
            "end_rewarding",
            "end_payout");
    assertThat(l.charged).hasSize(150);
    assertThat(l.lastPaid).isEqualTo(7);
  }

  @Test
  void aFailedStepIsRetriedFromTheChainState() {
    FakeLedger l = new FakeLedger(SELF, List.of(SELF));
    PayoutPlan p = plan(150);
    byte[] fp = commit(l, p);
    l.failNext = 1;
    new PayoutDriver(l, CLUSTER, s -> {}).run(p, fp).join();
    assertThat(l.calls).containsSubsequence("begin_payout", "begin_payout", "begin_charging");
    assertThat(l.charged).hasSize(150);
  }

  @Test
  void aRestartContinuesWhereTheChainIs() {
    FakeLedger l = new FakeLedger(SELF, List.of(SELF));
    PayoutPlan p = plan(150);
    byte[] fp = commit(l, p);
    // first run: stops after the first charging batch (three failures in a row)
    PayoutDriver d = new PayoutDriver(l, CLUSTER, s -> {});
    l.failNext = 0;
    l.beginPayout(CLUSTER, 7, fp).join();
    l.beginCharging(CLUSTER, 7, 1).join();
    l.sendChargingBatch(CLUSTER, 7, 0, p.payers().get(0).entries(), p.payers().get(0).proof())
        .join();
    l.calls.clear();
    d.run(p, fp).join();
    assertThat(l.calls.get(0)).isEqualTo("charge 1");
    assertThat(l.charged).hasSize(150);
  }

  @Test
  void givesUpAfterRepeatedFailuresWithoutProgress() {
    FakeLedger l = new FakeLedger(SELF, List.of(SELF));
    PayoutPlan p = plan(3);
    byte[] fp = commit(l, p);
    l.failNext = PayoutDriver.MAX_FAILED_STEPS;
    assertThatThrownBy(() -> new PayoutDriver(l, CLUSTER, s -> {}).run(p, fp).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(PayoutException.class)
        .hasMessageContaining("era 7");
  }

  @Test
  void missingFindsTheLowestUnprocessedBatch() {
    assertThat(PayoutDriver.missing(3, java.util.Set.of(0, 2))).isEqualTo(1);
    assertThat(PayoutDriver.missing(2, java.util.Set.of(0, 1))).isEqualTo(-1);
  }
}
