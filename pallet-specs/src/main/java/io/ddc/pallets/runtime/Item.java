package io.ddc.pallets.runtime;

import io.ddc.pallets.metadata.Hasher;
import io.ddc.pallets.metadata.StorageEntry;
import io.ddc.pallets.metadata.TypeRegistry;
import io.ddc.pallets.scale.Codec;
import java.util.List;

/**
 * A storage item read and written through its metadata entry: keys are hashed with the entry's
 * hashers, values encoded with its value type (registry value shapes).
 */
final class Item {
  private final byte[] prefix;
  private final List<Hasher> hashers;
  private final Codec<Object> codec;

  Item(String pallet, StorageEntry e, TypeRegistry reg) {
    this.prefix = StorageKey.plain(pallet, e.name());
    this.hashers = e.hashers();
    this.codec = reg.codec(e.valueType());
  }

  byte[] key(byte[]... encodedKeys) {
    if (encodedKeys.length != hashers.size()) {
      throw new IllegalArgumentException(
          hashers.size() + " keys expected, " + encodedKeys.length + " given");
    }
    byte[] k = prefix;
    for (int i = 0; i < encodedKeys.length; i++) {
      k = StorageKey.concat(k, StorageKey.hash(hashers.get(i), encodedKeys[i]));
    }
    return k;
  }

  /** The decoded value, or null when absent. */
  Object get(State s, byte[]... keys) {
    byte[] v = s.get(key(keys));
    return v == null ? null : codec.fromBytes(v);
  }

  boolean exists(State s, byte[]... keys) {
    return s.get(key(keys)) != null;
  }

  void put(State s, Object value, byte[]... keys) {
    s.put(key(keys), codec.toBytes(value));
  }

  void delete(State s, byte[]... keys) {
    s.delete(key(keys));
  }

  /** Every raw key under this item (its whole prefix) — for iterable hashers. */
  List<byte[]> rawKeys(State s) {
    return s.keys(prefix, null, Integer.MAX_VALUE);
  }

  byte[] prefix() {
    return prefix.clone();
  }
}
