package io.ddc.storage;

import io.ddc.protocol.cid.Cid;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A node's local store of pieces (content addressed by {@link Cid}) and small keyed records.
 *
 * <p>Threading: every method returns at once. {@link #stat} and {@link #open} only consult the
 * in-memory index (and take a lease), so their futures are already complete when they return, on
 * the caller's thread; so are small writes into memory staging and small reads the page cache can
 * serve; every other future completes on the store's own I/O or writer threads (see {@link
 * io.ddc.storage package docs}). Callers on an event loop must hop back to their context before
 * touching loop-confined state.
 *
 * <p>Failures: a request that cannot be served fails its own future with a {@link StoreException}
 * subclass ({@link PieceNotFoundException}, {@link CapacityExceededException}, {@link
 * CorruptPieceException}). A failed fsync or write on the active segment is fatal: the store stops
 * accepting writes, {@link #healthy()} turns false and later writes fail with {@link
 * StoreException}. After {@link #close()} every call fails with {@link StoreClosedException}.
 *
 * <p>Durability: a future of a mutating call ({@link PieceWriter#commit()}, {@link #delete}, {@link
 * #putRecord}, {@link #deleteRecord}) completes only when the change is durable under the
 * configured {@link StoreOptions.FsyncPolicy}.
 */
public interface PieceStore extends AutoCloseable {

  /**
   * Opens the segment store in {@code dir} (created if absent), checking the index against the
   * segments and repairing only what docs/spec/storage-format.md §6 allows. Everything found is
   * reported to {@code listener} before this method returns; an empty report means every indexed
   * piece's record header matched its index entry and no torn tail or bad record was found.
   * Blocking: call it off any event loop.
   */
  static PieceStore openOrRecover(Path dir, StoreOptions options, CorruptionListener listener)
      throws StoreException {
    return SegmentPieceStore.openOrRecover(dir, options, listener);
  }

  /**
   * Starts a piece in {@code bucketId}. The CID (BLAKE3-256 of all bytes written, under {@code
   * codec}) is computed while streaming; nothing is visible until {@link PieceWriter#commit()}.
   */
  PieceWriter newPiece(long bucketId, Cid.Codec codec);

  /**
   * Like {@link #newPiece(long, Cid.Codec)}, for a piece the caller expects to be about {@code
   * expectedBytes} long (0 or less: unknown). A hint only, never a limit: the piece may turn out
   * shorter or longer. A store may size its staging by it, so that a piece arriving in many chunks
   * is not copied again each time its staging grows. By default the hint is ignored.
   */
  default PieceWriter newPiece(long bucketId, Cid.Codec codec, long expectedBytes) {
    return newPiece(bucketId, codec);
  }

  /**
   * The stored piece's description, or empty if no piece has this CID. Completes before returning
   * (an index lookup on the caller's thread).
   */
  CompletableFuture<Optional<PieceInfo>> stat(Cid cid);

  /**
   * Leases the stored bytes of a piece for reading; fails with {@link PieceNotFoundException} if
   * absent. The caller must {@link PieceRegion#close()} the region: while it is open, compaction
   * neither moves nor deletes the file it names. Completes before returning (an index lookup and a
   * lease on the caller's thread, no file I/O).
   */
  CompletableFuture<PieceRegion> open(Cid cid);

  /** Deletes a piece; true if it existed. Durable when the future completes. */
  CompletableFuture<Boolean> delete(Cid cid);

  /** Every piece stored in {@code bucketId}, in CID order. */
  CompletableFuture<List<PieceInfo>> list(long bucketId);

  /**
   * Stores a small record (a DAG node, a name record) under {@code (bucketId, namespace, key)},
   * replacing any previous value. The arrays are copied before this method returns. Values longer
   * than {@link StoreOptions#maxRecordBytes()} fail with {@link IllegalArgumentException}.
   */
  CompletableFuture<Void> putRecord(long bucketId, String namespace, byte[] key, byte[] value);

  /** The record's value (a fresh array), or empty. */
  CompletableFuture<Optional<byte[]>> getRecord(long bucketId, String namespace, byte[] key);

  /** Deletes a record; true if it existed. */
  CompletableFuture<Boolean> deleteRecord(long bucketId, String namespace, byte[] key);

  /** A consistent-enough snapshot of the store's counters (cheap, non-blocking). */
  StoreStats stats();

  /** False once a fatal I/O error stopped writes, or after close. */
  boolean healthy();

  /**
   * Stops accepting calls, waits for in-flight writes, and closes files; reads of regions still
   * open then fail with {@link StoreClosedException}. Blocking.
   */
  @Override
  void close();
}
