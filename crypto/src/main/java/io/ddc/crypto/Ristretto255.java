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
 * #mulBase} and {@link #scalarMul} scan whole tables with masks (secret scalars); {@link
 * #doubleScalarMulBaseVartime} is for verification, where every input is public.
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
  private static final Point[] BASE_TABLE = table(BASE);

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
    long[] a = mul(sub(p.y, p.x), sub(q.y, q.x));
    long[] b = mul(add(p.y, p.x), add(q.y, q.x));
    long[] c = mul(mul(p.t, D2), q.t);
    long[] zz = mul(p.z, q.z);
    long[] d = add(zz, zz);
    long[] e = sub(b, a);
    long[] f = sub(d, c);
    long[] g = add(d, c);
    long[] h = add(b, a);
    return new Point(mul(e, f), mul(g, h), mul(f, g), mul(e, h));
  }

  static Point negate(Point p) {
    return new Point(neg(p.x), p.y, p.z, neg(p.t));
  }

  static Point dbl(Point p) {
    return dbl(p, true);
  }

  /** 16·P; the first three doublings skip T, which only an addition reads. */
  private static Point times16(Point p) {
    return dbl(dbl(dbl(dbl(p, false), false), false), true);
  }

  private static Point dbl(Point p, boolean withT) {
    long[] a = square(p.x);
    long[] b = square(p.y);
    long[] zz = square(p.z);
    long[] c = add(zz, zz);
    long[] e = sub(sub(square(add(p.x, p.y)), a), b);
    long[] g = sub(b, a);
    long[] f = sub(g, c);
    long[] h = neg(add(a, b));
    return new Point(mul(e, f), mul(g, h), mul(f, g), withT ? mul(e, h) : null);
  }

  /** [0·P, 1·P, …, 15·P]. */
  private static Point[] table(Point p) {
    Point[] t = new Point[16];
    t[0] = IDENTITY;
    for (int i = 1; i < 16; i++) {
      t[i] = sum(t[i - 1], p);
    }
    return t;
  }

  /** {@code table[index]}, reading every entry. */
  private static Point lookup(Point[] table, int index) {
    Point r = IDENTITY;
    for (int i = 0; i < table.length; i++) {
      int hit = ((i ^ index) - 1) >>> 31;
      r =
          new Point(
              select(r.x, table[i].x, hit),
              select(r.y, table[i].y, hit),
              select(r.z, table[i].z, hit),
              select(r.t, table[i].t, hit));
    }
    return r;
  }

  /** {@code s·B} for a secret scalar {@code 0 <= s < 2^256}, fixed 4-bit windows. */
  static Point mulBase(BigInteger s) {
    return fixedWindow(BASE_TABLE, s);
  }

  /** {@code s·P} for a secret scalar, fixed 4-bit windows. */
  static Point scalarMul(Point p, BigInteger s) {
    return fixedWindow(table(p), s);
  }

  private static Point fixedWindow(Point[] table, BigInteger s) {
    int[] digits = Scalar25519.nibbles(s);
    Point r = IDENTITY;
    for (int i = 63; i >= 0; i--) {
      r = times16(r);
      r = sum(r, lookup(table, digits[i]));
    }
    return r;
  }

  /** {@code a·A + b·B} in variable time (public inputs only). */
  static Point doubleScalarMulBaseVartime(BigInteger a, Point pa, BigInteger b) {
    Point[] ta = table(pa);
    int[] da = Scalar25519.nibbles(a);
    int[] db = Scalar25519.nibbles(b);
    Point r = IDENTITY;
    for (int i = 63; i >= 0; i--) {
      r = times16(r);
      if (da[i] != 0) {
        r = sum(r, ta[da[i]]);
      }
      if (db[i] != 0) {
        r = sum(r, BASE_TABLE[db[i]]);
      }
    }
    return r;
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
