package io.ddc.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** The staged bytes of a piece: an off-heap buffer, or a staging file once it spilled. */
abstract class Payload {
  abstract long size();

  /** Writes all bytes at {@code position} of {@code target}; returns the end position. */
  abstract long writeTo(FileChannel target, long position) throws IOException;

  /** Frees the staging file, if any. Idempotent. */
  abstract void release();

  static Payload of(ByteBuffer bytes) {
    return new Memory(bytes, null, null);
  }

  /**
   * Bytes in a pooled staging buffer: {@link #release()} returns it to {@code pool} once {@code
   * readers} (the hashing that still reads it) completed.
   */
  static Payload of(ByteBuffer bytes, CompletableFuture<?> readers, StagingBuffers pool) {
    return new Memory(bytes, readers, pool);
  }

  static Payload of(FileChannel file, Path path, long size) {
    return new Spilled(file, path, size);
  }

  private static final class Memory extends Payload {
    private final ByteBuffer bytes;
    private final CompletableFuture<?> readers;
    private final StagingBuffers pool;
    private final AtomicBoolean released = new AtomicBoolean();

    Memory(ByteBuffer bytes, CompletableFuture<?> readers, StagingBuffers pool) {
      this.bytes = bytes;
      this.readers = readers;
      this.pool = pool;
    }

    @Override
    long size() {
      return bytes.remaining();
    }

    @Override
    long writeTo(FileChannel target, long position) throws IOException {
      return SegmentPieceStore.writeFully(target, bytes, position);
    }

    @Override
    void release() {
      if (pool != null && released.compareAndSet(false, true)) {
        readers.whenComplete((v, e) -> pool.release(bytes));
      }
    }
  }

  private static final class Spilled extends Payload {
    private final FileChannel file;
    private final Path path;
    private final long size;

    Spilled(FileChannel file, Path path, long size) {
      this.file = file;
      this.path = path;
      this.size = size;
    }

    @Override
    long size() {
      return size;
    }

    @Override
    long writeTo(FileChannel target, long position) throws IOException {
      long done = 0;
      while (done < size) {
        long n = file.transferTo(done, size - done, target.position(position + done));
        if (n <= 0) {
          throw new IOException("staging file " + path + " ended at " + done + " of " + size);
        }
        done += n;
      }
      return position + size;
    }

    @Override
    void release() {
      try {
        file.close();
        Files.deleteIfExists(path);
      } catch (IOException e) {
        SegmentPieceStore.LOG.warn("staging file {}: delete failed: {}", path, e.toString());
      }
    }
  }
}
