package io.ddc.edge;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The unacknowledged-delivery quota across streams (node-protocol.md §7.4, C15, §14.4): a signer
 * whose stream failed on the quota is charged, and stays limited until {@code refillTimeout} passes
 * without new charges; idle entries are dropped after {@code maxTtl}. Each stream also checks its
 * own backlog against the same capacity (see {@link NodeApi}). Thread-safe.
 */
final class DeliveryQuota {
  private record Entry(long charged, long lastChargeMillis) {}

  private final long capacity;
  private final long refillMillis;
  private final long ttlMillis;
  private final LongSupplier clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  DeliveryQuota(long capacity, Duration refill, Duration ttl, LongSupplier clockMillis) {
    this.capacity = capacity;
    this.refillMillis = refill.toMillis();
    this.ttlMillis = ttl.toMillis();
    this.clock = clockMillis;
  }

  long capacity() {
    return capacity;
  }

  /** Bytes this signer may still leave unacknowledged (the full capacity for null). */
  long available(byte[] signer) {
    if (signer == null) {
      return capacity;
    }
    Entry e = entries.get(HexFormat.of().formatHex(signer));
    long now = clock.getAsLong();
    if (e == null || now - e.lastChargeMillis() >= refillMillis) {
      return capacity;
    }
    return Math.max(0, capacity - e.charged());
  }

  /** Charges a signer (bytes its failed stream left unacknowledged). */
  void charge(byte[] signer, long unacknowledged) {
    if (signer == null || unacknowledged <= 0) {
      return;
    }
    long now = clock.getAsLong();
    entries.compute(
        HexFormat.of().formatHex(signer),
        (k, e) -> {
          long base = e == null || now - e.lastChargeMillis() >= refillMillis ? 0 : e.charged();
          return new Entry(base + unacknowledged, now);
        });
    if (entries.size() > 1024) {
      expire(now);
    }
  }

  private void expire(long now) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastChargeMillis() >= ttlMillis) {
        it.remove();
      }
    }
  }
}
