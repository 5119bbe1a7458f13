package io.ddc.crypto;

import java.math.BigInteger;

/**
 * Constant-time arithmetic modulo l for secret scalars (signing keys, witnesses), on 32-byte
 * little-endian encodings. Internally nine 29-bit limbs and Montgomery multiplication with R =
 * 2^261: every operation runs the same instructions whatever the values, with a masked final
 * subtraction. Public scalars (verification) use {@link Scalar25519}'s {@code BigInteger} helpers.
 */
final class SecretScalar {
  private static final int LIMBS = 9;
  private static final int BITS = 29;
  private static final long MASK = (1L << BITS) - 1;
  private static final long[] L = limbs(Scalar25519.L);

  /** -l^-1 mod 2^29. */
  private static final long L_FACTOR =
      Scalar25519.L.negate().modInverse(BigInteger.ONE.shiftLeft(BITS)).longValueExact();

  private static final BigInteger R = BigInteger.ONE.shiftLeft(LIMBS * BITS);
  private static final long[] R_MOD_L = limbs(R.mod(Scalar25519.L));
  private static final long[] R2_MOD_L = limbs(R.multiply(R).mod(Scalar25519.L));
  private static final long[] R_2POW256_MOD_L = limbs(R.shiftLeft(256).mod(Scalar25519.L));

  private SecretScalar() {}

  /** {@code x mod l} for a 64-byte little-endian {@code x} ({@code from_bytes_mod_order_wide}). */
  static byte[] reduceWide(byte[] x64) {
    long[] lo = fromBytes(x64, 0);
    long[] hi = fromBytes(x64, 32);
    return toBytes(addMod(montMul(lo, R_MOD_L), montMul(hi, R_2POW256_MOD_L)));
  }

  /** {@code x mod l} for a 32-byte little-endian {@code x}. */
  static byte[] reduce(byte[] x32) {
    return toBytes(montMul(fromBytes(x32, 0), R_MOD_L));
  }

  /** {@code a·b + c mod l}; {@code a} and {@code b} reduced, {@code c} below 2^256. */
  static byte[] mulAdd(byte[] a, byte[] b, byte[] c) {
    long[] ab = montMul(montMul(fromBytes(a, 0), fromBytes(b, 0)), R2_MOD_L);
    return toBytes(addMod(ab, montMul(fromBytes(c, 0), R_MOD_L)));
  }

  /** {@code a + b mod l} for reduced {@code a} and {@code b}. */
  static byte[] add(byte[] a, byte[] b) {
    return toBytes(addMod(fromBytes(a, 0), fromBytes(b, 0)));
  }

  /** {@code a·b·R^-1 mod l} for {@code a·b < l·R}; the result is reduced. */
  private static long[] montMul(long[] a, long[] b) {
    long[] t = new long[2 * LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      for (int j = 0; j < LIMBS; j++) {
        t[i + j] += a[i] * b[j];
      }
    }
    for (int i = 0; i < LIMBS; i++) {
      long m = (t[i] * L_FACTOR) & MASK;
      for (int j = 0; j < LIMBS; j++) {
        t[i + j] += m * L[j];
      }
      t[i + 1] += t[i] >> BITS;
    }
    long[] r = new long[LIMBS];
    System.arraycopy(t, LIMBS, r, 0, LIMBS);
    return subtractLIfNotBelow(normalize(r));
  }

  /** {@code a + b mod l} for reduced inputs. */
  private static long[] addMod(long[] a, long[] b) {
    long[] r = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      r[i] = a[i] + b[i];
    }
    return subtractLIfNotBelow(normalize(r));
  }

  /** Carries so that every limb but the top one is in [0, 2^29). */
  private static long[] normalize(long[] r) {
    for (int i = 0; i < LIMBS - 1; i++) {
      r[i + 1] += r[i] >> BITS;
      r[i] &= MASK;
    }
    return r;
  }

  /** {@code r - l} if that is non-negative, else {@code r}, chosen with a mask (r < 2l). */
  private static long[] subtractLIfNotBelow(long[] r) {
    long[] d = new long[LIMBS];
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long v = r[i] - L[i] + borrow;
      borrow = v >> BITS;
      d[i] = v & MASK;
    }
    // borrow is -1 if r < l (keep r), 0 otherwise (take d)
    long keep = borrow;
    for (int i = 0; i < LIMBS; i++) {
      r[i] = (r[i] & keep) | (d[i] & ~keep);
    }
    return r;
  }

  private static long[] fromBytes(byte[] b, int off) {
    long[] r = new long[LIMBS];
    long acc = 0;
    int bits = 0;
    int at = off;
    for (int i = 0; i < LIMBS; i++) {
      while (bits < BITS && at < off + 32) {
        acc |= (long) (b[at++] & 0xFF) << bits;
        bits += 8;
      }
      r[i] = acc & MASK;
      acc >>>= BITS;
      bits = Math.max(bits - BITS, 0);
    }
    return r;
  }

  private static byte[] toBytes(long[] r) {
    byte[] out = new byte[32];
    long acc = 0;
    int bits = 0;
    int at = 0;
    for (int i = 0; i < LIMBS && at < 32; i++) {
      acc |= r[i] << bits;
      bits += BITS;
      while (bits >= 8 && at < 32) {
        out[at++] = (byte) acc;
        acc >>>= 8;
        bits -= 8;
      }
    }
    return out;
  }

  private static long[] limbs(BigInteger v) {
    long[] r = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      r[i] = v.shiftRight(i * BITS).longValue() & MASK;
    }
    return r;
  }
}
