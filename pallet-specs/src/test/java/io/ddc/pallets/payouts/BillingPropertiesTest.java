package io.ddc.pallets.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class BillingPropertiesTest {

  @Property(tries = 300)
  void feesNeverExceedTheCollectedAmount(
      @ForAll @LongRange(min = 0, max = Perquintill.ACCURACY / 3) long t,
      @ForAll @LongRange(min = 0, max = Perquintill.ACCURACY / 3) long v,
      @ForAll @LongRange(min = 0, max = Perquintill.ACCURACY / 3) long r,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long collectedHigh,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long collectedLow) {
    BigInteger collected =
        BigInteger.valueOf(collectedHigh).shiftLeft(63).or(BigInteger.valueOf(collectedLow));
    FeeShares s =
        new FeeShares(Perquintill.fromParts(t), Perquintill.fromParts(v), Perquintill.fromParts(r));
    Fees f = Billing.fees(collected, s);
    assertThat(f.total()).isLessThanOrEqualTo(collected);
    assertThat(Billing.netOfFees(collected, s)).isEqualTo(collected.subtract(f.total()));
  }

  @Property(tries = 200)
  void proRataRewardsDistributeThePoolToWithinAUnitPerProvider(
      @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 1_000_000) Integer> stored,
      @ForAll @LongRange(min = 0, max = Perquintill.ACCURACY) long pool) {
    long total = stored.stream().mapToLong(Integer::longValue).sum();
    Usage clusterTotal = new Usage(0, total, 0, 0);
    Charge costs =
        new Charge(BigInteger.ZERO, BigInteger.valueOf(pool), BigInteger.ZERO, BigInteger.ZERO);
    BigInteger sum = BigInteger.ZERO;
    for (int s : stored) {
      sum = sum.add(Billing.providerReward(new Usage(0, s, 0, 0), clusterTotal, costs).storage());
    }
    if (total == 0) {
      // every provider gets the whole pool of a dimension nobody used (from_rational(0, 0) = 1)
      assertThat(sum)
          .isEqualTo(BigInteger.valueOf(pool).multiply(BigInteger.valueOf(stored.size())));
      return;
    }
    int n = stored.size();
    assertThat(sum).isLessThanOrEqualTo(BigInteger.valueOf(pool).add(BigInteger.valueOf(n)));
    assertThat(sum)
        .isGreaterThanOrEqualTo(BigInteger.valueOf(pool).subtract(BigInteger.valueOf(2L * n)));
  }

  @Property(tries = 300)
  void providerPayoutsNeverExceedWhatIsLeftAfterFees(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 1_000_000) Integer> stored,
      @ForAll @Size(min = 60, max = 60) List<@IntRange(min = 0, max = 1_000) Integer> gets,
      @ForAll @LongRange(min = 0, max = 1L << 50) long storagePool,
      @ForAll @LongRange(min = 0, max = 1L << 40) long getsPool,
      @ForAll @IntRange(min = 0, max = 100) int collectedPercent) {
    List<Usage> provided = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      provided.add(new Usage(0, stored.get(i), 0, gets.get(i)));
    }
    Charge pool =
        new Charge(
            BigInteger.ZERO,
            BigInteger.valueOf(storagePool),
            BigInteger.ZERO,
            BigInteger.valueOf(getsPool));
    BigInteger collected =
        pool.total().multiply(BigInteger.valueOf(collectedPercent)).divide(BigInteger.valueOf(100));
    FeeShares shares =
        new FeeShares(
            Perquintill.fromPercent(1), Perquintill.fromPercent(10), Perquintill.fromPercent(2));
    List<BigInteger> paid = Billing.providerPayouts(provided, pool, shares, collected);
    BigInteger sum = paid.stream().reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger available = collected.subtract(Billing.fees(collected, shares).total());
    assertThat(sum).isLessThanOrEqualTo(available);
    assertThat(paid).allSatisfy(p -> assertThat(p).isNotNegative());
    if (collectedPercent == 100
        && stored.stream().anyMatch(x -> x > 0)
        && gets.subList(0, stored.size()).stream().anyMatch(x -> x > 0)) {
      // with everything collected and every dimension used, only rounding is trimmed
      assertThat(available.subtract(sum))
          .isLessThanOrEqualTo(BigInteger.valueOf(4L * stored.size()));
    }
  }

  @Property(tries = 200)
  void scoreSplitNeverPaysMoreThanOneUnitPerValidatorOverTheFee(
      @ForAll @Size(min = 1, max = 50) List<@IntRange(min = 1, max = 1000) Integer> scores,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long fee) {
    List<Long> s = new ArrayList<>();
    scores.forEach(x -> s.add(x.longValue()));
    BigInteger sum =
        Billing.splitByScore(BigInteger.valueOf(fee), s).stream()
            .reduce(BigInteger.ZERO, BigInteger::add);
    assertThat(sum).isLessThanOrEqualTo(BigInteger.valueOf(fee).add(BigInteger.valueOf(s.size())));
  }

  @Property(tries = 200)
  void chargeGrowsWithUsage(
      @ForAll @LongRange(min = 0, max = 1L << 40) long bytes,
      @ForAll @LongRange(min = 0, max = 1L << 40) long more,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long price) {
    Pricing p = Pricing.of(price, price, price, price);
    Charge a = Billing.customerCharge(new Usage(bytes, bytes, bytes, bytes), p, 86_400);
    Usage bigger = new Usage(bytes + more, bytes + more, bytes + more, bytes + more);
    Charge b = Billing.customerCharge(bigger, p, 86_400);
    assertThat(b.total()).isGreaterThanOrEqualTo(a.total());
  }
}
