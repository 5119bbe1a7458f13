package io.ddc.pallets.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numbers of the mainnet payouts test {@code end_charging_customers_works} (one customer, one
 * month, cluster prices 3 000 000 / 2 000 000 / 4 000 000 / 5 000 000, fees 1 % / 10 % / 2 %,
 * validator scores 30/45/25), computed with the runtime's formula.
 */
class BillingSpecTest {
  static final Pricing PRICING = Pricing.of(3_000_000, 2_000_000, 4_000_000, 5_000_000);
  static final FeeShares SHARES =
      new FeeShares(
          Perquintill.fromPercent(1), Perquintill.fromPercent(10), Perquintill.fromPercent(2));
  static final Usage USAGE =
      new Usage(23_452_345L, 3_345_234_523L, 4_456_456_345_234_523L, 523_423L);

  static BigInteger n(String digits) {
    return new BigInteger(digits.replace(" ", ""));
  }

  @Test
  void oneMonthChargeMatchesThePalletFormula() {
    Charge c = Billing.customerCharge(USAGE, PRICING, Billing.AVG_SECONDS_MONTH);
    assertThat(c.transfer()).isEqualTo(n("44 731 798"));
    assertThat(c.storage()).isEqualTo(n("9 570 792 740"));
    assertThat(c.puts()).isEqualTo(n("17 825 825 380 938 092 000 000"));
    assertThat(c.gets()).isEqualTo(n("2 617 115 000 000"));
    assertThat(c.total()).isEqualTo(n("17 825 825 383 564 822 524 538"));
  }

  @Test
  void feesAndTheirValidatorSplit() {
    BigInteger total = n("17 825 825 383 564 822 524 538");
    Fees f = Billing.fees(total, SHARES);
    assertThat(f.treasury()).isEqualTo(n("178 258 253 835 648 225 245"));
    assertThat(f.validators()).isEqualTo(n("1 782 582 538 356 482 252 454"));
    assertThat(f.clusterReserve()).isEqualTo(n("356 516 507 671 296 450 491"));
    List<BigInteger> split = Billing.splitByScore(f.validators(), List.of(30L, 45L, 25L));
    assertThat(split)
        .containsExactly(
            n("534 774 761 506 944 675 736"),
            n("802 162 142 260 417 013 604"),
            n("445 645 634 589 120 563 113"));
    BigInteger dust =
        f.validators().subtract(split.stream().reduce(BigInteger.ZERO, BigInteger::add));
    assertThat(dust).isEqualTo(BigInteger.ONE);
  }

  @Test
  void componentsAfterFees() {
    Charge c = Billing.customerCharge(USAGE, PRICING, Billing.AVG_SECONDS_MONTH);
    Charge after = c.scaled(SHARES.total().complement());
    assertThat(after)
        .isEqualTo(
            new Charge(
                n("38 916 664"),
                n("8 326 589 684"),
                n("15 508 468 081 416 140 040 000"),
                n("2 276 890 050 000")));
  }

  @Test
  void oneDayOfStorage() {
    assertThat(Billing.storageFraction(86_400).parts()).isEqualTo(32_851_511_169_513_797L);
    assertThat(Billing.customerCharge(USAGE, PRICING, 86_400).storage())
        .isEqualTo(n("314 415 005"));
  }

  @Test
  void zeroPriceMakesADimensionFree() {
    Charge c = Billing.customerCharge(USAGE, Pricing.of(0, 2_000_000, 0, 5_000_000), 86_400);
    assertThat(c.storage()).isZero();
    assertThat(c.puts()).isZero();
    assertThat(c.transfer()).isEqualTo(n("44 731 798"));
  }

  @Test
  void overflowIsAnArithmeticError() {
    Pricing huge = new Pricing(BigInteger.ONE, BigInteger.ONE, Billing.U128_MAX, BigInteger.ONE);
    assertThatThrownBy(() -> Billing.customerCharge(new Usage(0, 0, 2, 0), huge, 1))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("ArithmeticOverflow");
  }

  @Test
  void providerRewardIsProRataPerDimensionAndAZeroTotalPaysTheWholePool() {
    Charge pool = new Charge(n("1000"), n("2000"), n("3000"), n("4000"));
    Usage total = new Usage(400, 1000, 0, 10);
    Charge r = Billing.providerReward(new Usage(100, 250, 0, 5), total, pool);
    assertThat(r).isEqualTo(new Charge(n("250"), n("500"), n("3000"), n("2000")));
  }

  @Test
  void providerNetOfFees() {
    assertThat(Billing.netOfFees(n("1000"), SHARES)).isEqualTo(n("870"));
    // 1 % of 49 = 0.49 → 0; 10 % = 4.9 → 5; 2 % = 0.98 → 1
    assertThat(Billing.netOfFees(n("49"), SHARES)).isEqualTo(n("43"));
  }
}
