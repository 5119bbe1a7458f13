package io.ddc.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One piece being written as a stream of chunks. Not thread-safe: call {@link #write} again only
 * after the previous write's future completed, then {@link #commit()} or {@link #abort()} once.
 * Bytes are staged off-heap (spilling to a staging file beyond {@link
 * StoreOptions#stagingMemoryBytes()}), never held whole on the heap.
 */
public interface PieceWriter {

  /**
   * Appends the chunk's remaining bytes. The caller must not modify the buffer until the returned
   * future completes; the buffer's position is not changed. A chunk that fits the memory staging is
   * copied on the caller's thread (CPU only: no I/O, no waiting for a lock) and the future is
   * complete on return; otherwise the store reads it on an I/O thread. Fails with {@link
   * CapacityExceededException} once the piece exceeds {@link StoreOptions#maxPieceBytes()}.
   */
  CompletableFuture<Void> write(ByteBuffer chunk);

  /**
   * Seals the piece: computes its CID, appends it durably and indexes it. If a piece with the same
   * CID is already stored, nothing is written and the stored piece's info is returned (its bucket
   * stays the one it was first stored in).
   */
  CompletableFuture<PieceInfo> commit();

  /** Discards the piece and its staged bytes; idempotent, no-op after commit. */
  void abort();
}
