package io.ddc.crypto;

import java.math.BigInteger;

/**
 * Arithmetic modulo p = 2^255 - 19 on ten signed 64-bit limbs of alternately 26 and 25 bits (limb i
 * holds bits from ceil(25.5 i)). Every operation returns a fresh, carried element whose limbs are
 * below 2^26 in magnitude, which keeps every product sum of {@link #mul} below 2^62.
 *
 * <p>Constant time: no operation branches on or indexes by limb values; {@link #select} and {@link
 * #equal} use masks. Only {@link #fromBigInteger}, used for constants, is variable time.
 */
final class Field25519 {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  static final long[] ZERO = new long[10];
  static final long[] ONE = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final int[] WIDTH = {26, 25, 26, 25, 26, 25, 26, 25, 26, 25};

  private Field25519() {}

  static long[] add(long[] f, long[] g) {
    long[] h = new long[10];
    for (int i = 0; i < 10; i++) {
      h[i] = f[i] + g[i];
    }
    return carry(h);
  }

  static long[] sub(long[] f, long[] g) {
    long[] h = new long[10];
    for (int i = 0; i < 10; i++) {
      h[i] = f[i] - g[i];
    }
    return carry(h);
  }

  /**
   * {@code f + g} without carrying. Only for carried inputs, and only to feed {@link #mul} or
   * {@link #square} directly: one uncarried level keeps limbs below 2^27 and product sums below
   * 2^62.
   */
  static long[] addNc(long[] f, long[] g) {
    return addNc(f, g, new long[10]);
  }

  /** {@code out = f + g} uncarried; {@code out} may alias an input. */
  static long[] addNc(long[] f, long[] g, long[] out) {
    for (int i = 0; i < 10; i++) {
      out[i] = f[i] + g[i];
    }
    return out;
  }

  /** {@code f - g} without carrying; the same restriction as {@link #addNc}. */
  static long[] subNc(long[] f, long[] g) {
    return subNc(f, g, new long[10]);
  }

  /** {@code out = f - g} uncarried; {@code out} may alias an input. */
  static long[] subNc(long[] f, long[] g, long[] out) {
    for (int i = 0; i < 10; i++) {
      out[i] = f[i] - g[i];
    }
    return out;
  }

  static long[] neg(long[] f) {
    return sub(ZERO, f);
  }

  static long[] mul(long[] f, long[] g) {
    return mul(f, g, new long[10]);
  }

  /** {@code out = f·g}; {@code out} may be {@code f} or {@code g}. Returns {@code out}. */
  static long[] mul(long[] f, long[] g, long[] out) {
    long f0 = f[0];
    long f1 = f[1];
    long f2 = f[2];
    long f3 = f[3];
    long f4 = f[4];
    long f5 = f[5];
    long f6 = f[6];
    long f7 = f[7];
    long f8 = f[8];
    long f9 = f[9];
    long g0 = g[0];
    long g1 = g[1];
    long g2 = g[2];
    long g3 = g[3];
    long g4 = g[4];
    long g5 = g[5];
    long g6 = g[6];
    long g7 = g[7];
    long g8 = g[8];
    long g9 = g[9];
    long g1_19 = 19 * g1;
    long g2_19 = 19 * g2;
    long g3_19 = 19 * g3;
    long g4_19 = 19 * g4;
    long g5_19 = 19 * g5;
    long g6_19 = 19 * g6;
    long g7_19 = 19 * g7;
    long g8_19 = 19 * g8;
    long g9_19 = 19 * g9;
    long f1_2 = 2 * f1;
    long f3_2 = 2 * f3;
    long f5_2 = 2 * f5;
    long f7_2 = 2 * f7;
    long f9_2 = 2 * f9;
    long h0 =
        f0 * g0
            + f1_2 * g9_19
            + f2 * g8_19
            + f3_2 * g7_19
            + f4 * g6_19
            + f5_2 * g5_19
            + f6 * g4_19
            + f7_2 * g3_19
            + f8 * g2_19
            + f9_2 * g1_19;
    long h1 =
        f0 * g1
            + f1 * g0
            + f2 * g9_19
            + f3 * g8_19
            + f4 * g7_19
            + f5 * g6_19
            + f6 * g5_19
            + f7 * g4_19
            + f8 * g3_19
            + f9 * g2_19;
    long h2 =
        f0 * g2
            + f1_2 * g1
            + f2 * g0
            + f3_2 * g9_19
            + f4 * g8_19
            + f5_2 * g7_19
            + f6 * g6_19
            + f7_2 * g5_19
            + f8 * g4_19
            + f9_2 * g3_19;
    long h3 =
        f0 * g3
            + f1 * g2
            + f2 * g1
            + f3 * g0
            + f4 * g9_19
            + f5 * g8_19
            + f6 * g7_19
            + f7 * g6_19
            + f8 * g5_19
            + f9 * g4_19;
    long h4 =
        f0 * g4
            + f1_2 * g3
            + f2 * g2
            + f3_2 * g1
            + f4 * g0
            + f5_2 * g9_19
            + f6 * g8_19
            + f7_2 * g7_19
            + f8 * g6_19
            + f9_2 * g5_19;
    long h5 =
        f0 * g5
            + f1 * g4
            + f2 * g3
            + f3 * g2
            + f4 * g1
            + f5 * g0
            + f6 * g9_19
            + f7 * g8_19
            + f8 * g7_19
            + f9 * g6_19;
    long h6 =
        f0 * g6
            + f1_2 * g5
            + f2 * g4
            + f3_2 * g3
            + f4 * g2
            + f5_2 * g1
            + f6 * g0
            + f7_2 * g9_19
            + f8 * g8_19
            + f9_2 * g7_19;
    long h7 =
        f0 * g7
            + f1 * g6
            + f2 * g5
            + f3 * g4
            + f4 * g3
            + f5 * g2
            + f6 * g1
            + f7 * g0
            + f8 * g9_19
            + f9 * g8_19;
    long h8 =
        f0 * g8
            + f1_2 * g7
            + f2 * g6
            + f3_2 * g5
            + f4 * g4
            + f5_2 * g3
            + f6 * g2
            + f7_2 * g1
            + f8 * g0
            + f9_2 * g9_19;
    long h9 =
        f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1
            + f9 * g0;
    return reduce(out, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
  }

  static long[] square(long[] f) {
    return square(f, new long[10]);
  }

  /** {@code out = f²}; {@code out} may be {@code f}. Returns {@code out}. */
  static long[] square(long[] f, long[] out) {
    long f0 = f[0];
    long f1 = f[1];
    long f2 = f[2];
    long f3 = f[3];
    long f4 = f[4];
    long f5 = f[5];
    long f6 = f[6];
    long f7 = f[7];
    long f8 = f[8];
    long f9 = f[9];
    long f0_2 = 2 * f0;
    long f1_2 = 2 * f1;
    long f1_4 = 4 * f1;
    long f2_2 = 2 * f2;
    long f3_2 = 2 * f3;
    long f3_4 = 4 * f3;
    long f4_2 = 2 * f4;
    long f5_19 = 19 * f5;
    long f5_2 = 2 * f5;
    long f5_4 = 4 * f5;
    long f6_19 = 19 * f6;
    long f6_2 = 2 * f6;
    long f7_19 = 19 * f7;
    long f7_2 = 2 * f7;
    long f7_4 = 4 * f7;
    long f8_19 = 19 * f8;
    long f8_2 = 2 * f8;
    long f9_19 = 19 * f9;
    long f9_2 = 2 * f9;
    long h0 = f0 * f0 + f1_4 * f9_19 + f2_2 * f8_19 + f3_4 * f7_19 + f4_2 * f6_19 + f5_2 * f5_19;
    long h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
    long h2 = f0_2 * f2 + f1_2 * f1 + f3_4 * f9_19 + f4_2 * f8_19 + f5_4 * f7_19 + f6 * f6_19;
    long h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
    long h4 = f0_2 * f4 + f1_4 * f3 + f2 * f2 + f5_4 * f9_19 + f6_2 * f8_19 + f7_2 * f7_19;
    long h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
    long h6 = f0_2 * f6 + f1_4 * f5 + f2_2 * f4 + f3_2 * f3 + f7_4 * f9_19 + f8 * f8_19;
    long h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
    long h8 = f0_2 * f8 + f1_4 * f7 + f2_2 * f6 + f3_4 * f5 + f4 * f4 + f9_2 * f9_19;
    long h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
    return reduce(out, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
  }

  /**
   * Carries product sums into limbs in two interleaved chains (0→1→2→3→4→5 and 4→5→6→7→8→9→0→1), so
   * the dependent shifts of one chain overlap with the other's.
   */
  private static long[] reduce(
      long[] out,
      long h0,
      long h1,
      long h2,
      long h3,
      long h4,
      long h5,
      long h6,
      long h7,
      long h8,
      long h9) {
    long c;
    c = h0 >> 26;
    h1 += c;
    h0 -= c << 26;
    c = h4 >> 26;
    h5 += c;
    h4 -= c << 26;
    c = h1 >> 25;
    h2 += c;
    h1 -= c << 25;
    c = h5 >> 25;
    h6 += c;
    h5 -= c << 25;
    c = h2 >> 26;
    h3 += c;
    h2 -= c << 26;
    c = h6 >> 26;
    h7 += c;
    h6 -= c << 26;
    c = h3 >> 25;
    h4 += c;
    h3 -= c << 25;
    c = h7 >> 25;
    h8 += c;
    h7 -= c << 25;
    c = h4 >> 26;
    h5 += c;
    h4 -= c << 26;
    c = h8 >> 26;
    h9 += c;
    h8 -= c << 26;
    c = h9 >> 25;
    h0 += 19 * c;
    h9 -= c << 25;
    c = h0 >> 26;
    h1 += c;
    h0 -= c << 26;
    out[0] = h0;
    out[1] = h1;
    out[2] = h2;
    out[3] = h3;
    out[4] = h4;
    out[5] = h5;
    out[6] = h6;
    out[7] = h7;
    out[8] = h8;
    out[9] = h9;
    return out;
  }

  /** {@code f^(2^n)}. */
  static long[] squareTimes(long[] f, int n) {
    long[] h = square(f);
    for (int i = 1; i < n; i++) {
      square(h, h);
    }
    return h;
  }

  /** Floor carries from limb 0 to 9, the top carry wrapped into limb 0 times 19, then 0 to 1. */
  static long[] carry(long[] h) {
    long c;
    c = h[0] >> 26;
    h[1] += c;
    h[0] -= c << 26;
    c = h[1] >> 25;
    h[2] += c;
    h[1] -= c << 25;
    c = h[2] >> 26;
    h[3] += c;
    h[2] -= c << 26;
    c = h[3] >> 25;
    h[4] += c;
    h[3] -= c << 25;
    c = h[4] >> 26;
    h[5] += c;
    h[4] -= c << 26;
    c = h[5] >> 25;
    h[6] += c;
    h[5] -= c << 25;
    c = h[6] >> 26;
    h[7] += c;
    h[6] -= c << 26;
    c = h[7] >> 25;
    h[8] += c;
    h[7] -= c << 25;
    c = h[8] >> 26;
    h[9] += c;
    h[8] -= c << 26;
    c = h[9] >> 25;
    h[9] -= c << 25;
    h[0] += 19 * c;
    c = h[0] >> 26;
    h[0] -= c << 26;
    h[1] += c;
    return h;
  }

  /** {@code z^(2^252 - 3)}, the exponent of the square-root-of-a-ratio computation. */
  static long[] pow22523(long[] z) {
    return mul(squareTimes(chain(z), 2), z);
  }

  /** {@code z^(2^250 - 1)} by the usual addition chain. */
  private static long[] chain(long[] z) {
    long[] z2 = square(z);
    long[] z9 = mul(squareTimes(z2, 2), z);
    long[] z11 = mul(z9, z2);
    long[] z5 = mul(square(z11), z9); // 2^5 - 1
    long[] z10 = mul(squareTimes(z5, 5), z5); // 2^10 - 1
    long[] z20 = mul(squareTimes(z10, 10), z10);
    long[] z40 = mul(squareTimes(z20, 20), z20);
    long[] z50 = mul(squareTimes(z40, 10), z10);
    long[] z100 = mul(squareTimes(z50, 50), z50);
    long[] z200 = mul(squareTimes(z100, 100), z100);
    long[] z250 = mul(squareTimes(z200, 50), z50);
    return z250;
  }

  /**
   * The canonical 32-byte little-endian encoding (fully reduced). The quotient q = floor(h / p) is
   * estimated from the top limb and corrected by one exact carry pass; then h - q p = h + 19 q - q
   * 2^255 is carried with the final carry dropped.
   */
  static byte[] toBytes(long[] f) {
    long[] h = carry(f.clone());
    long q = (19 * h[9] + (1L << 24)) >> 25;
    for (int i = 0; i < 10; i++) {
      q = (h[i] + q) >> WIDTH[i];
    }
    h[0] += 19 * q;
    for (int i = 0; i < 9; i++) {
      long c = h[i] >> WIDTH[i];
      h[i + 1] += c;
      h[i] -= c << WIDTH[i];
    }
    h[9] &= (1L << 25) - 1;
    byte[] out = new byte[32];
    long acc = 0;
    int bits = 0;
    int at = 0;
    for (int i = 0; i < 10; i++) {
      acc |= h[i] << bits;
      bits += WIDTH[i];
      while (bits >= 8) {
        out[at++] = (byte) acc;
        acc >>>= 8;
        bits -= 8;
      }
    }
    out[at] = (byte) acc;
    return out;
  }

  /** Reads 32 little-endian bytes, ignoring bit 255 (callers that must reject it check it). */
  static long[] fromBytes(byte[] s) {
    long[] h = new long[10];
    long acc = 0;
    int bits = 0;
    int at = 0;
    for (int i = 0; i < 10; i++) {
      while (bits < WIDTH[i]) {
        acc |= (long) (s[at++] & 0xFF) << bits;
        bits += 8;
      }
      h[i] = acc & ((1L << WIDTH[i]) - 1);
      acc >>>= WIDTH[i];
      bits -= WIDTH[i];
    }
    h[9] &= (1L << 25) - 1;
    return h;
  }

  static long[] fromBigInteger(BigInteger v) {
    byte[] be = v.mod(P).toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < be.length && i < 33; i++) {
      int at = be.length - 1 - i;
      if (i < 32) {
        le[i] = be[at];
      }
    }
    return fromBytes(le);
  }

  /** Whether the canonical encoding is odd ("negative" in RFC 9496). */
  static int isNegative(long[] f) {
    return toBytes(f)[0] & 1;
  }

  /** 1 if {@code f == g} (mod p), else 0. */
  static int equal(long[] f, long[] g) {
    byte[] a = toBytes(f);
    byte[] b = toBytes(g);
    int d = 0;
    for (int i = 0; i < 32; i++) {
      d |= (a[i] ^ b[i]) & 0xFF;
    }
    return ((d - 1) >>> 31) & 1;
  }

  static int isZero(long[] f) {
    return equal(f, ZERO);
  }

  /** {@code g} if {@code choice == 1}, {@code f} if 0. */
  static long[] select(long[] f, long[] g, int choice) {
    long mask = -(long) choice;
    long[] h = new long[10];
    for (int i = 0; i < 10; i++) {
      h[i] = f[i] ^ (mask & (f[i] ^ g[i]));
    }
    return h;
  }

  /** {@code |f|}: the non-negative one of {@code f} and {@code -f}. */
  static long[] abs(long[] f) {
    return select(f, neg(f), isNegative(f));
  }
}
