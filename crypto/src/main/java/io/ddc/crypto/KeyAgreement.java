package io.ddc.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Static X25519 key agreement between two ed25519 identities (RFC 7748 on the Montgomery form of
 * the same curve): both ends derive the same 32-byte secret from their own ed25519 seed and the
 * other's ed25519 public key, with no message exchanged. The ed25519 public key {@code A = [a]B}
 * maps to the Montgomery u-coordinate {@code u = (1 + y) / (1 − y) mod p}, and the secret scalar
 * {@code a} is the clamped first half of {@code SHA-512(seed)}, the scalar ed25519 signs with, so
 * {@code X25519(a_1, u_2) = X25519(a_2, u_1)}. This is the conversion libsodium offers as {@code
 * crypto_sign_ed25519_pk_to_curve25519} / {@code _sk_to_curve25519}.
 */
public final class KeyAgreement {
  private static final BigInteger P =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private KeyAgreement() {}

  /**
   * The shared secret of {@code own} (an ed25519 key pair) and the ed25519 public key {@code
   * peerPublicKey}.
   *
   * @throws IllegalArgumentException when {@code own} is not an ed25519 key pair, or the peer's key
   *     is not a valid ed25519 public key of prime order (small-order and non-canonical encodings
   *     are refused, so the secret is never a value an outsider can predict)
   */
  public static byte[] shared(KeyPair own, byte[] peerPublicKey) {
    if (!(own instanceof Ed25519KeyPair ed)) {
      throw new IllegalArgumentException("key agreement needs an ed25519 key, got " + own.scheme());
    }
    byte[] u = montgomeryU(peerPublicKey);
    byte[] seed = ed.seed();
    byte[] scalar = scalar(seed);
    Arrays.fill(seed, (byte) 0);
    byte[] out = new byte[X25519.POINT_SIZE];
    try {
      if (!X25519.calculateAgreement(scalar, 0, u, 0, out, 0)) {
        throw new IllegalArgumentException("the peer's key gives an all-zero secret");
      }
      return out;
    } finally {
      Arrays.fill(scalar, (byte) 0);
    }
  }

  /** The Montgomery u-coordinate of a valid, prime-order ed25519 public key, little-endian. */
  static byte[] montgomeryU(byte[] edPublicKey) {
    if (edPublicKey.length != Ed25519.PUBLIC_KEY_SIZE
        || !Ed25519.validatePublicKeyFull(edPublicKey, 0)) {
      throw new IllegalArgumentException("not a valid ed25519 public key");
    }
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = edPublicKey[31 - i];
    }
    be[0] &= 0x7f; // the top bit is the sign of x
    BigInteger y = new BigInteger(1, be);
    BigInteger u =
        BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);
    byte[] mag = u.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < Math.min(32, mag.length); i++) {
      le[i] = mag[mag.length - 1 - i];
    }
    return le;
  }

  /** ed25519's secret scalar for {@code seed}: the first 32 bytes of SHA-512(seed). */
  static byte[] scalar(byte[] seed) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
      byte[] s = Arrays.copyOf(h, 32);
      Arrays.fill(h, (byte) 0);
      return s; // X25519 clamps it when it decodes the scalar (RFC 7748 §5)
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every JDK", e);
    }
  }
}
