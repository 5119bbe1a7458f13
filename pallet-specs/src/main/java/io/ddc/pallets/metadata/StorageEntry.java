package io.ddc.pallets.metadata;

import java.util.List;

/**
 * A storage item: name, whether absent reads as the default ({@code optional} false) or as None,
 * the hashers of its keys (empty for a plain value), the key type (a tuple for several keys, -1 for
 * a plain value), the value type, the default value's encoding and docs.
 */
public record StorageEntry(
    String name,
    boolean optional,
    List<Hasher> hashers,
    int keyType,
    int valueType,
    byte[] defaultValue,
    List<String> docs) {
  public StorageEntry {
    hashers = List.copyOf(hashers);
    docs = List.copyOf(docs);
    defaultValue = defaultValue.clone();
  }

  /** A plain value. */
  public static StorageEntry plain(
      String name, boolean optional, int valueType, byte[] def, String doc) {
    return new StorageEntry(name, optional, List.of(), -1, valueType, def, List.of(doc));
  }

  /** A map. */
  public static StorageEntry map(
      String name,
      boolean optional,
      List<Hasher> hashers,
      int keyType,
      int valueType,
      byte[] def,
      String doc) {
    return new StorageEntry(name, optional, hashers, keyType, valueType, def, List.of(doc));
  }
}
