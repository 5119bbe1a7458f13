package io.ddc.pallets.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** A sorted in-memory {@link State} for tests. */
final class MemoryState implements State {
  final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);

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
  public List<byte[]> keys(byte[] prefix, byte[] startExclusive, int limit) {
    List<byte[]> out = new ArrayList<>();
    for (byte[] k :
        (startExclusive == null ? map.tailMap(prefix, true) : map.tailMap(startExclusive, false))
            .keySet()) {
      if (out.size() == limit || !Overlay.startsWith(k, prefix)) {
        break;
      }
      out.add(k);
    }
    return out;
  }
}
