package io.ddc.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.pallets.payouts.Billing;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.PayoutTree;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.payouts.Pricing;
import io.ddc.pallets.payouts.Usage;
import java.math.BigInteger;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class EraBillingTest {
  static final byte[] CLUSTER = new byte[20];
  static final Pricing PRICING = Pricing.of(1_000_000_000L, 2_000_000L, 300, 70);
  static final FeeShares SHARES =
      new FeeShares(
          Perquintill.fromPercent(5), Perquintill.fromPercent(3), Perquintill.fromPercent(2));

  static AccountId id(int b) {
    byte[] a = new byte[32];
    a[31] = (byte) b;
    a[0] = (byte) (b * 7);
    return new AccountId(a);
  }

  @Test
  void chargesArePricedWithThePalletFormulaAndRewardsSplitTheRest() {
    Usage alice = new Usage(3 * 1_048_576L, 10 * 1_048_576L, 4, 9);
    Usage bob = new Usage(1_048_576L, 0, 0, 2);
    Map<AccountId, Usage> customers = Map.of(id(1), alice, id(2), bob);
    // node usage comes from the same records: alice's and bob's split over two providers
    Map<AccountId, Usage> providers =
        Map.of(
            id(10),
            new Usage(3 * 1_048_576L, 10 * 1_048_576L, 4, 2),
            id(11),
            new Usage(1_048_576L, 0, 0, 9));
    EraBilling.Amounts a = EraBilling.amounts(customers, providers, PRICING, SHARES, 600);

    assertThat(a.charges().get(id(1)))
        .isEqualTo(Billing.customerCharge(alice, PRICING, 600).total());
    assertThat(a.charges().get(id(2))).isEqualTo(Billing.customerCharge(bob, PRICING, 600).total());
    BigInteger charged = a.charges().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger rewarded = a.rewards().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    assertThat(a.collected()).isEqualTo(charged);
    assertThat(a.fees()).isEqualTo(Billing.fees(charged, SHARES).total());
    assertThat(rewarded.add(a.fees())).isEqualTo(charged);
    // provider 10 served all stored bytes and puts: it earns more than provider 11
    assertThat(a.rewards().get(id(10))).isGreaterThan(a.rewards().get(id(11)));
  }

  @Property(tries = 200)
  void rewardsPlusFeesEqualChargesToTheUnit(
      @ForAll @LongRange(min = 0, max = 1L << 40) long stored,
      @ForAll @LongRange(min = 0, max = 1L << 40) long transferred,
      @ForAll @IntRange(min = 0, max = 1000) int puts,
      @ForAll @IntRange(min = 0, max = 1000) int gets,
      @ForAll @IntRange(min = 1, max = 99) int split) {
    Usage total = new Usage(transferred, stored, puts, gets);
    Usage a = new Usage(transferred * split / 100, stored * split / 100, puts * split / 100, gets);
    Usage b =
        new Usage(
            transferred - a.transferredBytes(),
            stored - a.storedBytes(),
            puts - a.numberOfPuts(),
            0);
    EraBilling.Amounts am =
        EraBilling.amounts(
            Map.of(id(1), total), Map.of(id(5), a, id(6), b), PRICING, SHARES, 86_400);
    BigInteger rewarded = am.rewards().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    assertThat(rewarded.add(am.fees())).isEqualTo(am.collected());
  }

  @Test
  void largestRemainderGivesTheLeftoverUnitsToTheLargestFractions() {
    SortedMap<AccountId, BigInteger> w = new TreeMap<>();
    w.put(id(1), BigInteger.ONE);
    w.put(id(2), BigInteger.ONE);
    w.put(id(3), BigInteger.ONE);
    SortedMap<AccountId, BigInteger> out = EraBilling.largestRemainder(BigInteger.valueOf(10), w);
    // 10/3 = 3 r1 each; one unit left, to the lowest account (ties by account order)
    assertThat(out.values())
        .containsExactlyInAnyOrder(
            BigInteger.valueOf(4), BigInteger.valueOf(3), BigInteger.valueOf(3));
    assertThat(out.get(id(1))).isEqualTo(BigInteger.valueOf(4));
  }

  @Test
  void nothingToSplitWithoutWeight() {
    assertThat(EraBilling.largestRemainder(BigInteger.TEN, new TreeMap<>())).isEmpty();
  }

  @Test
  void planBatchesProveAgainstTheRoots() {
    Map<AccountId, Usage> customers = new TreeMap<>();
    Map<AccountId, Usage> providers = new TreeMap<>();
    for (int i = 0; i < 250; i++) {
      customers.put(id(i), new Usage(0, 0, 1 + i, 0));
    }
    providers.put(id(1), new Usage(0, 0, 1000, 0));
    providers.put(id(2), new Usage(0, 0, 31375 - 1000, 0));
    EraBilling.Amounts a = EraBilling.amounts(customers, providers, PRICING, SHARES, 60);
    PayoutPlan p = EraBilling.plan(CLUSTER, 42, a);
    assertThat(p.payers()).hasSize(3);
    assertThat(p.payees()).hasSize(1);
    assertThat(p.ehdId()).endsWith("-42");
    for (int i = 0; i < p.payers().size(); i++) {
      PayoutPlan.Batch b = p.payers().get(i);
      assertThat(PayoutTree.verifyBatch(p.payersRoot(), 2, i, b.entries(), b.proof())).isTrue();
    }
    assertThat(p.payeesRoot()).isEqualTo(PayoutTree.batchRoot(p.payees().get(0).entries()));
  }
}
