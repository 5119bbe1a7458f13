package io.ddc.chain.client;

import io.ddc.crypto.Hashing;

/**
 * The hashes Substrate keys and payloads use, from the {@code crypto} module: BLAKE2b (128/256) and
 * xxHash64-based twox (64/128/256).
 */
final class Hashes {
  private Hashes() {}

  static byte[] blake2b256(byte[] data) {
    return Hashing.blake2b256(data);
  }

  static byte[] blake2b128(byte[] data) {
    return Hashing.blake2b128(data);
  }

  static byte[] twox64(byte[] data) {
    return Hashing.twox64(data);
  }

  static byte[] twox128(byte[] data) {
    return Hashing.twox128(data);
  }

  static byte[] twox256(byte[] data) {
    return Hashing.twox256(data);
  }
}
