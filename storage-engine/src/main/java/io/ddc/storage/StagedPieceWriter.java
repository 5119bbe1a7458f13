package io.ddc.storage;

import io.ddc.crypto.Blake3;
import io.ddc.protocol.cid.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Streams a piece into off-heap staging (spilling to a staging file past {@link
 * StoreOptions#stagingMemoryBytes()}), computing the per-block CRC32C table as bytes arrive and
 * BLAKE3 behind them; {@link #commit()} hands the staged bytes to the writer thread.
 *
 * <p>Threads. A chunk that stays in memory staging is copied (and its CRC32C computed) on the
 * caller's thread, which needs no I/O and no wait for a lock (a {@code tryLock}); the write's
 * future is then already complete. Chunks that go to the staging file, or that meet a running
 * operation of this piece, are staged on an I/O thread. A chunk of at most {@link
 * StoreOptions#inlineHashMaxBytes()} bytes staged in memory behind bytes all hashed already is
 * hashed on the caller's thread too, from the staged copy just written. Other bytes staged in
 * memory are hashed afterwards, from the staged copy, by tasks on the store's hashing threads
 * chained in order ({@link #hashed}), one task per {@link #HASH_BATCH} bytes staged (and one for
 * the rest at the commit), so that a piece arriving in many small chunks does not wake a hashing
 * thread for each; spans of {@link Blake3#PARALLEL_MIN_BYTES} and more are hashed on two threads. A
 * commit can therefore reach the writer thread while its CID is still being computed, and the
 * writer makes the payload durable meanwhile. Chunks that go to the staging file are hashed from
 * the caller's chunk before their write completes, after the pending in-memory hashes.
 *
 * <p>Memory staging buffers come from the store's {@link StagingBuffers} and go back only once
 * every hash reading them has finished. The first one is sized by the caller's size hint, if any
 * ({@link #initial}); a staging buffer that fills up is replaced by one twice as large, into which
 * the staged bytes are copied.
 */
final class StagedPieceWriter implements PieceWriter {
  private static final int INITIAL = 64 * 1024;

  /** Bytes staged in memory before a hashing task is queued for them. */
  static final int HASH_BATCH = 256 * 1024;

  private final SegmentPieceStore store;
  private final long bucket;

  /** Capacity of the first memory staging buffer: the size hint rounded up, within limits. */
  private final int initialCapacity;

  private final Cid.Codec codec;
  private final Blake3 digest = new Blake3();
  private final RecordFormat.BlockChecksums checksums = new RecordFormat.BlockChecksums();

  /** Guards the staged state: writes, commit and abort run on the caller's or an I/O thread. */
  private final ReentrantLock lock = new ReentrantLock();

  private ByteBuffer memory;

  /** Where the bytes staged in {@link #memory} but not yet queued for hashing begin. */
  private int unhashed;

  private Path spillPath;
  private FileChannel spill;
  private long size;
  private boolean done;
  private boolean handedOver;

  /** Completes when every byte staged so far is hashed; hash tasks run in this order. */
  private CompletableFuture<Void> hashed = CompletableFuture.completedFuture(null);

  /** {@code expectedBytes}: the caller's size hint (0 or less: unknown), see {@link #initial}. */
  StagedPieceWriter(SegmentPieceStore store, long bucket, Cid.Codec codec, long expectedBytes) {
    this.store = store;
    this.bucket = bucket;
    this.codec = codec;
    this.initialCapacity = initial(expectedBytes, store.options().stagingMemoryBytes());
  }

  /**
   * The first staging buffer's capacity for a piece expected to be {@code expectedBytes} long: the
   * next power of two (capacities stay few, so pooled buffers are found again), at least {@link
   * #INITIAL} and at most {@code limit}. A right hint means the staged bytes are never copied into
   * a grown buffer; a wrong one costs what no hint costs (growth by doubling) or a larger buffer
   * than needed, from the pool, for the time the piece is staged.
   */
  static int initial(long expectedBytes, int limit) {
    if (expectedBytes <= INITIAL) {
      return INITIAL;
    }
    if (expectedBytes >= limit) {
      return limit;
    }
    return (int) Math.min(limit, Long.highestOneBit(expectedBytes - 1) << 1);
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer chunk) {
    CompletableFuture<Void> closed = store.failIfClosed();
    if (closed != null) {
      return closed;
    }
    if (lock.tryLock()) {
      try {
        if (!done && spill == null && size + chunk.remaining() <= stagingLimit()) {
          append(chunk.duplicate());
          return CompletableFuture.completedFuture(null);
        }
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      } finally {
        lock.unlock();
      }
    }
    return store.onIo(
        () -> {
          lock.lock();
          try {
            append(chunk.duplicate());
            return null;
          } finally {
            lock.unlock();
          }
        });
  }

  private int stagingLimit() {
    return store.options().stagingMemoryBytes();
  }

  /** Stages and accounts one chunk; the caller holds {@link #lock}. */
  private void append(ByteBuffer chunk) {
    if (done) {
      throw new IllegalStateException("piece already committed or aborted");
    }
    int n = chunk.remaining();
    long max = store.options().maxPieceBytes();
    if (size + n > max) {
      throw new CapacityExceededException(
          "piece exceeds maxPieceBytes " + max + " at " + (size + n) + " bytes");
    }
    checksums.update(chunk);
    try {
      if (stage(chunk)) {
        int pending = memory.position() - unhashed;
        if (pending <= store.options().inlineHashMaxBytes()
            && hashed.isDone()
            && !hashed.isCompletedExceptionally()) {
          digest.update(takeUnhashed());
        } else if (pending >= HASH_BATCH) {
          hashStaged();
        }
      } else {
        hashed.join();
        digest.update(chunk, ForkJoinPool.commonPool());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    size += n;
  }

  /**
   * Queues the hash of the bytes staged in memory since the last such call, from a read-only view
   * of the staged copy (never written to again). The caller holds {@link #lock}.
   */
  private void hashStaged() {
    if (memory == null || memory.position() == unhashed) {
      return;
    }
    ByteBuffer staged = takeUnhashed();
    store.hashTasks.incrementAndGet();
    hashed =
        hashed.thenRunAsync(
            () -> digest.update(staged, ForkJoinPool.commonPool()), store.hashExecutor());
  }

  /**
   * A read-only view of the bytes staged in memory since the last hash was queued or run (never
   * written to again), which from now on count as hashed. The caller holds {@link #lock}.
   */
  private ByteBuffer takeUnhashed() {
    ByteBuffer staged = memory.asReadOnlyBuffer().limit(memory.position()).position(unhashed);
    unhashed = memory.position();
    return staged;
  }

  /** Stages the chunk; returns whether it went to memory (false: to the staging file). */
  private boolean stage(ByteBuffer chunk) throws IOException {
    int limit = stagingLimit();
    if (spill == null && size + chunk.remaining() <= limit) {
      if (memory == null || memory.remaining() < chunk.remaining()) {
        int cap = memory == null ? initialCapacity : memory.capacity();
        while (cap < size + chunk.remaining()) {
          cap = (int) Math.min(limit, cap * 2L);
        }
        ByteBuffer grown = store.stagingBuffers().acquire(cap);
        if (memory != null) {
          // bytes not yet queued for hashing keep their offsets in the grown copy
          store.stagingRecopied.addAndGet(memory.position());
          grown.put(memory.flip());
          releaseAfterHashing(memory);
        }
        memory = grown;
      }
      memory.put(chunk);
      return true;
    }
    if (spill == null) {
      spillPath = store.stagingFile();
      spill =
          FileChannel.open(
              spillPath,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      if (memory != null) {
        hashStaged(); // before the bytes of this chunk, which are hashed on this thread
        SegmentPieceStore.writeFully(spill, memory.flip(), 0);
        releaseAfterHashing(memory);
        memory = null;
      }
    }
    SegmentPieceStore.writeFully(spill, chunk, size);
    return false;
  }

  /** Gives a staging buffer back to the pool once the hashes queued so far stopped reading it. */
  private void releaseAfterHashing(ByteBuffer buffer) {
    StagingBuffers pool = store.stagingBuffers();
    hashed.whenComplete((v, e) -> pool.release(buffer));
  }

  @Override
  public CompletableFuture<PieceInfo> commit() {
    // Sealing is cheap (the digest's last nodes, the table's CRC), so when no write is running it
    // happens on the caller's thread and the piece goes straight to the writer queue; otherwise it
    // waits for the write on an I/O thread.
    if (lock.tryLock()) {
      try {
        return submit(seal());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      } finally {
        lock.unlock();
      }
    }
    return store.onIo(this::sealLocked).thenCompose(this::submit);
  }

  private Op.PutPiece sealLocked() {
    lock.lock();
    try {
      return seal();
    } finally {
      lock.unlock();
    }
  }

  /** Turns the staged bytes into the writer's operation; the caller holds {@link #lock}. */
  private Op.PutPiece seal() {
    if (done) {
      throw new IllegalStateException("piece already committed or aborted");
    }
    hashStaged();
    done = true;
    handedOver = true;
    CompletableFuture<Cid> cid = hashed.thenApply(v -> Cid.of(codec, digest.digest()));
    Payload payload =
        spill != null
            ? Payload.of(spill, spillPath, size)
            : memory == null
                ? Payload.of(ByteBuffer.allocate(0))
                : Payload.of(memory.flip(), hashed, store.stagingBuffers());
    return new Op.PutPiece(cid, bucket, payload, checksums.finish(), storeClockMillis());
  }

  private CompletableFuture<PieceInfo> submit(Op.PutPiece op) {
    CompletableFuture<PieceInfo> f = store.submit(op);
    if (f.isCompletedExceptionally()) {
      op.payload.release();
    }
    return f;
  }

  private long storeClockMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public void abort() {
    lock.lock();
    try {
      done = true;
      if (!handedOver && spill != null) {
        Payload.of(spill, spillPath, size).release();
        spill = null;
      }
      if (!handedOver && memory != null) {
        releaseAfterHashing(memory);
      }
      memory = null;
    } finally {
      lock.unlock();
    }
  }
}
