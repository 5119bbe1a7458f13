package io.ddc.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Key pairs from secret URIs, seeds and fresh randomness, derived exactly as Substrate ({@code
 * sp-core}) and polkadot-js derive them.
 *
 * <p>A secret URI is {@code [mnemonic | 0x<64 hex>][//hard][/soft]…[///password]}. With no mnemonic
 * or seed (e.g. {@code //Alice}) the Substrate development phrase is used. A mnemonic gives the
 * 32-byte seed {@code PBKDF2-HMAC-SHA512(entropy, "mnemonic" + password, 2048)[0..32]}; a hex seed
 * ignores the password. sr25519 treats the seed as a schnorrkel mini-secret expanded in ed25519
 * mode; ed25519 uses it as the RFC 8032 secret. ed25519 has only hard junctions.
 */
public final class Keys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Keys() {}

  /**
   * Parses and derives a key pair from a secret URI.
   *
   * @throws InvalidSecretException for a bad mnemonic (word, count, checksum), a hex seed that is
   *     not 32 bytes, a malformed path, or a soft junction with ed25519
   */
  public static KeyPair fromUri(String suri, KeyScheme scheme) {
    SecretUri uri = SecretUri.parse(suri);
    byte[] seed = seedOf(uri);
    return switch (scheme) {
      case ED25519 -> {
        Ed25519KeyPair pair = new Ed25519KeyPair(seed);
        for (SecretUri.Junction j : uri.path()) {
          if (!j.hard()) {
            throw new InvalidSecretException("ed25519 supports only hard derivation (//), not /");
          }
          pair = pair.deriveHard(j.chainCode());
        }
        yield pair;
      }
      case SR25519 -> {
        Sr25519KeyPair pair = Sr25519KeyPair.fromMiniSecret(seed);
        for (SecretUri.Junction j : uri.path()) {
          pair = j.hard() ? pair.deriveHard(j.chainCode()) : pair.deriveSoft(j.chainCode());
        }
        yield pair;
      }
    };
  }

  /** A key pair from a fresh random 32-byte seed. */
  public static KeyPair generate(KeyScheme scheme) {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    return fromSeed(seed, scheme);
  }

  /** A fresh random English BIP39 mnemonic of 12, 15, 18, 21 or 24 words. */
  public static String generateMnemonic(int words) {
    return Bip39.generate(words);
  }

  /**
   * A key pair from a 32-byte seed (the sr25519 mini-secret or the ed25519 secret key).
   *
   * @throws InvalidSecretException if the seed is not 32 bytes
   */
  public static KeyPair fromSeed(byte[] seed32, KeyScheme scheme) {
    return switch (scheme) {
      case ED25519 -> new Ed25519KeyPair(seed32);
      case SR25519 -> Sr25519KeyPair.fromMiniSecret(seed32);
    };
  }

  /**
   * The 32-byte seed of a mnemonic with a password (empty for none), as Substrate computes it.
   *
   * @throws InvalidSecretException for a bad mnemonic
   */
  public static byte[] seedFromMnemonic(String mnemonic, String password) {
    byte[] full = Bip39.seedFromEntropy(Bip39.entropy(mnemonic), password);
    return java.util.Arrays.copyOf(full, 32);
  }

  /** Whether {@code mnemonic} is a valid English BIP39 mnemonic (words and checksum). */
  public static boolean isValidMnemonic(String mnemonic) {
    try {
      Bip39.entropy(mnemonic);
      return true;
    } catch (InvalidSecretException e) {
      return false;
    }
  }

  private static byte[] seedOf(SecretUri uri) {
    String phrase = uri.phrase();
    if (phrase.startsWith("0x")) {
      byte[] seed;
      try {
        seed = HexFormat.of().parseHex(phrase.substring(2));
      } catch (IllegalArgumentException e) {
        throw new InvalidSecretException("secret URI: the 0x seed is not valid hex");
      }
      if (seed.length != 32) {
        throw new InvalidSecretException(
            "secret URI: a 0x seed has 32 bytes (64 hex digits), " + seed.length + " given");
      }
      return seed;
    }
    return seedFromMnemonic(phrase, uri.password());
  }
}
