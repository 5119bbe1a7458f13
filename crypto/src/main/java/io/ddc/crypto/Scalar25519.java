package io.ddc.crypto;

import java.math.BigInteger;

/**
 * Scalars modulo the Ristretto255 group order l = 2^252 + 27742317777372353535851937790883648493.
 * {@code BigInteger} helpers for public scalars (verification: s, the challenge k); secret scalars
 * use the constant-time {@link SecretScalar}.
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
}
