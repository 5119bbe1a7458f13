package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound on a cache-mode node's store: pieces in least-recently-used order with their sizes;
 * when the total exceeds the capacity, the least recently used pieces are deleted from the store.
 * The newest piece is never evicted, even when it alone exceeds the capacity. Confined to the
 * cluster manager's context.
 */
final class PieceCache {
  private static final Logger LOG = LoggerFactory.getLogger(PieceCache.class);

  private final PieceStore store;
  private final long capacity;
  private final LinkedHashMap<Cid, Long> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;
  private long evictions;

  PieceCache(PieceStore store, long capacity) {
    this.store = store;
    this.capacity = capacity;
  }

  /** Records a piece now in the store (fetched or found at start) and evicts down to capacity. */
  void added(PieceInfo info) {
    Long old = entries.put(info.cid(), info.size());
    bytes += info.size() - (old == null ? 0 : old);
    Iterator<Map.Entry<Cid, Long>> it = entries.entrySet().iterator();
    while (bytes > capacity && entries.size() > 1 && it.hasNext()) {
      Map.Entry<Cid, Long> eldest = it.next();
      if (eldest.getKey().equals(info.cid())) {
        continue;
      }
      it.remove();
      bytes -= eldest.getValue();
      evictions++;
      Cid victim = eldest.getKey();
      store
          .delete(victim)
          .exceptionally(
              e -> {
                LOG.warn("cache: evicting {} failed: {}", victim, e.toString());
                return false;
              });
    }
  }

  /** Marks a piece as just used. */
  void touched(Cid cid) {
    entries.get(cid);
  }

  long bytes() {
    return bytes;
  }

  long evictions() {
    return evictions;
  }
}
