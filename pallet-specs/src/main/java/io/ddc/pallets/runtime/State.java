package io.ddc.pallets.runtime;

import java.util.List;

/**
 * The raw key/value state the runtime reads and writes (the dev chain's storage). Keys order as
 * unsigned bytes; values passed in or out are not retained or mutated by either side.
 */
public interface State {
  /** The value at {@code key}, or null. */
  byte[] get(byte[] key);

  void put(byte[] key, byte[] value);

  void delete(byte[] key);

  /**
   * Up to {@code limit} keys with {@code prefix} after {@code startExclusive} (may be null), in
   * order.
   */
  List<byte[]> keys(byte[] prefix, byte[] startExclusive, int limit);
}
