package io.ddc.chain.dev;

import java.util.List;

/**
 * The raw key/value state a {@link ChainRuntime} reads and writes. Keys order as unsigned bytes.
 * Values handed in or out are copies: neither side may keep and mutate the other's arrays.
 */
public interface KvStore {
  /** The value at {@code key}, or null when absent. */
  byte[] get(byte[] key);

  /** Sets {@code key} to {@code value}. */
  void put(byte[] key, byte[] value);

  /** Removes {@code key} (no-op when absent). */
  void delete(byte[] key);

  /**
   * Up to {@code limit} keys starting with {@code prefix} and greater than {@code
   * startKeyExclusive} (when not null), in unsigned lexicographic order.
   */
  List<byte[]> keys(byte[] prefix, byte[] startKeyExclusive, int limit);
}
