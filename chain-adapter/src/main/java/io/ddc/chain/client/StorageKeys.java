package io.ddc.chain.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** FRAME storage keys: {@code twox128(pallet) ‖ twox128(item) ‖ hasher(key)…}. */
public final class StorageKeys {
  private StorageKeys() {}

  /** The key of a plain value, or the prefix of a map's entries. */
  public static byte[] prefix(String pallet, String item) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    out.writeBytes(Hashes.twox128(pallet.getBytes(StandardCharsets.UTF_8)));
    out.writeBytes(Hashes.twox128(item.getBytes(StandardCharsets.UTF_8)));
    return out.toByteArray();
  }

  /**
   * The key of a map entry: {@code prefix ‖ hasher_1(key_1) ‖ …} with the metadata's hasher names
   * ({@code Blake2_128Concat}, {@code Twox64Concat}, {@code Identity}, {@code Blake2_128}, {@code
   * Blake2_256}, {@code Twox128}, {@code Twox256}); {@code encodedKeys} are the SCALE-encoded key
   * parts.
   */
  public static byte[] mapKey(
      String pallet, String item, java.util.List<String> hashers, byte[]... encodedKeys) {
    if (hashers.size() != encodedKeys.length) {
      throw new IllegalArgumentException(
          pallet
              + "."
              + item
              + " takes "
              + hashers.size()
              + " keys, "
              + encodedKeys.length
              + " given");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.writeBytes(prefix(pallet, item));
    for (int i = 0; i < encodedKeys.length; i++) {
      out.writeBytes(hash(hashers.get(i), encodedKeys[i]));
    }
    return out.toByteArray();
  }

  /** {@code System.Account(accountId)}: Blake2_128Concat. */
  public static byte[] systemAccount(byte[] accountId) {
    return mapKey("System", "Account", java.util.List.of("Blake2_128Concat"), accountId);
  }

  /** {@code System.Events}. */
  public static byte[] systemEvents() {
    return prefix("System", "Events");
  }

  static byte[] hash(String hasher, byte[] k) {
    return switch (hasher) {
      case "Blake2_128Concat" -> concat(Hashes.blake2b128(k), k);
      case "Twox64Concat" -> concat(Hashes.twox64(k), k);
      case "Identity" -> k.clone();
      case "Blake2_128" -> Hashes.blake2b128(k);
      case "Blake2_256" -> Hashes.blake2b256(k);
      case "Twox128" -> Hashes.twox128(k);
      case "Twox256" -> Hashes.twox256(k);
      default -> throw new IllegalArgumentException("unknown storage hasher " + hasher);
    };
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
