package io.ddc.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An ed25519 key pair from a 32-byte seed (BouncyCastle; RFC 8032, deterministic signatures). */
final class Ed25519KeyPair implements KeyPair {
  private static final byte[] HDKD =
      SecretUri.scaleBytes("Ed25519HDKD".getBytes(StandardCharsets.US_ASCII));

  private final byte[] seed;
  private final byte[] publicKey;
  private final Ed25519PrivateKeyParameters key;

  Ed25519KeyPair(byte[] seed) {
    if (seed.length != 32) {
      throw new InvalidSecretException("an ed25519 seed has 32 bytes, " + seed.length + " given");
    }
    this.seed = seed.clone();
    this.key = new Ed25519PrivateKeyParameters(this.seed, 0);
    this.publicKey = key.generatePublicKey().getEncoded();
  }

  /** Substrate's hard derivation: {@code blake2b256(SCALE("Ed25519HDKD") ‖ seed ‖ chainCode)}. */
  Ed25519KeyPair deriveHard(byte[] chainCode) {
    byte[] input = new byte[HDKD.length + 64];
    System.arraycopy(HDKD, 0, input, 0, HDKD.length);
    System.arraycopy(seed, 0, input, HDKD.length, 32);
    System.arraycopy(chainCode, 0, input, HDKD.length + 32, 32);
    return new Ed25519KeyPair(Hashing.blake2b256(input));
  }

  byte[] seed() {
    return seed.clone();
  }

  @Override
  public KeyScheme scheme() {
    return KeyScheme.ED25519;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    key.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
    return sig;
  }

  @Override
  public String toString() {
    return "ed25519 " + HexFormat.of().formatHex(publicKey);
  }
}
