package io.ddc.crypto;

import java.math.BigInteger;

/**
 * Scalars modulo the Ristretto255 group order l = 2^252 + 27742317777372353535851937790883648493.
 * BigInteger arithmetic: scalars appear a handful of times per signature, against hundreds of field
 * multiplications, so they are not the bottleneck.
 */
final class Scalar25519 {
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private Scalar25519() {}

  /** Little-endian bytes as an unsigned integer. */
  static BigInteger fromLittleEndian(byte[] le) {
    byte[] be = new byte[le.length + 1];
    for (int i = 0; i < le.length; i++) {
      be[le.length - i] = le[i];
    }
    return new BigInteger(be);
  }

  /** Little-endian bytes reduced modulo l ({@code from_bytes_mod_order[_wide]}). */
  static BigInteger reduce(byte[] le) {
    return fromLittleEndian(le).mod(L);
  }

  /** The 32-byte little-endian encoding of {@code 0 <= s < 2^256}. */
  static byte[] toBytes(BigInteger s) {
    byte[] be = s.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  /** Radix-16 digits (0..15), least significant first, of a scalar below 2^256. */
  static int[] nibbles(BigInteger s) {
    byte[] b = toBytes(s);
    int[] d = new int[64];
    for (int i = 0; i < 32; i++) {
      d[2 * i] = b[i] & 0x0F;
      d[2 * i + 1] = (b[i] >> 4) & 0x0F;
    }
    return d;
  }
}
