package io.ddc.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An sr25519 secret key (scalar and signing nonce) with its public key, and schnorrkel's
 * hierarchical derivation ({@code SchnorrRistrettoHDKD}) as Substrate uses it.
 */
final class Sr25519KeyPair implements KeyPair {
  private static final byte[] EMPTY = new byte[0];

  /** The secret scalar, 32 bytes little-endian, reduced mod l. */
  private final byte[] key;

  private final byte[] nonce;
  private final byte[] publicKey;

  private Sr25519KeyPair(byte[] key, byte[] nonce) {
    this.key = key;
    this.nonce = nonce;
    this.publicKey = Ristretto255.encode(Ristretto255.mulBase(key));
  }

  /**
   * Schnorrkel's {@code MiniSecretKey::expand(ExpansionMode::Ed25519)}: SHA-512 of the mini-secret;
   * the first half, clamped as in ed25519 and divided by the cofactor 8, is the scalar; the second
   * half is the signing nonce.
   */
  static Sr25519KeyPair fromMiniSecret(byte[] miniSecret) {
    if (miniSecret.length != 32) {
      throw new InvalidSecretException(
          "an sr25519 mini-secret has 32 bytes, " + miniSecret.length + " given");
    }
    byte[] h = sha512(miniSecret);
    byte[] k = Arrays.copyOf(h, 32);
    k[0] &= (byte) 248;
    k[31] &= 63;
    k[31] |= 64;
    // divide the little-endian integer by the cofactor 8
    byte[] scalar = new byte[32];
    for (int i = 0; i < 32; i++) {
      scalar[i] = (byte) (((k[i] & 0xFF) >>> 3) | (i < 31 ? (k[i + 1] & 0x07) << 5 : 0));
    }
    Arrays.fill(k, (byte) 0);
    Arrays.fill(h, 0, 32, (byte) 0);
    return new Sr25519KeyPair(SecretScalar.reduce(scalar), Arrays.copyOfRange(h, 32, 64));
  }

  /** Hard derivation: a new mini-secret from the transcript, expanded in ed25519 mode. */
  Sr25519KeyPair deriveHard(byte[] chainCode) {
    Transcript t =
        new Transcript("SchnorrRistrettoHDKD")
            .append("sign-bytes", EMPTY)
            .append("chain-code", chainCode)
            .append("secret-key", key);
    return fromMiniSecret(t.challenge("HDKD-hard", 32));
  }

  /**
   * Soft derivation: adds a transcript scalar to the secret (the public key gets the same times B).
   */
  Sr25519KeyPair deriveSoft(byte[] chainCode) {
    Transcript t =
        new Transcript("SchnorrRistrettoHDKD")
            .append("sign-bytes", EMPTY)
            .append("chain-code", chainCode)
            .append("public-key", publicKey);
    byte[] scalar = SecretScalar.reduceWide(t.challenge("HDKD-scalar", 64));
    t.challenge("HDKD-chaincode", 32);
    byte[] secretBytes = new byte[64];
    System.arraycopy(key, 0, secretBytes, 0, 32);
    System.arraycopy(nonce, 0, secretBytes, 32, 32);
    byte[] newNonce = t.witness("HDKD-nonce", 32, nonce, secretBytes);
    return new Sr25519KeyPair(SecretScalar.add(key, scalar), newNonce);
  }

  @Override
  public KeyScheme scheme() {
    return KeyScheme.SR25519;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    return Sr25519.sign(key, nonce, publicKey, message);
  }

  @Override
  public String toString() {
    return "sr25519 " + HexFormat.of().formatHex(publicKey);
  }

  private static byte[] sha512(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every JDK", e);
    }
  }
}
