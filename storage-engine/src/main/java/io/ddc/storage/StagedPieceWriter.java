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
 * StoreOptions#stagingMemoryBytes()}), hashing BLAKE3 and the per-block CRC32C table as bytes
 * arrive; {@link #commit()} hands the staged bytes to the writer thread.
 */
final class StagedPieceWriter implements PieceWriter {
  private static final int INITIAL = 64 * 1024;

  private final SegmentPieceStore store;
  private final long bucket;
  private final Cid.Codec codec;
  private final Blake3 digest = new Blake3();
  private final RecordFormat.BlockChecksums checksums = new RecordFormat.BlockChecksums();

  /** Guards the staged state: writes run on I/O threads, commit and abort on any thread. */
  private final ReentrantLock lock = new ReentrantLock();

  private ByteBuffer memory;
  private Path spillPath;
  private FileChannel spill;
  private long size;
  private boolean done;
  private boolean handedOver;

  StagedPieceWriter(SegmentPieceStore store, long bucket, Cid.Codec codec) {
    this.store = store;
    this.bucket = bucket;
    this.codec = codec;
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer chunk) {
    return store.onIo(
        () -> {
          lock.lock();
          try {
            if (done) {
              throw new IllegalStateException("piece already committed or aborted");
            }
            append(chunk.duplicate());
            return null;
          } finally {
            lock.unlock();
          }
        });
  }

  private void append(ByteBuffer chunk) {
    int n = chunk.remaining();
    long max = store.options().maxPieceBytes();
    if (size + n > max) {
      throw new CapacityExceededException(
          "piece exceeds maxPieceBytes " + max + " at " + (size + n) + " bytes");
    }
    checksums.update(chunk);
    if (chunk.hasArray()) {
      // Large chunks are hashed on two threads (the second from the common fork-join pool).
      digest.update(
          chunk.array(), chunk.arrayOffset() + chunk.position(), n, ForkJoinPool.commonPool());
    } else {
      digest.update(chunk);
    }
    try {
      stage(chunk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    size += n;
  }

  private void stage(ByteBuffer chunk) throws IOException {
    int limit = store.options().stagingMemoryBytes();
    if (spill == null && size + chunk.remaining() <= limit) {
      if (memory == null || memory.remaining() < chunk.remaining()) {
        int cap = memory == null ? INITIAL : memory.capacity();
        while (cap < size + chunk.remaining()) {
          cap = (int) Math.min(limit, cap * 2L);
        }
        ByteBuffer grown = ByteBuffer.allocateDirect(cap);
        if (memory != null) {
          grown.put(memory.flip());
        }
        memory = grown;
      }
      memory.put(chunk);
      return;
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
        SegmentPieceStore.writeFully(spill, memory.flip(), 0);
        memory = null;
      }
    }
    SegmentPieceStore.writeFully(spill, chunk, size);
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
    done = true;
    handedOver = true;
    byte[] out = digest.digest();
    Payload payload =
        spill != null
            ? Payload.of(spill, spillPath, size)
            : Payload.of(memory == null ? ByteBuffer.allocate(0) : memory.flip());
    return new Op.PutPiece(
        Cid.of(codec, out), bucket, payload, checksums.finish(), storeClockMillis());
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
      memory = null;
    } finally {
      lock.unlock();
    }
  }
}
