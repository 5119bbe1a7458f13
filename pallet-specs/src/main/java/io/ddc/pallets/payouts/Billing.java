package io.ddc.pallets.payouts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The billing arithmetic of the payouts pallets, shared by the runtime model and by validators that
 * compute what the chain will be asked to move. Every result is what the Rust code computes, to the
 * unit: u128 checked arithmetic, integer division rounding down, and {@link Perquintill} rounding.
 */
public final class Billing {
  /** Seconds in an average month ({@code 30.44 × 24 × 3600}): the storage price is per month. */
  public static final long AVG_SECONDS_MONTH = 2_630_016L;

  /** Bytes in the "MB" of the prices: one MiB. */
  public static final long MEBIBYTE = 1_048_576L;

  /** The largest u128. */
  public static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private static final BigInteger MIB = BigInteger.valueOf(MEBIBYTE);

  private Billing() {}

  static BigInteger u128(BigInteger v) {
    if (v.signum() < 0 || v.compareTo(U128_MAX) > 0) {
      throw new IllegalArgumentException("not a u128: " + v);
    }
    return v;
  }

  /** {@code v} if it fits a u128, else {@code ArithmeticException("ArithmeticOverflow")}. */
  static BigInteger checked(BigInteger v) {
    if (v.signum() < 0 || v.compareTo(U128_MAX) > 0) {
      throw new ArithmeticException("ArithmeticOverflow");
    }
    return v;
  }

  /**
   * The fraction of a month that {@code seconds} of storage is billed as: {@code
   * from_rational(seconds, AVG_SECONDS_MONTH)} (so anything from a month up counts as one month).
   */
  public static Perquintill storageFraction(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("an era cannot last " + seconds + " s");
    }
    return Perquintill.fromRational(seconds, AVG_SECONDS_MONTH);
  }

  /**
   * What a customer owes for {@code usage} over an era of {@code seconds} at {@code pricing}:
   * {@code transfer = transferred × per_mb_streamed / MiB}, {@code storage = fraction(seconds) ×
   * (stored × per_mb_stored / MiB)}, {@code puts = puts × per_put}, {@code gets = gets × per_get}.
   *
   * @throws ArithmeticException ("ArithmeticOverflow") if an intermediate value leaves u128
   */
  public static Charge customerCharge(Usage usage, Pricing pricing, long seconds) {
    BigInteger transfer =
        checked(BigInteger.valueOf(usage.transferredBytes()).multiply(pricing.perMbStreamed()))
            .divide(MIB);
    BigInteger stored =
        checked(BigInteger.valueOf(usage.storedBytes()).multiply(pricing.perMbStored()))
            .divide(MIB);
    BigInteger storage = storageFraction(seconds).mul(stored);
    BigInteger puts =
        checked(BigInteger.valueOf(usage.numberOfPuts()).multiply(pricing.perPutRequest()));
    BigInteger gets =
        checked(BigInteger.valueOf(usage.numberOfGets()).multiply(pricing.perGetRequest()));
    return new Charge(transfer, storage, puts, gets);
  }

  /**
   * The fees the payout takes from {@code collected}: each share times the collected total
   * (nearest, ties down), as {@code end_charging_customers} computes them.
   */
  public static Fees fees(BigInteger collected, FeeShares shares) {
    u128(collected);
    return new Fees(
        shares.treasury().mul(collected),
        shares.validators().mul(collected),
        shares.clusterReserve().mul(collected));
  }

  /**
   * A provider's gross reward: per dimension, {@code from_rational(provided.x, clusterTotal.x) ×
   * pool.x}. As on chain, a dimension where the cluster total is zero gives the provider the whole
   * pool of that dimension ({@code from_rational} answers one on a zero denominator).
   */
  public static Charge providerReward(Usage provided, Usage clusterTotal, Charge pool) {
    return new Charge(
        share(provided.transferredBytes(), clusterTotal.transferredBytes(), pool.transfer()),
        share(provided.storedBytes(), clusterTotal.storedBytes(), pool.storage()),
        share(provided.numberOfPuts(), clusterTotal.numberOfPuts(), pool.puts()),
        share(provided.numberOfGets(), clusterTotal.numberOfGets(), pool.gets()));
  }

  private static BigInteger share(long part, long total, BigInteger pool) {
    return Perquintill.fromRational(part, total).mul(pool);
  }

  /**
   * What a provider is paid from a gross {@code reward}: {@code reward − treasury×reward −
   * validators×reward − reserve×reward} (each product nearest, ties down), never below zero.
   */
  public static BigInteger netOfFees(BigInteger reward, FeeShares shares) {
    Fees f = fees(reward, shares);
    return reward.subtract(f.total()).max(BigInteger.ZERO);
  }

  /**
   * What each provider is paid for an era, never more in total than the payout vault will hold
   * after the fees: each provider's {@link #netOfFees net} {@link #providerReward reward} from the
   * cluster's {@code pool}; when rounding (or a dimension nobody reported, which pays everyone the
   * whole pool) makes them add up to more than {@code collected − fees(collected)}, they are first
   * scaled by {@code from_rational(available, sum)} and then trimmed one unit at a time, largest
   * first (earlier index on ties). Deterministic, so every validator commits the same payees.
   *
   * @param provided each provider's usage, in the order of the result
   * @param pool the customers' charges by dimension (what the providers' usage is paid from)
   * @param collected what charging the customers will actually collect
   */
  public static List<BigInteger> providerPayouts(
      List<Usage> provided, Charge pool, FeeShares shares, BigInteger collected) {
    Usage total = Usage.ZERO;
    for (Usage u : provided) {
      total = total.plus(u);
    }
    List<BigInteger> out = new ArrayList<>(provided.size());
    BigInteger sum = BigInteger.ZERO;
    for (Usage u : provided) {
      BigInteger net = netOfFees(providerReward(u, total, pool).total(), shares);
      out.add(net);
      sum = sum.add(net);
    }
    BigInteger available = u128(collected).subtract(fees(collected, shares).total());
    if (sum.compareTo(available) <= 0) {
      return out;
    }
    Perquintill scale = Perquintill.fromRational(available, sum);
    sum = BigInteger.ZERO;
    for (int i = 0; i < out.size(); i++) {
      out.set(i, scale.mul(out.get(i)));
      sum = sum.add(out.get(i));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      order.add(i);
    }
    order.sort(
        (a, b) -> out.get(b).compareTo(out.get(a)) != 0 ? out.get(b).compareTo(out.get(a)) : a - b);
    for (int k = 0; sum.compareTo(available) > 0; k = (k + 1) % order.size()) {
      int i = order.get(k);
      if (out.get(i).signum() > 0) {
        out.set(i, out.get(i).subtract(BigInteger.ONE));
        sum = sum.subtract(BigInteger.ONE);
      }
    }
    return out;
  }

  /**
   * Splits {@code amount} pro rata to {@code scores}: entry i is {@code from_rational(score_i,
   * Σscores) × amount}. The parts may add up to a few units less (or, through rounding to nearest,
   * more) than {@code amount}; the caller keeps or caps the difference.
   *
   * @throws IllegalArgumentException if a score is negative
   */
  public static List<BigInteger> splitByScore(BigInteger amount, List<Long> scores) {
    long total = 0;
    for (long s : scores) {
      if (s < 0) {
        throw new IllegalArgumentException("scores are non-negative");
      }
      total = Math.addExact(total, s);
    }
    List<BigInteger> out = new ArrayList<>(scores.size());
    for (long s : scores) {
      out.add(Perquintill.fromRational(s, total).mul(amount));
    }
    return out;
  }
}
