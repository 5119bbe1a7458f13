package io.ddc.validator;

import io.ddc.pallets.payouts.Billing;
import io.ddc.pallets.payouts.Charge;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.PayoutFingerprint;
import io.ddc.pallets.payouts.PayoutTree;
import io.ddc.pallets.payouts.Pricing;
import io.ddc.pallets.payouts.Usage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One era's money, from verified usage (docs/spec/validator.md §4,
 * docs/decisions/0080-validator-billing-and-agreement.md): each customer is charged with the
 * pallet's formula; the collected total minus the fees the chain will take is split over providers
 * in proportion to their per-dimension gross rewards, the rounding remainder by largest remainder,
 * so that charged = rewarded + fees to the unit when every customer pays.
 */
final class EraBilling {
  /**
   * The collector part of the era id: validators aggregate themselves, so no single collector; all
   * validators use 32 zero bytes and thus the same id.
   */
  static final byte[] NO_COLLECTOR = new byte[32];

  private EraBilling() {}

  /** The era's charges and rewards before batching. */
  record Amounts(
      SortedMap<AccountId, BigInteger> charges,
      SortedMap<AccountId, BigInteger> rewards,
      BigInteger collected,
      BigInteger fees) {}

  /**
   * @param customers verified usage per customer (bucket owner)
   * @param providers verified usage per provider (node's provider account), same records
   * @param seconds the era's length
   */
  static Amounts amounts(
      Map<AccountId, Usage> customers,
      Map<AccountId, Usage> providers,
      Pricing pricing,
      FeeShares shares,
      long seconds) {
    SortedMap<AccountId, BigInteger> charges = new TreeMap<>();
    Charge pool = Charge.ZERO;
    for (Map.Entry<AccountId, Usage> e : customers.entrySet()) {
      Charge c = Billing.customerCharge(e.getValue(), pricing, seconds);
      pool = pool.plus(c);
      if (c.total().signum() > 0) {
        charges.put(e.getKey(), c.total());
      }
    }
    BigInteger collected = pool.total();
    BigInteger fees = Billing.fees(collected, shares).total();
    BigInteger distributable = collected.subtract(fees);

    Usage total = Usage.ZERO;
    for (Usage u : providers.values()) {
      total = total.plus(u);
    }
    SortedMap<AccountId, BigInteger> gross = new TreeMap<>();
    for (Map.Entry<AccountId, Usage> e : providers.entrySet()) {
      if (!e.getValue().equals(Usage.ZERO)) {
        gross.put(e.getKey(), Billing.providerReward(e.getValue(), total, pool).total());
      }
    }
    return new Amounts(charges, largestRemainder(distributable, gross), collected, fees);
  }

  /**
   * {@code amount} split in proportion to {@code weights}: floor shares, then one more unit to the
   * entries with the largest remainders (ties: lower account first). The parts add up to {@code
   * amount} exactly; zero parts are left out. Without weight, nothing is split.
   */
  static SortedMap<AccountId, BigInteger> largestRemainder(
      BigInteger amount, SortedMap<AccountId, BigInteger> weights) {
    BigInteger sum = BigInteger.ZERO;
    for (BigInteger w : weights.values()) {
      sum = sum.add(w);
    }
    SortedMap<AccountId, BigInteger> out = new TreeMap<>();
    if (sum.signum() == 0 || amount.signum() == 0) {
      return out;
    }
    record Rem(AccountId id, BigInteger rem) {}
    List<Rem> rems = new ArrayList<>();
    BigInteger given = BigInteger.ZERO;
    for (Map.Entry<AccountId, BigInteger> e : weights.entrySet()) {
      BigInteger[] qr = amount.multiply(e.getValue()).divideAndRemainder(sum);
      out.put(e.getKey(), qr[0]);
      given = given.add(qr[0]);
      rems.add(new Rem(e.getKey(), qr[1]));
    }
    rems.sort(
        (a, b) ->
            b.rem().compareTo(a.rem()) != 0
                ? b.rem().compareTo(a.rem())
                : a.id().compareTo(b.id()));
    int left = amount.subtract(given).intValueExact();
    for (int i = 0; i < left; i++) {
      out.merge(rems.get(i).id(), BigInteger.ONE, BigInteger::add);
    }
    out.values().removeIf(v -> v.signum() == 0);
    return out;
  }

  /** The batches, proofs and roots of {@code amounts} for era {@code era} of {@code cluster}. */
  static PayoutPlan plan(byte[] cluster, long era, Amounts amounts) {
    PayoutTree payers = new PayoutTree(entries(amounts.charges()));
    PayoutTree payees = new PayoutTree(entries(amounts.rewards()));
    return new PayoutPlan(
        era,
        PayoutFingerprint.ehdId(cluster, NO_COLLECTOR, era),
        batches(payers),
        payers.root(),
        batches(payees),
        payees.root());
  }

  private static List<PayoutEntry> entries(SortedMap<AccountId, BigInteger> m) {
    List<PayoutEntry> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(new PayoutEntry(k.bytes(), v)));
    return out;
  }

  private static List<PayoutPlan.Batch> batches(PayoutTree t) {
    List<PayoutPlan.Batch> out = new ArrayList<>();
    for (int i = 0; i < t.batchCount(); i++) {
      out.add(new PayoutPlan.Batch(t.batches().get(i), t.proof(i)));
    }
    return out;
  }
}
