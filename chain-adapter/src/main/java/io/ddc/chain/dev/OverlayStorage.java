package io.ddc.chain.dev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Buffered writes over a base {@link KvStore}: the block builder runs each extrinsic in one so an
 * invalid extrinsic leaves no trace, and collects the block's change set in another.
 */
final class OverlayStorage implements KvStore {
  static final byte[] TOMBSTONE = new byte[0];

  private final KvStore base;
  private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
  private int tombstones;

  OverlayStorage(KvStore base) {
    this.base = base;
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] v = writes.get(key);
    if (v != null) {
      return v == TOMBSTONE ? null : v.clone();
    }
    return base.get(key);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    byte[] old = writes.put(key.clone(), value.clone());
    if (old == TOMBSTONE) {
      tombstones--;
    }
  }

  @Override
  public void delete(byte[] key) {
    byte[] old = writes.put(key.clone(), TOMBSTONE);
    if (old != TOMBSTONE) {
      tombstones++;
    }
  }

  @Override
  public List<byte[]> keys(byte[] prefix, byte[] startKeyExclusive, int limit) {
    int fetch = (int) Math.min(Integer.MAX_VALUE, (long) limit + tombstones);
    List<byte[]> fromBase = base.keys(prefix, startKeyExclusive, fetch);
    TreeMap<byte[], Boolean> merged = new TreeMap<>(Arrays::compareUnsigned);
    for (byte[] k : fromBase) {
      merged.put(k, Boolean.TRUE);
    }
    byte[] from =
        startKeyExclusive != null && Arrays.compareUnsigned(startKeyExclusive, prefix) >= 0
            ? startKeyExclusive
            : prefix;
    boolean inclusive = from != startKeyExclusive;
    for (Map.Entry<byte[], byte[]> e : writes.tailMap(from, inclusive).entrySet()) {
      if (!startsWith(e.getKey(), prefix)) {
        break;
      }
      merged.put(e.getKey(), e.getValue() != TOMBSTONE);
    }
    // Base keys beyond the last fetched one were not seen: an overlay key past them could hide a
    // smaller base key.
    byte[] horizon =
        fromBase.size() == fetch && !fromBase.isEmpty() ? fromBase.get(fromBase.size() - 1) : null;
    List<byte[]> out = new ArrayList<>();
    for (Map.Entry<byte[], Boolean> e : merged.entrySet()) {
      if (horizon != null && Arrays.compareUnsigned(e.getKey(), horizon) > 0) {
        break;
      }
      if (e.getValue()) {
        out.add(e.getKey().clone());
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * The buffered writes, in key order; a {@link #TOMBSTONE} value (by identity) marks a deletion.
   */
  NavigableMap<byte[], byte[]> writes() {
    return writes;
  }

  /** Applies the buffered writes to the base storage. */
  void commit() {
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      if (e.getValue() == TOMBSTONE) {
        base.delete(e.getKey());
      } else {
        base.put(e.getKey(), e.getValue());
      }
    }
    writes.clear();
    tombstones = 0;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
