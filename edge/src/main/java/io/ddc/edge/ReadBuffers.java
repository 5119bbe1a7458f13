package io.ddc.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The direct buffers getFile reads the store into, one per data message, reused once the transport
 * has written and released them.
 *
 * <p>Netty's pooled allocator does not suit these: a 1 MiB buffer is above its thread caches'
 * limit, so each comes from an arena chunk, and a chunk whose buffers were all released is freed
 * and, for the next message, allocated and zeroed again — four bytes zeroed per byte served on a
 * long read. Here a released buffer goes back to a bounded free list; beyond {@link #keep()} free
 * buffers it is freed at once (not left to the garbage collector).
 *
 * <p>Thread-safe: buffers are taken on event loops and released wherever the transport releases
 * them.
 */
final class ReadBuffers {
  private final int size;
  private final ArrayBlockingQueue<ByteBuffer> free;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger allocated = new AtomicInteger();

  /** Buffers of {@code size} bytes, at most {@code keep} of them kept free for reuse. */
  ReadBuffers(int size, int keep) {
    if (size <= 0 || keep <= 0) {
      throw new IllegalArgumentException("size and keep must be positive");
    }
    this.size = size;
    this.free = new ArrayBlockingQueue<>(keep);
  }

  /**
   * A buffer of {@code n} (at most the pool's size) writable bytes, empty (writer index 0), owned
   * by the caller: releasing it returns its memory to the pool.
   */
  ByteBuf take(int n) {
    if (n < 0 || n > size) {
      throw new IllegalArgumentException(n + " bytes asked of a pool of " + size + "-byte buffers");
    }
    ByteBuffer b = free.poll();
    if (b == null) {
      b = ByteBuffer.allocateDirect(size);
      allocated.incrementAndGet();
    }
    outstanding.incrementAndGet();
    b.clear().limit(n);
    return new Pooled(b).clear();
  }

  /** Buffers handed out and not released yet. */
  int outstanding() {
    return outstanding.get();
  }

  /** Buffers allocated since the pool was made (taken from the free list do not count). */
  int allocated() {
    return allocated.get();
  }

  /** Free buffers kept at most. */
  int keep() {
    return free.remainingCapacity() + free.size();
  }

  private void giveBack(ByteBuffer b) {
    outstanding.decrementAndGet();
    if (!free.offer(b)) {
      PlatformDependent.freeDirectBuffer(b);
    }
  }

  /** A view of one pooled buffer that gives it back when its reference count reaches zero. */
  private final class Pooled extends UnpooledDirectByteBuf {
    private ByteBuffer memory;

    Pooled(ByteBuffer memory) {
      // this constructor never frees the buffer itself: deallocate() below gives it back
      super(UnpooledByteBufAllocator.DEFAULT, memory, memory.limit());
      this.memory = memory;
    }

    @Override
    protected void deallocate() {
      super.deallocate();
      ByteBuffer m = memory;
      memory = null;
      if (m != null) {
        giveBack(m);
      }
    }
  }
}
