package io.ddc.pallets.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PerquintillTest {
  static final BigInteger ACC = BigInteger.valueOf(Perquintill.ACCURACY);

  @Test
  void fromRationalEdgeCases() {
    assertThat(Perquintill.fromRational(0, 0)).isEqualTo(Perquintill.ONE);
    assertThat(Perquintill.fromRational(5, 0)).isEqualTo(Perquintill.ONE);
    assertThat(Perquintill.fromRational(7, 6)).isEqualTo(Perquintill.ONE);
    assertThat(Perquintill.fromRational(0, 9)).isEqualTo(Perquintill.ZERO);
    assertThat(Perquintill.fromRational(9, 9)).isEqualTo(Perquintill.ONE);
    assertThat(Perquintill.fromRational(1, 3).parts()).isEqualTo(333_333_333_333_333_333L);
    assertThat(Perquintill.fromRational(2, 3).parts()).isEqualTo(666_666_666_666_666_666L);
  }

  @Test
  void mulRoundsToNearestWithTiesDown() {
    Perquintill half = Perquintill.fromRational(1, 2);
    assertThat(half.mul(BigInteger.ONE)).isZero();
    assertThat(half.mul(BigInteger.valueOf(3))).isEqualTo(BigInteger.ONE);
    assertThat(Perquintill.fromRational(2, 3).mul(BigInteger.ONE)).isEqualTo(BigInteger.ONE);
    assertThat(Perquintill.fromPercent(10).mul(BigInteger.valueOf(15))).isEqualTo(BigInteger.ONE);
    assertThat(Perquintill.fromPercent(10).mul(BigInteger.valueOf(16))).isEqualTo(BigInteger.TWO);
    assertThat(Perquintill.ONE.mul(Billing.U128_MAX)).isEqualTo(Billing.U128_MAX);
  }

  @Property(tries = 500)
  void fromRationalIsTheFloorOfTheFraction(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long p,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long q) {
    Perquintill f = Perquintill.fromRational(p, q);
    if (p > q) {
      assertThat(f).isEqualTo(Perquintill.ONE);
      return;
    }
    BigInteger parts = BigInteger.valueOf(f.parts());
    BigInteger bp = BigInteger.valueOf(p).multiply(ACC);
    BigInteger bq = BigInteger.valueOf(q);
    assertThat(parts.multiply(bq)).isLessThanOrEqualTo(bp);
    assertThat(parts.add(BigInteger.ONE).multiply(bq)).isGreaterThan(bp);
  }

  @Property(tries = 500)
  void mulIsWithinHalfAUnitOfTheExactProduct(
      @ForAll @LongRange(min = 0, max = Perquintill.ACCURACY) long parts,
      @ForAll @BigRange(min = "0", max = "340282366920938463463374607431768211455") BigInteger n) {
    BigInteger r = Perquintill.fromParts(parts).mul(n);
    BigInteger exactTimesAcc = n.multiply(BigInteger.valueOf(parts));
    BigInteger diff = r.multiply(ACC).subtract(exactTimesAcc).abs().shiftLeft(1);
    assertThat(diff).isLessThanOrEqualTo(ACC);
    assertThat(r).isLessThanOrEqualTo(n);
  }

  @Property(tries = 300)
  void complementAddsUpToOne(@ForAll @LongRange(min = 0, max = Perquintill.ACCURACY) long parts) {
    Perquintill p = Perquintill.fromParts(parts);
    assertThat(p.saturatingAdd(p.complement())).isEqualTo(Perquintill.ONE);
    assertThat(p.saturatingSub(p)).isEqualTo(Perquintill.ZERO);
  }
}
