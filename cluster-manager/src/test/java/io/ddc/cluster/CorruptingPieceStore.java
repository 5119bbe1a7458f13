package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.ddc.storage.StoreStats;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store that, once {@link #corrupt} is set, serves every piece with its first byte flipped, and
 * while {@link #stallOpens} is set answers no {@code open}: those futures never complete.
 */
final class CorruptingPieceStore implements PieceStore {
  private final PieceStore delegate;
  volatile boolean corrupt;
  volatile boolean stallOpens;

  CorruptingPieceStore(PieceStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<PieceRegion> open(Cid cid) {
    if (stallOpens) {
      return new CompletableFuture<>();
    }
    return delegate.open(cid).thenApply(r -> corrupt ? new Flipped(r) : r);
  }

  private record Flipped(PieceRegion region) implements PieceRegion {
    @Override
    public long size() {
      return region.size();
    }

    @Override
    public Path file() {
      return region.file();
    }

    @Override
    public long fileOffset() {
      return region.fileOffset();
    }

    @Override
    public CompletableFuture<ByteBuffer> read(long offset, int length) {
      return region
          .read(offset, length)
          .thenApply(
              bb -> {
                ByteBuffer copy = ByteBuffer.allocate(bb.remaining()).put(bb.duplicate()).flip();
                if (offset == 0 && copy.hasRemaining()) {
                  copy.put(0, (byte) (copy.get(0) ^ 0x5a));
                }
                return copy;
              });
    }

    @Override
    public void close() {
      region.close();
    }
  }

  @Override
  public PieceWriter newPiece(long bucketId, Cid.Codec codec) {
    return delegate.newPiece(bucketId, codec);
  }

  @Override
  public CompletableFuture<Optional<PieceInfo>> stat(Cid cid) {
    return delegate.stat(cid);
  }

  @Override
  public CompletableFuture<Boolean> delete(Cid cid) {
    return delegate.delete(cid);
  }

  @Override
  public CompletableFuture<List<PieceInfo>> list(long bucketId) {
    return delegate.list(bucketId);
  }

  @Override
  public CompletableFuture<Void> putRecord(
      long bucketId, String namespace, byte[] key, byte[] value) {
    return delegate.putRecord(bucketId, namespace, key, value);
  }

  @Override
  public CompletableFuture<Optional<byte[]>> getRecord(
      long bucketId, String namespace, byte[] key) {
    return delegate.getRecord(bucketId, namespace, key);
  }

  @Override
  public CompletableFuture<Boolean> deleteRecord(long bucketId, String namespace, byte[] key) {
    return delegate.deleteRecord(bucketId, namespace, key);
  }

  @Override
  public StoreStats stats() {
    return delegate.stats();
  }

  @Override
  public boolean healthy() {
    return delegate.healthy();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
