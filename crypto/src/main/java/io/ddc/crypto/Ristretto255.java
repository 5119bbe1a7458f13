package io.ddc.crypto;

import static io.ddc.crypto.Field25519.abs;
import static io.ddc.crypto.Field25519.add;
import static io.ddc.crypto.Field25519.equal;
import static io.ddc.crypto.Field25519.isNegative;
import static io.ddc.crypto.Field25519.mul;
import static io.ddc.crypto.Field25519.neg;
import static io.ddc.crypto.Field25519.select;
import static io.ddc.crypto.Field25519.square;
import static io.ddc.crypto.Field25519.sub;

import java.math.BigInteger;

/**
 * The Ristretto255 group (RFC 9496) on edwards25519 in extended coordinates (X : Y : Z : T), x =
 * X/Z, y = Y/Z, xy = T/Z, curve -x^2 + y^2 = 1 + d x^2 y^2.
 *
 * <p>Implementation notes: addition uses the complete formulas of Hisil–Wong–Carter–Dawson for a =
 * -1 (add-2008-hwcd-3) and doubling dbl-2008-hwcd, so no input needs a special case. {@link
 * #mulBase} scans its whole table with masks (secret scalars); {@link #doubleScalarMulBaseVartime}
 * is for verification, where every input is public.
 */
final class Ristretto255 {
  private static final BigInteger P = Field25519.P;
  static final long[] D =
      Field25519.fromBigInteger(
          BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)));
  private static final long[] D2 = add(D, D);
  static final long[] SQRT_M1 =
      Field25519.fromBigInteger(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P));
  static final long[] INVSQRT_A_MINUS_D =
      Field25519.fromBigInteger(
          new BigInteger(
              "54469307008909316920995813868745141605393597292927456921205312896311721017578"));

  /** A point in extended coordinates; immutable. */
  record Point(long[] x, long[] y, long[] z, long[] t) {}

  static final Point IDENTITY =
      new Point(Field25519.ZERO, Field25519.ONE, Field25519.ONE, Field25519.ZERO);
  static final Point BASE = basepoint();

  private Ristretto255() {}

  private static Point basepoint() {
    BigInteger y = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
    BigInteger x =
        new BigInteger(
            "15112221349535400772501151409588531511454012693041857206046113283949847762202");
    long[] fx = Field25519.fromBigInteger(x);
    long[] fy = Field25519.fromBigInteger(y);
    return new Point(fx, fy, Field25519.ONE, mul(fx, fy));
  }

  static Point sum(Point p, Point q) {
    return sum(p, cached(q), false);
  }

  static Point dbl(Point p) {
    return dbl(p, true);
  }

  /**
   * dbl-2008-hwcd for a = −1, with every intermediate negated (the same projective point): with XX
   * = X², YY = Y², x3 = (X + Y)² − YY − XX, y3 = YY + XX, z3 = YY − XX, t3 = 2Z² − z3, the double
   * is (x3·t3 : y3·z3 : z3·t3 : x3·y3).
   */
  private static Point dbl(Point p, boolean withT) {
    long[] xx = square(p.x);
    long[] yy = square(p.y);
    long[] zz = square(p.z);
    long[] aa = square(Field25519.addNc(p.x, p.y));
    long[] y3 = Field25519.addNc(yy, xx);
    long[] z3 = Field25519.subNc(yy, xx);
    long[] x3 = sub(aa, y3);
    long[] t3 = sub(Field25519.addNc(zz, zz), z3);
    return new Point(mul(x3, t3), mul(y3, z3), mul(z3, t3), withT ? mul(x3, y3) : null);
  }

  /**
   * A point prepared for addition: (Y + X, Y − X, 2d·T, 2Z), which saves two multiplications per
   * addition.
   */
  record Cached(long[] yPlusX, long[] yMinusX, long[] t2d, long[] z2) {}

  static Cached cached(Point p) {
    return new Cached(add(p.y, p.x), sub(p.y, p.x), mul(p.t, D2), add(p.z, p.z));
  }

  /** {@code p + q} ({@code negate} false) or {@code p − q} (true). */
  static Point sum(Point p, Cached q, boolean negate) {
    long[] a = mul(Field25519.subNc(p.y, p.x), negate ? q.yPlusX : q.yMinusX);
    long[] b = mul(Field25519.addNc(p.y, p.x), negate ? q.yMinusX : q.yPlusX);
    long[] c = mul(p.t, q.t2d);
    long[] d = mul(p.z, q.z2);
    long[] e = Field25519.subNc(b, a);
    long[] f = negate ? Field25519.addNc(d, c) : Field25519.subNc(d, c);
    long[] g = negate ? Field25519.subNc(d, c) : Field25519.addNc(d, c);
    long[] h = Field25519.addNc(b, a);
    return new Point(mul(e, f), mul(g, h), mul(f, g), mul(e, h));
  }

  /** Odd multiples P, 3P, …, (2n − 1)P, cached. */
  private static Cached[] oddMultiples(Point p, int n) {
    Cached[] t = new Cached[n];
    Point p2 = dbl(p);
    Point acc = p;
    for (int i = 0; i < n; i++) {
      t[i] = cached(acc);
      acc = sum(acc, p2);
    }
    return t;
  }

  private static final int BASE_WINDOW = 8;
  private static final int POINT_WINDOW = 5;
  private static final Cached[] BASE_ODD = oddMultiples(BASE, 1 << (BASE_WINDOW - 2));
  private static final Cached[][] BASE_COMB = comb(BASE);

  /** [0·P, 1·P, …, 15·P], cached. */
  private static Cached[] multiples(Point p) {
    Cached[] t = new Cached[16];
    Point acc = IDENTITY;
    for (int i = 0; i < 16; i++) {
      t[i] = cached(acc);
      acc = sum(acc, p);
    }
    return t;
  }

  /**
   * {@code table[i] = multiples(16^i · P)} for the 64 nibbles of a 256-bit scalar (328 KiB for the
   * base point): {@code s·P} is then one masked lookup and one addition per nibble, no doubling.
   */
  private static Cached[][] comb(Point p) {
    Cached[][] t = new Cached[64][];
    Point q = p;
    for (int i = 0; i < 64; i++) {
      t[i] = multiples(q);
      for (int d = 0; d < 4; d++) {
        q = dbl(q);
      }
    }
    return t;
  }

  /**
   * {@code s·B} for a secret scalar {@code 0 <= s < 2^256}: the sum over the scalar's 64 nibbles
   * {@code d_i} of {@code d_i·16^i·B}, each read from {@link #BASE_COMB} by a masked lookup that
   * touches every entry (no secret-dependent memory access or branch).
   */
  static Point mulBase(byte[] s) {
    Accumulator r = new Accumulator();
    Cached entry = new Cached(new long[10], new long[10], new long[10], new long[10]);
    for (int i = 0; i < 64; i++) {
      int digit = i % 2 == 0 ? s[i / 2] & 0x0F : (s[i / 2] >> 4) & 0x0F;
      lookup(BASE_COMB[i], digit, entry);
      r.add(entry, false);
    }
    return r.toPoint();
  }

  /** {@code out = table[index]}, reading every entry and every limb. */
  private static void lookup(Cached[] table, int index, Cached out) {
    for (int i = 0; i < table.length; i++) {
      long mask = -(long) ((((i ^ index) - 1) >>> 31) & 1);
      Cached e = table[i];
      for (int k = 0; k < 10; k++) {
        out.yPlusX[k] = (out.yPlusX[k] & ~mask) | (e.yPlusX[k] & mask);
        out.yMinusX[k] = (out.yMinusX[k] & ~mask) | (e.yMinusX[k] & mask);
        out.t2d[k] = (out.t2d[k] & ~mask) | (e.t2d[k] & mask);
        out.z2[k] = (out.z2[k] & ~mask) | (e.z2[k] & mask);
      }
    }
  }

  /**
   * Width-w non-adjacent form: digits odd and below 2^(w−1) in magnitude, at most one nonzero digit
   * in any w consecutive positions.
   */
  static int[] naf(BigInteger s, int w) {
    int[] digits = new int[s.bitLength() + 1];
    BigInteger k = s;
    int window = 1 << w;
    for (int i = 0; k.signum() > 0; i++) {
      if (k.testBit(0)) {
        int d = k.intValue() & (window - 1);
        if (d >= window / 2) {
          d -= window;
        }
        digits[i] = d;
        k = k.subtract(BigInteger.valueOf(d));
      }
      k = k.shiftRight(1);
    }
    return digits;
  }

  /** {@code a·A + b·B} in variable time (public inputs only): interleaved wNAF, w = 5 and 8. */
  static Point doubleScalarMulBaseVartime(BigInteger a, Point pa, BigInteger b) {
    Cached[] ta = oddMultiples(pa, 1 << (POINT_WINDOW - 2));
    int[] na = naf(a, POINT_WINDOW);
    int[] nb = naf(b, BASE_WINDOW);
    int top = Math.max(na.length, nb.length) - 1;
    while (top >= 0 && digit(na, top) == 0 && digit(nb, top) == 0) {
      top--;
    }
    Accumulator r = new Accumulator();
    for (int i = top; i >= 0; i--) {
      int da = digit(na, i);
      int db = digit(nb, i);
      r.dbl(da != 0 || db != 0 || i == 0);
      if (da != 0) {
        r.add(ta[Math.abs(da) / 2], da < 0);
      }
      if (db != 0) {
        r.add(BASE_ODD[Math.abs(db) / 2], db < 0);
      }
    }
    return r.toPoint();
  }

  /**
   * A mutable point with its own scratch space, for the verification loop: the same formulas as
   * {@link #dbl(Point, boolean)} and {@link #sum(Point, Cached, boolean)} without allocating.
   */
  private static final class Accumulator {
    private final long[] x = Field25519.ZERO.clone();
    private final long[] y = Field25519.ONE.clone();
    private final long[] z = Field25519.ONE.clone();
    private final long[] t = Field25519.ZERO.clone();
    private final long[] s1 = new long[10];
    private final long[] s2 = new long[10];
    private final long[] s3 = new long[10];
    private final long[] s4 = new long[10];
    private final long[] s5 = new long[10];
    private final long[] s6 = new long[10];

    /** this = 2·this; T is left stale unless {@code withT}. */
    void dbl(boolean withT) {
      long[] xx = square(x, s1);
      long[] yy = square(y, s2);
      long[] zz = square(z, s3);
      long[] aa = square(Field25519.addNc(x, y, s4), s4);
      long[] y3 = Field25519.addNc(yy, xx, s5);
      long[] z3 = Field25519.subNc(yy, xx, s6);
      long[] x3 = Field25519.carry(Field25519.subNc(aa, y3, s4));
      long[] t3 = Field25519.carry(Field25519.subNc(Field25519.addNc(zz, zz, s3), z3, s3));
      mul(x3, t3, x);
      mul(y3, z3, y);
      mul(z3, t3, z);
      if (withT) {
        mul(x3, y3, t);
      }
    }

    /** this = this ± q. */
    void add(Cached q, boolean negate) {
      long[] a = mul(Field25519.subNc(y, x, s1), negate ? q.yPlusX : q.yMinusX, s1);
      long[] b = mul(Field25519.addNc(y, x, s2), negate ? q.yMinusX : q.yPlusX, s2);
      long[] c = mul(t, q.t2d, s3);
      long[] d = mul(z, q.z2, s4);
      long[] e = Field25519.subNc(b, a, s5);
      long[] h = Field25519.addNc(b, a, s2);
      long[] f = negate ? Field25519.addNc(d, c, s1) : Field25519.subNc(d, c, s1);
      long[] g = negate ? Field25519.subNc(d, c, s4) : Field25519.addNc(d, c, s4);
      mul(e, f, x);
      mul(g, h, y);
      mul(f, g, z);
      mul(e, h, t);
    }

    Point toPoint() {
      return new Point(x.clone(), y.clone(), z.clone(), t.clone());
    }
  }

  private static int digit(int[] digits, int i) {
    return i < digits.length ? digits[i] : 0;
  }

  /** The result of SQRT_RATIO_M1; {@code wasSquare} is 1 or 0. */
  private record SqrtRatio(int wasSquare, long[] r) {}

  /** RFC 9496 SQRT_RATIO_M1: r = +sqrt(u/v) if that exists, else +sqrt(i·u/v). */
  private static SqrtRatio sqrtRatioM1(long[] u, long[] v) {
    long[] v3 = mul(square(v), v);
    long[] v7 = mul(square(v3), v);
    long[] r = mul(mul(u, v3), Field25519.pow22523(mul(u, v7)));
    long[] check = mul(v, square(r));
    long[] nu = neg(u);
    int correct = equal(check, u);
    int flipped = equal(check, nu);
    int flippedI = equal(check, mul(nu, SQRT_M1));
    r = select(r, mul(SQRT_M1, r), flipped | flippedI);
    return new SqrtRatio(correct | flipped, abs(r));
  }

  /**
   * Decodes a 32-byte Ristretto encoding.
   *
   * @return the point, or {@code null} if the bytes are not a canonical encoding of a group element
   */
  static Point decode(byte[] bytes) {
    if (bytes.length != 32) {
      return null;
    }
    long[] s = Field25519.fromBytes(bytes);
    byte[] canonical = Field25519.toBytes(s);
    int diff = 0;
    for (int i = 0; i < 32; i++) {
      diff |= canonical[i] ^ bytes[i];
    }
    if (diff != 0 || isNegative(s) == 1) {
      return null;
    }
    long[] ss = square(s);
    long[] u1 = sub(Field25519.ONE, ss);
    long[] u2 = add(Field25519.ONE, ss);
    long[] u2Sqr = square(u2);
    long[] v = sub(neg(mul(D, square(u1))), u2Sqr);
    SqrtRatio sr = sqrtRatioM1(Field25519.ONE, mul(v, u2Sqr));
    int wasSquare = sr.wasSquare();
    long[] invsqrt = sr.r();
    long[] denX = mul(invsqrt, u2);
    long[] denY = mul(mul(invsqrt, denX), v);
    long[] x = abs(mul(add(s, s), denX));
    long[] y = mul(u1, denY);
    long[] t = mul(x, y);
    if (wasSquare == 0 || isNegative(t) == 1 || Field25519.isZero(y) == 1) {
      return null;
    }
    return new Point(x, y, Field25519.ONE, t);
  }

  /** The canonical 32-byte Ristretto encoding. */
  static byte[] encode(Point p) {
    long[] u1 = mul(add(p.z, p.y), sub(p.z, p.y));
    long[] u2 = mul(p.x, p.y);
    long[] invsqrt = sqrtRatioM1(Field25519.ONE, mul(u1, square(u2))).r();
    long[] den1 = mul(invsqrt, u1);
    long[] den2 = mul(invsqrt, u2);
    long[] zInv = mul(mul(den1, den2), p.t);
    long[] ix0 = mul(p.x, SQRT_M1);
    long[] iy0 = mul(p.y, SQRT_M1);
    long[] enchanted = mul(den1, INVSQRT_A_MINUS_D);
    int rotate = isNegative(mul(p.t, zInv));
    long[] x = select(p.x, iy0, rotate);
    long[] y = select(p.y, ix0, rotate);
    long[] denInv = select(den2, enchanted, rotate);
    y = select(y, neg(y), isNegative(mul(x, zInv)));
    return Field25519.toBytes(abs(mul(denInv, sub(p.z, y))));
  }
}
