package io.ddc.storage;

import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * A {@link PieceStore} on the heap for tests of the layers above the storage engine. It follows the
 * same contract as the segment store ({@link PieceStoreContract}), including capacity limits and
 * the rule that an open region stays readable after its piece is deleted; it is not durable.
 * Futures complete on its single worker thread. Capacity counts payload bytes only, and {@link
 * PieceRegion#file()} throws {@link UnsupportedOperationException} (there is no file to send).
 */
public final class InMemoryPieceStore implements PieceStore {

  private record Piece(PieceInfo info, byte[] bytes) {}

  private record RecordKey(long bucket, String namespace, String keyHex) {}

  private final StoreOptions options;
  private final Clock clock;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "in-memory-store");
            t.setDaemon(true);
            return t;
          });
  private final Map<Cid, Piece> pieces = new ConcurrentHashMap<>();
  private final Map<RecordKey, byte[]> records = new ConcurrentHashMap<>();
  private final AtomicLong usedBytes = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A store with {@code options} (capacity, piece and record limits apply) and a clock. */
  public InMemoryPieceStore(StoreOptions options, Clock clock) {
    this.options = new StoreOptions(options);
    this.clock = clock;
  }

  /** A store with default options and the system clock. */
  public InMemoryPieceStore() {
    this(new StoreOptions(), Clock.systemUTC());
  }

  private <T> CompletableFuture<T> async(Supplier<T> task) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new StoreClosedException("store is closed"));
    }
    return CompletableFuture.supplyAsync(task, worker);
  }

  private static RecordKey recordKey(long bucket, String namespace, byte[] key) {
    return new RecordKey(bucket, namespace, java.util.HexFormat.of().formatHex(key));
  }

  private void reserve(long bytes) {
    long capacity = options.capacityBytes();
    while (true) {
      long used = usedBytes.get();
      if (used + bytes > capacity) {
        throw new CapacityExceededException(
            "capacity exceeded: " + used + " + " + bytes + " bytes > " + capacity);
      }
      if (usedBytes.compareAndSet(used, used + bytes)) {
        return;
      }
    }
  }

  @Override
  public PieceWriter newPiece(long bucketId, Cid.Codec codec) {
    if (closed.get()) {
      throw new StoreClosedException("store is closed");
    }
    return new Writer(bucketId, codec);
  }

  private final class Writer implements PieceWriter {
    private final long bucket;
    private final Cid.Codec codec;
    private final Blake3Digest digest = new Blake3Digest(256);
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private boolean done;

    Writer(long bucket, Cid.Codec codec) {
      this.bucket = bucket;
      this.codec = codec;
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer chunk) {
      return async(
          () -> {
            if (done) {
              throw new IllegalStateException("piece already committed or aborted");
            }
            byte[] b = new byte[chunk.remaining()];
            chunk.duplicate().get(b);
            if (bytes.size() + (long) b.length > options.maxPieceBytes()) {
              throw new CapacityExceededException(
                  "piece exceeds maxPieceBytes "
                      + options.maxPieceBytes()
                      + " at "
                      + (bytes.size() + (long) b.length)
                      + " bytes");
            }
            digest.update(b, 0, b.length);
            bytes.writeBytes(b);
            return null;
          });
    }

    @Override
    public CompletableFuture<PieceInfo> commit() {
      return async(
          () -> {
            if (done) {
              throw new IllegalStateException("piece already committed or aborted");
            }
            done = true;
            byte[] out = new byte[Cid.DIGEST_LENGTH];
            digest.doFinal(out, 0);
            Cid cid = Cid.of(codec, out);
            Piece existing = pieces.get(cid);
            if (existing != null) {
              return existing.info();
            }
            byte[] content = bytes.toByteArray();
            reserve(content.length);
            PieceInfo info =
                new PieceInfo(cid, bucket, content.length, Instant.ofEpochMilli(clock.millis()));
            pieces.put(cid, new Piece(info, content));
            return info;
          });
    }

    @Override
    public void abort() {
      done = true;
    }
  }

  @Override
  public CompletableFuture<Optional<PieceInfo>> stat(Cid cid) {
    return async(() -> Optional.ofNullable(pieces.get(cid)).map(Piece::info));
  }

  @Override
  public CompletableFuture<PieceRegion> open(Cid cid) {
    return async(
        () -> {
          Piece p = pieces.get(cid);
          if (p == null) {
            throw new PieceNotFoundException("no piece " + cid);
          }
          return new Region(p.bytes());
        });
  }

  private final class Region implements PieceRegion {
    private final byte[] bytes;
    private final AtomicBoolean regionClosed = new AtomicBoolean();

    Region(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public Path file() {
      throw new UnsupportedOperationException("an in-memory piece has no file");
    }

    @Override
    public long fileOffset() {
      return 0;
    }

    @Override
    public CompletableFuture<ByteBuffer> read(long offset, int length) {
      if (regionClosed.get()) {
        return CompletableFuture.failedFuture(new StoreClosedException("region is closed"));
      }
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException(
                "range " + offset + "+" + length + " outside piece of " + bytes.length + " bytes"));
      }
      return async(
          () -> {
            ByteBuffer out = ByteBuffer.allocateDirect(length);
            out.put(bytes, (int) offset, length).flip();
            return out;
          });
    }

    @Override
    public void close() {
      regionClosed.set(true);
    }
  }

  @Override
  public CompletableFuture<Boolean> delete(Cid cid) {
    return async(
        () -> {
          Piece p = pieces.remove(cid);
          if (p != null) {
            usedBytes.addAndGet(-p.bytes().length);
          }
          return p != null;
        });
  }

  @Override
  public CompletableFuture<List<PieceInfo>> list(long bucketId) {
    return async(
        () -> {
          List<PieceInfo> out = new ArrayList<>();
          for (Piece p : pieces.values()) {
            if (p.info().bucketId() == bucketId) {
              out.add(p.info());
            }
          }
          out.sort((a, b) -> a.cid().compareTo(b.cid()));
          return out;
        });
  }

  @Override
  public CompletableFuture<Void> putRecord(
      long bucketId, String namespace, byte[] key, byte[] value) {
    CompletableFuture<Void> oversized = options.rejectOversizedRecord(value.length);
    if (oversized != null) {
      return oversized;
    }
    RecordKey k = recordKey(bucketId, namespace, key);
    byte[] v = value.clone();
    return async(
        () -> {
          byte[] old = records.get(k);
          reserve(v.length - (old == null ? 0 : old.length));
          records.put(k, v);
          return null;
        });
  }

  @Override
  public CompletableFuture<Optional<byte[]>> getRecord(
      long bucketId, String namespace, byte[] key) {
    RecordKey k = recordKey(bucketId, namespace, key);
    return async(() -> Optional.ofNullable(records.get(k)).map(byte[]::clone));
  }

  @Override
  public CompletableFuture<Boolean> deleteRecord(long bucketId, String namespace, byte[] key) {
    RecordKey k = recordKey(bucketId, namespace, key);
    return async(
        () -> {
          byte[] old = records.remove(k);
          if (old != null) {
            usedBytes.addAndGet(-old.length);
          }
          return old != null;
        });
  }

  @Override
  public StoreStats stats() {
    long live = usedBytes.get();
    return new StoreStats(
        pieces.size(), records.size(), live, live, options.capacityBytes(), 0, 0, 0);
  }

  @Override
  public boolean healthy() {
    return !closed.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      worker.shutdown();
    }
  }
}
