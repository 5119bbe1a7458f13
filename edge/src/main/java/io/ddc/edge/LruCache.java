package io.ddc.edge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded map that drops its least recently used entry when full. For facts that never change
 * once known (what a CID resolves to, its sniffed type), shared by the event loops: each operation
 * holds the cache's monitor for one map operation only.
 */
final class LruCache<K, V> {
  private final LinkedHashMap<K, V> map;

  LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.map =
        new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The value kept for {@code key}, or null; counts as a use. */
  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  synchronized int size() {
    return map.size();
  }
}
