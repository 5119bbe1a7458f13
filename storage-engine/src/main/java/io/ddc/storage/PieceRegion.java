package io.ddc.storage;

import java.nio.ByteBuffer;
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
   * Reads {@code length} bytes starting at {@code offset} of the piece into a fresh direct buffer
   * (owned by the caller; position 0, limit {@code length}). Checksums of the blocks touched are
   * verified first; a mismatch fails with {@link CorruptPieceException}. Range errors fail with
   * {@link IllegalArgumentException}. Completes on a store I/O thread.
   */
  CompletableFuture<ByteBuffer> read(long offset, int length);

  /** Releases the lease. Idempotent. */
  @Override
  void close();
}
