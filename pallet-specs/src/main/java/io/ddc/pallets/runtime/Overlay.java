package io.ddc.pallets.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A storage layer over a parent state: writes stay here until {@link #commit}. */
final class Overlay implements State {
  private static final byte[] TOMBSTONE = new byte[0];
  private final State parent;
  private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

  Overlay(State parent) {
    this.parent = parent;
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] v = writes.get(key);
    if (v == TOMBSTONE) {
      return null;
    }
    return v != null ? v : parent.get(key);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    writes.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    writes.put(key.clone(), TOMBSTONE);
  }

  @Override
  public List<byte[]> keys(byte[] prefix, byte[] startExclusive, int limit) {
    // Merge the parent's keys with ours: ask the parent for enough to cover our deletions.
    TreeMap<byte[], Boolean> merged = new TreeMap<>(Arrays::compareUnsigned);
    for (byte[] k : parent.keys(prefix, startExclusive, limit + writes.size())) {
      merged.put(k, true);
    }
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      byte[] k = e.getKey();
      if (!startsWith(k, prefix)
          || (startExclusive != null && Arrays.compareUnsigned(k, startExclusive) <= 0)) {
        continue;
      }
      if (e.getValue() == TOMBSTONE) {
        merged.remove(k);
      } else {
        merged.put(k, true);
      }
    }
    List<byte[]> out = new ArrayList<>();
    for (byte[] k : merged.keySet()) {
      if (out.size() == limit) {
        break;
      }
      out.add(k);
    }
    return out;
  }

  static boolean startsWith(byte[] k, byte[] prefix) {
    return k.length >= prefix.length
        && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Pushes every write to the parent. */
  void commit() {
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      if (e.getValue() == TOMBSTONE) {
        parent.delete(e.getKey());
      } else {
        parent.put(e.getKey(), e.getValue());
      }
    }
    writes.clear();
  }
}
