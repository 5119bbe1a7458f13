package io.ddc.pallets.runtime;

import io.ddc.crypto.Hashing;
import io.ddc.pallets.metadata.Hasher;
import java.nio.charset.StandardCharsets;

/** Substrate storage keys: {@code twox128(pallet) ‖ twox128(item) ‖ hasher(key)…}. */
public final class StorageKey {
  private StorageKey() {}

  /** The key of a plain value, which is also the prefix of a map's entries. */
  public static byte[] plain(String pallet, String item) {
    return concat(
        Hashing.twox128(pallet.getBytes(StandardCharsets.UTF_8)),
        Hashing.twox128(item.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code prefix ‖ hasher(key)}. */
  public static byte[] map(byte[] prefix, Hasher hasher, byte[] encodedKey) {
    return concat(prefix, hash(hasher, encodedKey));
  }

  /** One key hashed as the storage hasher does. */
  public static byte[] hash(Hasher h, byte[] k) {
    return switch (h) {
      case BLAKE2_128 -> Hashing.blake2b128(k);
      case BLAKE2_256 -> Hashing.blake2b256(k);
      case BLAKE2_128_CONCAT -> Hashing.blake2_128Concat(k);
      case TWOX_128 -> Hashing.twox128(k);
      case TWOX_256 -> Hashing.twox256(k);
      case TWOX_64_CONCAT -> Hashing.twox64Concat(k);
      case IDENTITY -> k.clone();
    };
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
