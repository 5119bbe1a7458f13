package io.ddc.pallets.payouts;

import java.math.BigInteger;

/**
 * Substrate's {@code Perquintill}: a fraction in parts per 10^18, stored as a {@code u64} of parts
 * (SCALE: 8 bytes little-endian, not compact inside structs).
 *
 * <p>The rounding is the runtime's, not the obvious one: {@link #fromRational} rounds down and
 * answers {@link #ONE} when the denominator is zero or the numerator exceeds it; {@link #mul}
 * rounds to the nearest unit with ties going down. Instances are immutable.
 */
public final class Perquintill implements Comparable<Perquintill> {
  /** Parts in a whole: 10^18. */
  public static final long ACCURACY = 1_000_000_000_000_000_000L;

  private static final BigInteger ACC = BigInteger.valueOf(ACCURACY);
  private static final BigInteger HALF = ACC.shiftRight(1);

  /** 0 %. */
  public static final Perquintill ZERO = new Perquintill(0);

  /** 100 %. */
  public static final Perquintill ONE = new Perquintill(ACCURACY);

  private final long parts;

  private Perquintill(long parts) {
    this.parts = parts;
  }

  /**
   * The fraction of {@code parts} per 10^18.
   *
   * @throws IllegalArgumentException unless {@code 0 <= parts <= 10^18}
   */
  public static Perquintill fromParts(long parts) {
    if (parts < 0 || parts > ACCURACY) {
      throw new IllegalArgumentException("perquintill parts must be 0..10^18, " + parts + " given");
    }
    return new Perquintill(parts);
  }

  /** {@code percent} % (0..100). */
  public static Perquintill fromPercent(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0..100, " + percent + " given");
    }
    return new Perquintill(percent * (ACCURACY / 100));
  }

  /**
   * {@code p / q} rounded down; {@link #ONE} when {@code q == 0} or {@code p > q} (the runtime's
   * {@code from_rational}, which falls back to one when the exact value cannot be represented).
   *
   * @throws IllegalArgumentException if either argument is negative
   */
  public static Perquintill fromRational(BigInteger p, BigInteger q) {
    if (p.signum() < 0 || q.signum() < 0) {
      throw new IllegalArgumentException("from_rational takes unsigned values");
    }
    if (q.signum() == 0 || p.compareTo(q) > 0) {
      return ONE;
    }
    return new Perquintill(p.multiply(ACC).divide(q).longValueExact());
  }

  /** {@link #fromRational(BigInteger, BigInteger)} for {@code long}s. */
  public static Perquintill fromRational(long p, long q) {
    return fromRational(BigInteger.valueOf(p), BigInteger.valueOf(q));
  }

  /** The parts per 10^18. */
  public long parts() {
    return parts;
  }

  /**
   * {@code this × n} rounded to the nearest integer, ties down ({@code Rounding::NearestPrefDown}
   * of sp-arithmetic, computed as {@code (n / 10^18) × parts + round((n mod 10^18) × parts /
   * 10^18)} so that it never overflows the type of {@code n}).
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public BigInteger mul(BigInteger n) {
    if (n.signum() < 0) {
      throw new IllegalArgumentException("perquintill multiplies unsigned values");
    }
    BigInteger p = BigInteger.valueOf(parts);
    BigInteger[] qr = n.divideAndRemainder(ACC);
    BigInteger[] corr = qr[1].multiply(p).divideAndRemainder(ACC);
    BigInteger c = corr[1].compareTo(HALF) > 0 ? corr[0].add(BigInteger.ONE) : corr[0];
    return qr[0].multiply(p).add(c);
  }

  /** {@code this + other}, saturating at {@link #ONE}. */
  public Perquintill saturatingAdd(Perquintill other) {
    return new Perquintill(Math.min(ACCURACY, parts + other.parts));
  }

  /** {@code this - other}, saturating at {@link #ZERO}. */
  public Perquintill saturatingSub(Perquintill other) {
    return new Perquintill(Math.max(0, parts - other.parts));
  }

  /** {@code 1 - this} (the runtime's {@code Perquintill::one() - p}). */
  public Perquintill complement() {
    return new Perquintill(ACCURACY - parts);
  }

  @Override
  public int compareTo(Perquintill o) {
    return Long.compare(parts, o.parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Perquintill p && p.parts == parts;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(parts);
  }

  @Override
  public String toString() {
    return parts + "/10^18";
  }
}
