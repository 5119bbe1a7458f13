package io.ddc.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store's pool of direct staging buffers, by capacity. A fresh direct buffer costs a zeroing pass
 * and, for large ones, fresh pages from the kernel, and is only freed by a garbage collection;
 * pieces staged in memory reuse released buffers instead. At most {@code maxPooledBytes} are kept.
 * Thread-safe. A buffer may be released only when nothing reads or writes it any more.
 */
final class StagingBuffers {
  private final long maxPooledBytes;
  private final AtomicLong pooledBytes = new AtomicLong();
  private final ConcurrentHashMap<Integer, ConcurrentLinkedQueue<ByteBuffer>> free =
      new ConcurrentHashMap<>();

  StagingBuffers(long maxPooledBytes) {
    this.maxPooledBytes = maxPooledBytes;
  }

  /** A cleared direct buffer of exactly {@code capacity} bytes, pooled or new. */
  ByteBuffer acquire(int capacity) {
    ConcurrentLinkedQueue<ByteBuffer> q = free.get(capacity);
    ByteBuffer b = q == null ? null : q.poll();
    if (b == null) {
      return ByteBuffer.allocateDirect(capacity);
    }
    pooledBytes.addAndGet(-capacity);
    return b.clear();
  }

  /** Returns a buffer from {@link #acquire}; kept if the pool has room, else left to the GC. */
  void release(ByteBuffer b) {
    int capacity = b.capacity();
    if (pooledBytes.addAndGet(capacity) > maxPooledBytes) {
      pooledBytes.addAndGet(-capacity);
      return;
    }
    free.computeIfAbsent(capacity, c -> new ConcurrentLinkedQueue<>()).add(b);
  }

  long pooledBytes() {
    return pooledBytes.get();
  }
}
