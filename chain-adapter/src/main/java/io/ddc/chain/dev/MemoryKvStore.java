package io.ddc.chain.dev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The head state: a sorted map with unsigned key order. */
final class MemoryKvStore implements KvStore {
  private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);

  @Override
  public byte[] get(byte[] key) {
    byte[] v = map.get(key);
    return v == null ? null : v.clone();
  }

  @Override
  public void put(byte[] key, byte[] value) {
    map.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    map.remove(key);
  }

  @Override
  public List<byte[]> keys(byte[] prefix, byte[] startKeyExclusive, int limit) {
    List<byte[]> out = new ArrayList<>();
    boolean afterStart =
        startKeyExclusive != null && Arrays.compareUnsigned(startKeyExclusive, prefix) >= 0;
    Map<byte[], byte[]> tail =
        afterStart ? map.tailMap(startKeyExclusive, false) : map.tailMap(prefix, true);
    for (byte[] k : tail.keySet()) {
      if (!OverlayStorage.startsWith(k, prefix)) {
        break;
      }
      if (out.size() == limit) {
        break;
      }
      out.add(k.clone());
    }
    return out;
  }

  int size() {
    return map.size();
  }
}
