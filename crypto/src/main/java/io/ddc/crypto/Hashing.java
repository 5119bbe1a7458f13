package io.ddc.crypto;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The hashes of the chain and the node protocol. All methods are stateless and thread-safe; none
 * modifies its input.
 */
public final class Hashing {
  private Hashing() {}

  /** BLAKE3 with 32 bytes of output (DDC content identifiers). */
  public static byte[] blake3_256(byte[] data) {
    return Blake3.hash(data);
  }

  /** BLAKE2b-128 (Substrate's {@code blake2_128}). */
  public static byte[] blake2b128(byte[] data) {
    return blake2b(data, 16);
  }

  /** BLAKE2b-256 (Substrate's {@code blake2_256}, {@code BlakeTwo256}). */
  public static byte[] blake2b256(byte[] data) {
    return blake2b(data, 32);
  }

  /** BLAKE2b-512 (the SS58 checksum hash). */
  public static byte[] blake2b512(byte[] data) {
    return blake2b(data, 64);
  }

  /**
   * Unkeyed BLAKE2b with {@code outLen} bytes of output.
   *
   * @throws IllegalArgumentException unless {@code 1 <= outLen <= 64}
   */
  public static byte[] blake2b(byte[] data, int outLen) {
    if (outLen < 1 || outLen > 64) {
      throw new IllegalArgumentException(
          "blake2b output length must be 1..64 bytes, " + outLen + " given");
    }
    return digest(new Blake2bDigest(outLen * 8), data);
  }

  /** Substrate's {@code Blake2_128Concat} storage hasher: {@code blake2b128(data) ‖ data}. */
  public static byte[] blake2_128Concat(byte[] data) {
    return concatHash(blake2b128(data), data);
  }

  /** Substrate's {@code Twox64Concat} storage hasher: {@code twox64(data) ‖ data}. */
  public static byte[] twox64Concat(byte[] data) {
    return concatHash(twox64(data), data);
  }

  /** Substrate's {@code twox_64}: xxHash64 with seed 0, little-endian. */
  public static byte[] twox64(byte[] data) {
    return twox(data, 1);
  }

  /** Substrate's {@code twox_128}: xxHash64 with seeds 0 and 1, each little-endian. */
  public static byte[] twox128(byte[] data) {
    return twox(data, 2);
  }

  /** Substrate's {@code twox_256}: xxHash64 with seeds 0 to 3, each little-endian. */
  public static byte[] twox256(byte[] data) {
    return twox(data, 4);
  }

  /** Keccak-256 as Ethereum uses it (original Keccak padding, not SHA3-256). */
  public static byte[] keccak256(byte[] data) {
    return digest(new KeccakDigest(256), data);
  }

  private static byte[] twox(byte[] data, int words) {
    byte[] out = new byte[words * 8];
    for (int w = 0; w < words; w++) {
      long h = XxHash64.hash(data, w);
      for (int b = 0; b < 8; b++) {
        out[w * 8 + b] = (byte) (h >>> (8 * b));
      }
    }
    return out;
  }

  private static byte[] concatHash(byte[] hash, byte[] data) {
    byte[] out = new byte[hash.length + data.length];
    System.arraycopy(hash, 0, out, 0, hash.length);
    System.arraycopy(data, 0, out, hash.length, data.length);
    return out;
  }

  static byte[] digest(Digest d, byte[] data) {
    d.update(data, 0, data.length);
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }
}
