package io.ddc.storage;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A leased, read-only view of one stored piece's bytes: {@code size()} bytes at {@code
 * fileOffset()} of {@code file()}. While the region is open, the file is neither deleted nor
 * rewritten, so the edge may {@code sendfile} that range directly (zero copy). Close it exactly
 * once; further calls after close fail with {@link StoreClosedException}.
 */
public interface PieceRegion extends AutoCloseable {

  /** Size of the piece in bytes. */
  long size();

  /** The file that holds the bytes (for zero-copy transfer only; never write to it). */
  Path file();

  /** Offset of the piece's first byte in {@link #file()}. */
  long fileOffset();

  /**
   * The store's open channel on {@link #file()}, valid while this region is open, for zero-copy
   * transfer without opening the file again; never write to it or close it. Null when the store
   * keeps no open channel (then use {@link #file()}).
   */
  default FileChannel channel() {
    return null;
  }

  /**
   * Reads {@code length} bytes starting at {@code offset} of the piece into a fresh direct buffer
   * (owned by the caller; position 0, limit {@code length}). Checksums of the blocks touched are
   * verified first; a mismatch fails with {@link CorruptPieceException}. Range errors fail with
   * {@link IllegalArgumentException}. A read of at most {@link StoreOptions#inlineReadMaxBytes()}
   * whose bytes the page cache holds is served on the caller's thread without waiting for the disk
   * (the future is complete on return); other reads complete on a store I/O thread.
   */
  CompletableFuture<ByteBuffer> read(long offset, int length);

  /**
   * Like {@link #read(long, int)}, into the caller's buffer instead of a fresh one, so that a
   * caller can reuse or pool its buffers: reads {@code dst.remaining()} bytes starting at {@code
   * offset} of the piece into {@code dst} (direct buffers avoid a copy), with the same checks and
   * threading. The future completes with {@code dst}, its position advanced by the bytes read. The
   * caller must not touch {@code dst} until the future completes; its remaining bytes may be
   * overwritten even when the read fails. A read-only {@code dst} fails with {@link
   * IllegalArgumentException}.
   *
   * <p>The default reads into a fresh buffer and copies.
   */
  default CompletableFuture<ByteBuffer> read(long offset, ByteBuffer dst) {
    if (dst.isReadOnly()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("read-only destination buffer"));
    }
    return read(offset, dst.remaining()).thenApply(dst::put);
  }

  /**
   * Reads {@code dst.remaining()} bytes starting at {@code offset} of the piece into {@code dst} on
   * the calling thread, with the same checks as {@link #read}: every block touched is verified
   * before any of its bytes reach {@code dst}. Blocking (positional reads of the segment file,
   * normally served from the page cache): call it from worker threads, never from an event loop. No
   * buffer is allocated per call, so it suits small random reads.
   *
   * <p>On return {@code dst}'s position has advanced by the bytes read. Fails with {@link
   * CorruptPieceException} (then {@code dst} holds only bytes of blocks that passed their check),
   * {@link IllegalArgumentException} for a range outside the piece, {@link StoreClosedException}
   * after close, or {@link StoreException} for an I/O error.
   *
   * <p>The default waits for {@link #read}; the segment store overrides it with a read on the
   * caller's thread.
   */
  default void readFully(long offset, ByteBuffer dst) {
    try {
      dst.put(read(offset, dst.remaining()).join());
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("read failed: " + e.getCause(), e.getCause());
    }
  }

  /** Releases the lease. Idempotent. */
  @Override
  void close();
}
