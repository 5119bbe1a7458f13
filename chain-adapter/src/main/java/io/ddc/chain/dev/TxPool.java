package io.ddc.chain.dev;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dev chain's transaction pool: validated extrinsics in arrival order, indexed by hash and by
 * the tags they provide. Ordering follows the runtime's tags, as in Substrate: an extrinsic is
 * ready when every tag it requires is provided by one included before it in the block being built.
 */
final class TxPool {
  /* Concurrency: chain thread only. */

  /** Status updates for a watched extrinsic; called on the chain thread. */
  interface Watcher {
    /**
     * A JSON status value as {@code author_extrinsicUpdate} carries it ("ready", {"inBlock": hash},
     * …).
     */
    void status(Object status, boolean last);
  }

  static final class PoolTx {
    final byte[] bytes;
    final ByteKey hash;
    final long seq;
    long priority;
    List<ByteKey> requires;
    List<ByteKey> provides;
    Watcher watcher;

    PoolTx(byte[] bytes, ByteKey hash, long seq) {
      this.bytes = bytes;
      this.hash = hash;
      this.seq = seq;
    }
  }

  private final LinkedHashMap<ByteKey, PoolTx> byHash = new LinkedHashMap<>();
  private final Map<ByteKey, PoolTx> byTag = new HashMap<>();
  private long nextSeq;

  long nextSeq() {
    return nextSeq++;
  }

  int size() {
    return byHash.size();
  }

  boolean contains(ByteKey hash) {
    return byHash.containsKey(hash);
  }

  /** The pool entry already providing one of {@code tags}, or null. */
  PoolTx providerOfAny(List<ByteKey> tags) {
    for (ByteKey t : tags) {
      PoolTx p = byTag.get(t);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  boolean provides(ByteKey tag) {
    return byTag.containsKey(tag);
  }

  void add(PoolTx tx) {
    byHash.put(tx.hash, tx);
    for (ByteKey t : tx.provides) {
      byTag.put(t, tx);
    }
  }

  void remove(PoolTx tx) {
    if (byHash.remove(tx.hash) != null) {
      for (ByteKey t : tx.provides) {
        byTag.remove(t, tx);
      }
    }
  }

  /** All entries in arrival order (a copy). */
  List<PoolTx> all() {
    return new ArrayList<>(byHash.values());
  }
}
