package io.ddc.storage;

import io.ddc.crypto.Blake3;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.CorruptionListener.Corruption;
import io.ddc.storage.CorruptionListener.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.openhft.chronicle.map.ChronicleMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment-file implementation of {@link PieceStore} (docs/spec/storage-format.md).
 *
 * <p>Implementation notes. One writer thread owns the active segment and is the only mutator of the
 * index: it drains a queue of {@link Op}s, appends their records, syncs once per batch (group
 * commit), then publishes the index changes and completes the futures, so a record is visible only
 * after it is durable. Lookups go straight to the Chronicle Map from the I/O threads. Readers lease
 * a {@link Segment}; compaction copies live records forward through the writer queue, then retires
 * the old segment, which is deleted when its last lease ends. Recovery runs in {@link
 * #openOrRecover} before any thread starts.
 */
final class SegmentPieceStore implements PieceStore {
  static final Logger LOG = LoggerFactory.getLogger(SegmentPieceStore.class);
  private static final int MAX_BATCH = 256;

  /**
   * Pieces from this size on whose hash is still running when the writer takes them are written
   * payload first (see {@link #putPayloadFirst}); smaller ones wait for their CID, which costs less
   * than a second sync.
   */
  static final long PAYLOAD_FIRST_MIN_BYTES = 256 * 1024;

  private final Path dir;
  private final Path segmentDir;
  private final Path stagingDir;
  private final StoreOptions options;
  private final CorruptionListener listener;
  private final Clock clock;
  private final ChronicleIndex index;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final FileStore fileStore;

  final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  private volatile Segment active;
  private final AtomicLong diskBytes = new AtomicLong();
  private final AtomicLong liveBytes = new AtomicLong();
  private final AtomicLong compactions = new AtomicLong();
  private final AtomicLong corruptions = new AtomicLong();
  private final AtomicInteger stagingSeq = new AtomicInteger();

  /** Pieces appended payload first (for tests). */
  final AtomicLong payloadFirstAppends = new AtomicLong();

  /** Payload-first appends whose payload writeback started while the hash ran (for tests). */
  final AtomicLong writebacksStarted = new AtomicLong();

  /** Synced bytes advised out of the page cache ({@link StoreOptions#writeCacheBytes()}). */
  final AtomicLong bytesReleased = new AtomicLong();

  /** Hashing tasks queued for bytes staged in memory (for tests). */
  final AtomicLong hashTasks = new AtomicLong();

  /** Staged bytes copied again into a grown staging buffer (for tests). */
  final AtomicLong stagingRecopied = new AtomicLong();

  /** The page size that writeback and page-cache release ranges are aligned to. */
  static final long PAGE = 4096;

  private final StagingBuffers stagingBuffers;

  private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
  private final ExecutorService io;
  private final ExecutorService hashing;
  private final ScheduledExecutorService compactor;
  private final Thread writer;
  private volatile boolean closed;
  private volatile Throwable fatal;

  private SegmentPieceStore(
      Path dir,
      StoreOptions options,
      CorruptionListener listener,
      Clock clock,
      ChronicleIndex index,
      FileChannel lockChannel,
      FileLock lock)
      throws IOException {
    this.dir = dir;
    this.segmentDir = dir.resolve("segments");
    this.stagingDir = dir.resolve("staging");
    this.options = options;
    this.listener = counting(listener);
    this.clock = clock;
    this.index = index;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.fileStore = Files.getFileStore(dir);
    this.stagingBuffers = new StagingBuffers(4L * options.stagingMemoryBytes());
    this.io = Executors.newFixedThreadPool(options.ioThreads(), named("ddc-store-io-"));
    this.hashing = Executors.newFixedThreadPool(options.ioThreads(), named("ddc-store-hash-"));
    this.compactor = Executors.newSingleThreadScheduledExecutor(named("ddc-store-compactor"));
    this.writer = new Thread(this::writerLoop, "ddc-store-writer");
    this.writer.setDaemon(true);
  }

  private CorruptionListener counting(CorruptionListener l) {
    return c -> {
      if (c.kind() == Kind.BAD_CHECKSUM || c.kind() == Kind.BAD_SEGMENT) {
        corruptions.incrementAndGet();
      }
      l.onCorruption(c);
    };
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }

  static PieceStore openOrRecover(Path dir, StoreOptions options, CorruptionListener listener) {
    return open(dir, options, listener, Clock.systemUTC());
  }

  static SegmentPieceStore open(
      Path dir, StoreOptions opts, CorruptionListener listener, Clock clock) {
    StoreOptions options = new StoreOptions(opts);
    FileChannel lockChannel = null;
    try {
      Files.createDirectories(dir.resolve("segments"));
      Files.createDirectories(dir.resolve("staging"));
      lockChannel =
          FileChannel.open(
              dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new StoreException("store " + dir + " is in use by another process or store");
      }
      ChronicleIndex.Checkpoint checkpoint = ChronicleIndex.readCheckpoint(dir.resolve("index"));
      boolean newStore;
      try (var files = Files.list(dir.resolve("segments"))) {
        newStore = checkpoint == null && files.findAny().isEmpty();
      }
      ChronicleIndex index =
          ChronicleIndex.open(
              dir.resolve("index"),
              options.indexEntries(),
              checkpoint != null && checkpoint.clean(),
              newStore,
              listener);
      SegmentPieceStore store =
          new SegmentPieceStore(dir, options, listener, clock, index, lockChannel, lock);
      try {
        store.recover(checkpoint);
      } catch (IOException | RuntimeException e) {
        store.shutdownThreads();
        store.closeFiles();
        throw e;
      }
      store.writer.start();
      long interval = options.compactionInterval().toMillis();
      store.compactor.scheduleWithFixedDelay(
          store::compactDue, interval, interval, TimeUnit.MILLISECONDS);
      LOG.info(
          "piece store {} open: {} pieces, {} records, {} segments, io engine {}\n{}",
          dir,
          index.pieces.size(),
          index.records.size(),
          store.segments.size(),
          IoEngines.effective(options.ioEngine()),
          options);
      IoEngines.prepareHashing();
      return store;
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw new StoreException("cannot open store " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to add to the original failure
      }
    }
  }

  // ---------------------------------------------------------------- recovery (spec §6)

  private void recover(ChronicleIndex.Checkpoint checkpoint) throws IOException {
    cleanStaging();
    List<Long> ids = new ArrayList<>();
    try (var files = Files.list(segmentDir)) {
      files.forEach(
          f -> {
            long id = SegmentFiles.idOf(f.getFileName().toString());
            if (id > 0) {
              ids.add(id);
            }
          });
    }
    ids.sort(null);
    boolean lastUnreadable = false;
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      Path p = segmentDir.resolve(SegmentFiles.name(id));
      Segment s = Segment.open(p, id);
      ByteBuffer h = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_SIZE);
      long size = s.channel.size();
      if (size >= RecordFormat.SEGMENT_HEADER_SIZE) {
        s.readFully(h, 0);
        h.flip();
      }
      if (RecordFormat.checkSegmentHeader(h) != id) {
        s.closeQuietly();
        if (i == ids.size() - 1 && size < RecordFormat.SEGMENT_HEADER_SIZE) {
          listener.onCorruption(
              new Corruption(
                  Kind.TORN_TAIL, id, 0, "segment " + id + " has a partial header; deleted"));
          Files.delete(p);
        } else {
          listener.onCorruption(
              new Corruption(
                  Kind.BAD_SEGMENT, id, 0, "segment " + id + " has a bad header; left unread"));
        }
        continue;
      }
      segments.put(id, s);
    }
    boolean rebuild = index.fresh || checkpoint == null;
    if (!rebuild && !segments.isEmpty() && !segments.containsKey(checkpoint.segmentId())) {
      listener.onCorruption(
          new Corruption(
              Kind.INDEX_MISMATCH,
              checkpoint.segmentId(),
              checkpoint.offset(),
              "checkpoint names segment " + checkpoint.segmentId() + " which does not exist"));
      rebuild = true;
    }
    if (rebuild) {
      if (!index.fresh) {
        listener.onCorruption(
            new Corruption(
                Kind.INDEX_REBUILT, -1, -1, "no valid checkpoint; index rebuilt from segments"));
      }
      index.pieces.clear();
      index.records.clear();
      lastUnreadable = replay(-1, -1);
    } else {
      lastUnreadable = replay(checkpoint.segmentId(), checkpoint.offset());
      if (!validateIndex()) {
        listener.onCorruption(
            new Corruption(
                Kind.INDEX_REBUILT,
                -1,
                -1,
                "index disagreed with segments; rebuilt from segments"));
        index.pieces.clear();
        index.records.clear();
        for (Segment s : segments.values()) {
          s.end = s.channel.size();
        }
        lastUnreadable = replay(-1, -1);
      }
    }
    accountLiveBytes();
    long now = clock.millis();
    if (segments.isEmpty() || lastUnreadable) {
      long id = segments.isEmpty() ? 1 : segments.lastKey() + 1;
      if (!ids.isEmpty()) {
        id = Math.max(id, ids.get(ids.size() - 1) + 1);
      }
      Segment s = Segment.create(segmentDir, id, now);
      segments.put(id, s);
    }
    active = segments.lastEntry().getValue();
    long disk = 0;
    for (Segment s : segments.values()) {
      disk += s.end;
    }
    diskBytes.set(disk);
    index.sync();
    index.writeCheckpoint(new ChronicleIndex.Checkpoint(active.id, active.end, false));
  }

  private void cleanStaging() throws IOException {
    try (var files = Files.list(stagingDir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /**
   * Replays every record from (segment, offset) on into the index, verifying payloads; cuts a torn
   * tail of the last segment. Returns true if the last segment cannot be appended to.
   */
  private boolean replay(long fromSegment, long fromOffset) throws IOException {
    SegmentScanner scanner = new SegmentScanner(listener);
    boolean lastUnreadable = false;
    for (Segment s : segments.values()) {
      if (s.id < fromSegment) {
        continue;
      }
      long from = s.id == fromSegment ? fromOffset : RecordFormat.SEGMENT_HEADER_SIZE;
      long size = s.channel.size();
      if (from > size) {
        listener.onCorruption(
            new Corruption(
                Kind.INDEX_MISMATCH,
                s.id,
                from,
                "checkpoint offset " + from + " beyond segment " + s.id + " size " + size));
        from = RecordFormat.SEGMENT_HEADER_SIZE;
      }
      boolean last = s.id == segments.lastKey();
      SegmentScanner.Result r = scanner.scan(s, from, true, last, this::applyRecovered);
      switch (r.stop()) {
        case END -> s.end = r.end();
        case TORN -> {
          listener.onCorruption(
              new Corruption(
                  Kind.TORN_TAIL,
                  s.id,
                  r.end(),
                  "segment "
                      + s.id
                      + ": incomplete record at "
                      + r.end()
                      + "; cut "
                      + (size - r.end())
                      + " bytes"));
          s.channel.truncate(r.end());
          s.channel.force(true);
          s.end = r.end();
        }
        case UNREADABLE -> {
          listener.onCorruption(
              new Corruption(
                  Kind.BAD_SEGMENT,
                  s.id,
                  r.end(),
                  "segment "
                      + s.id
                      + ": damaged record header at "
                      + r.end()
                      + "; the "
                      + (size - r.end())
                      + " bytes after it are kept but not read"));
          s.end = size;
          lastUnreadable |= last;
        }
      }
    }
    return lastUnreadable;
  }

  private void applyRecovered(Segment s, long offset, RecordFormat.Header h) {
    Location loc =
        new Location(s.id, h.key().length, offset, h.payloadLength(), h.bucket(), h.storedAt());
    switch (h.type()) {
      case RecordFormat.PIECE -> index.pieces.put(h.key(), loc.encode());
      case RecordFormat.PIECE_TOMBSTONE -> index.pieces.remove(h.key());
      case RecordFormat.RECORD ->
          index.records.put(recordIndexKey(h.bucket(), h.key()), loc.encode());
      case RecordFormat.RECORD_TOMBSTONE ->
          index.records.remove(recordIndexKey(h.bucket(), h.key()));
      default -> throw new IllegalStateException("record type " + h.type());
    }
  }

  /** Checks every index entry against the header it points at; false on the first mismatch. */
  private boolean validateIndex() {
    boolean[] ok = {true};
    for (ChronicleMap<byte[], byte[]> map : List.of(index.pieces, index.records)) {
      boolean pieces = map == index.pieces;
      index.forEach(
          map,
          (key, loc) -> {
            if (!ok[0]) {
              return;
            }
            String problem = checkEntry(pieces, key, loc);
            if (problem != null) {
              ok[0] = false;
              listener.onCorruption(
                  new Corruption(
                      Kind.INDEX_MISMATCH, loc.segmentId(), loc.recordOffset(), problem));
            }
          });
    }
    return ok[0];
  }

  private String checkEntry(boolean piece, byte[] key, Location loc) {
    Segment s = segments.get(loc.segmentId());
    if (s == null) {
      return "index entry points into missing segment " + loc.segmentId();
    }
    if (loc.recordOffset() < RecordFormat.SEGMENT_HEADER_SIZE
        || loc.recordOffset() + loc.recordSize() > s.end) {
      return "index entry at "
          + loc.recordOffset()
          + "+"
          + loc.recordSize()
          + " beyond segment "
          + s.id
          + " end "
          + s.end;
    }
    try {
      ByteBuffer head = ByteBuffer.allocate(RecordFormat.FIXED_HEADER + loc.keyLength());
      s.readFully(head, loc.recordOffset());
      RecordFormat.Header h = RecordFormat.decodeHeader(head.flip());
      boolean matches =
          h != null
              && h.type() == (piece ? RecordFormat.PIECE : RecordFormat.RECORD)
              && h.payloadLength() == loc.payloadLength()
              && h.bucket() == loc.bucket()
              && java.util.Arrays.equals(
                  piece ? h.key() : recordIndexKey(h.bucket(), h.key()), key);
      return matches
          ? null
          : "index entry does not match the record header at " + loc.recordOffset();
    } catch (IOException e) {
      return "cannot read record at " + loc.recordOffset() + ": " + e;
    }
  }

  private void accountLiveBytes() {
    long live = 0;
    for (Segment s : segments.values()) {
      s.liveBytes.set(0);
    }
    for (ChronicleMap<byte[], byte[]> map : List.of(index.pieces, index.records)) {
      long[] sum = {0};
      index.forEach(
          map,
          (k, loc) -> {
            Segment s = segments.get(loc.segmentId());
            if (s != null) {
              s.liveBytes.addAndGet(loc.recordSize());
            }
            sum[0] += loc.payloadLength();
          });
      live += sum[0];
    }
    liveBytes.set(live);
  }

  static byte[] recordIndexKey(long bucket, byte[] recordKey) {
    Blake3 d = new Blake3();
    byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(bucket).array();
    d.update(b, 0, 8);
    d.update(recordKey, 0, recordKey.length);
    return d.digest();
  }

  // ---------------------------------------------------------------- async plumbing

  <T> CompletableFuture<T> onIo(Supplier<T> task) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new StoreClosedException("store " + dir + " is closed"));
    }
    try {
      return CompletableFuture.supplyAsync(task, io);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new StoreClosedException("store " + dir + " is closed"));
    }
  }

  /**
   * Runs an index-only task (a lookup in the memory-mapped index and a lease, no file I/O) on the
   * calling thread and returns its already completed future.
   */
  private <T> CompletableFuture<T> onCaller(Supplier<T> task) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new StoreClosedException("store " + dir + " is closed"));
    }
    try {
      return CompletableFuture.completedFuture(task.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          closed ? new StoreClosedException("store " + dir + " is closed") : e);
    }
  }

  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> submit(Op op) {
    if (closed && !(op instanceof Op.Stop)) {
      return CompletableFuture.failedFuture(
          new StoreClosedException("store " + dir + " is closed"));
    }
    Throwable f = fatal;
    if (f != null) {
      return CompletableFuture.failedFuture(
          new StoreException("store stopped writing after an I/O failure: " + f, f));
    }
    queue.add(op);
    return (CompletableFuture<T>) op.result;
  }

  Path stagingFile() {
    return stagingDir.resolve("piece-" + stagingSeq.incrementAndGet() + ".tmp");
  }

  StoreOptions options() {
    return options;
  }

  StagingBuffers stagingBuffers() {
    return stagingBuffers;
  }

  /** A failed future if the store is closed, else null. */
  <T> CompletableFuture<T> failIfClosed() {
    return closed
        ? CompletableFuture.failedFuture(new StoreClosedException("store " + dir + " is closed"))
        : null;
  }

  /**
   * The hashing threads: they run only BLAKE3 tasks of staged bytes, never callers' continuations,
   * so the writer thread, which may wait for a CID, never waits behind a caller's blocked task.
   */
  Executor hashExecutor() {
    return hashing;
  }

  // ---------------------------------------------------------------- API

  @Override
  public PieceWriter newPiece(long bucketId, Cid.Codec codec) {
    return newPiece(bucketId, codec, 0);
  }

  @Override
  public PieceWriter newPiece(long bucketId, Cid.Codec codec, long expectedBytes) {
    if (closed) {
      throw new StoreClosedException("store " + dir + " is closed");
    }
    return new StagedPieceWriter(this, bucketId, codec, expectedBytes);
  }

  @Override
  public CompletableFuture<Optional<PieceInfo>> stat(Cid cid) {
    return onCaller(
        () -> {
          Location loc = index.get(index.pieces, cid.toBytes());
          return Optional.ofNullable(loc).map(l -> info(cid, l));
        });
  }

  static PieceInfo info(Cid cid, Location l) {
    return new PieceInfo(cid, l.bucket(), l.payloadLength(), Instant.ofEpochMilli(l.storedAt()));
  }

  @Override
  public CompletableFuture<PieceRegion> open(Cid cid) {
    return onCaller(
        () -> {
          byte[] key = cid.toBytes();
          // A compaction may move the piece between lookup and lease: look up again then.
          for (int attempt = 0; attempt < 8; attempt++) {
            Location loc = index.get(index.pieces, key);
            if (loc == null) {
              break;
            }
            Segment s = segments.get(loc.segmentId());
            if (s != null && s.acquire()) {
              return new SegmentRegion(this, s, loc, cid);
            }
          }
          throw new PieceNotFoundException("no piece " + cid);
        });
  }

  void reportCorruption(Corruption c) {
    listener.onCorruption(c);
  }

  @Override
  public CompletableFuture<Boolean> delete(Cid cid) {
    return submit(new Op.DeletePiece(cid.toBytes()));
  }

  @Override
  public CompletableFuture<List<PieceInfo>> list(long bucketId) {
    return onIo(
        () -> {
          List<PieceInfo> out = new ArrayList<>();
          index.forEach(
              index.pieces,
              (k, loc) -> {
                if (loc.bucket() == bucketId) {
                  out.add(info(Cid.fromBytes(k), loc));
                }
              });
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
    byte[] rkey;
    try {
      rkey = RecordFormat.recordKey(namespace, key);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return submit(new Op.PutRecord(bucketId, rkey, value.clone(), clock.millis()));
  }

  @Override
  public CompletableFuture<Optional<byte[]>> getRecord(
      long bucketId, String namespace, byte[] key) {
    byte[] rkey = RecordFormat.recordKey(namespace, key);
    byte[] ikey = recordIndexKey(bucketId, rkey);
    return onIo(
        () -> {
          for (int attempt = 0; attempt < 8; attempt++) {
            Location loc = index.get(index.records, ikey);
            if (loc == null) {
              return Optional.empty();
            }
            Segment s = segments.get(loc.segmentId());
            if (s == null || !s.acquire()) {
              continue;
            }
            try {
              return Optional.of(readRecordValue(s, loc, bucketId, rkey));
            } finally {
              s.release();
            }
          }
          return Optional.empty();
        });
  }

  private byte[] readRecordValue(Segment s, Location loc, long bucket, byte[] rkey) {
    try {
      ByteBuffer all = ByteBuffer.allocate((int) loc.recordSize()).order(ByteOrder.LITTLE_ENDIAN);
      s.readFully(all, loc.recordOffset());
      all.flip();
      RecordFormat.Header h = RecordFormat.decodeHeader(all);
      if (h == null || h.bucket() != bucket || !java.util.Arrays.equals(h.key(), rkey)) {
        throw corrupt(s, loc.recordOffset(), "record header does not match its index entry");
      }
      int payloadAt = (int) RecordFormat.payloadStart(rkey.length);
      int len = (int) h.payloadLength();
      int tableAt = payloadAt + len;
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      for (int i = 0; i < RecordFormat.blocks(len); i++) {
        int from = payloadAt + (i << RecordFormat.BLOCK_SHIFT);
        int to = Math.min(tableAt, from + RecordFormat.BLOCK_SIZE);
        crc.reset();
        crc.update(all.duplicate().position(from).limit(to));
        if ((int) crc.getValue() != all.getInt(tableAt + 4 * i)) {
          throw corrupt(s, loc.recordOffset(), "record value block " + i + " fails its CRC32C");
        }
      }
      byte[] value = new byte[len];
      all.get(payloadAt, value);
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  CorruptPieceException corrupt(Segment s, long offset, String message) {
    String m = "segment " + s.id + " @ " + offset + ": " + message;
    listener.onCorruption(new Corruption(Kind.BAD_CHECKSUM, s.id, offset, m));
    return new CorruptPieceException(m);
  }

  @Override
  public CompletableFuture<Boolean> deleteRecord(long bucketId, String namespace, byte[] key) {
    byte[] rkey;
    try {
      rkey = RecordFormat.recordKey(namespace, key);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return submit(new Op.DeleteRecord(bucketId, rkey));
  }

  @Override
  public StoreStats stats() {
    return new StoreStats(
        closed ? 0 : index.pieces.size(),
        closed ? 0 : index.records.size(),
        liveBytes.get(),
        diskBytes.get(),
        options.capacityBytes(),
        segments.size(),
        compactions.get(),
        corruptions.get());
  }

  @Override
  public boolean healthy() {
    return !closed && fatal == null;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    compactor.shutdown();
    try {
      compactor.awaitTermination(30, TimeUnit.SECONDS);
      Op stop = new Op.Stop();
      queue.add(stop);
      writer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutdownThreads();
    try {
      if (fatal == null && !writer.isAlive()) {
        active.channel.force(false);
        index.sync();
        index.writeCheckpoint(new ChronicleIndex.Checkpoint(active.id, active.end, true));
      }
    } catch (IOException e) {
      LOG.warn(
          "store {}: clean-close checkpoint failed ({}); next open replays", dir, e.toString());
    }
    closeFiles();
  }

  /**
   * After a sync of {@code s}: drops what it synced, but the last {@code keep} bytes, from the page
   * cache, unless the options keep every write cached.
   */
  private void release(Segment s, long keep) {
    if (options.writeCacheBytes() != StoreOptions.KEEP_ALL_WRITES_CACHED) {
      bytesReleased.addAndGet(s.releaseSynced(keep));
    }
  }

  private void shutdownThreads() {
    io.shutdown();
    hashing.shutdown();
    compactor.shutdownNow();
    try {
      io.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeFiles() {
    index.close();
    for (Segment s : segments.values()) {
      s.closeQuietly();
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel close below releases it too
    }
    closeQuietly(lockChannel);
  }

  // ---------------------------------------------------------------- writer thread

  private void writerLoop() {
    List<Op> batch = new ArrayList<>();
    int lastBatch = 0;
    while (true) {
      try {
        batch.clear();
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        long delay = options.groupCommitMaxDelay().toNanos();
        if (options.fsyncPolicy() == StoreOptions.FsyncPolicy.GROUP_COMMIT
            && lastBatch > 1
            && delay > 0) {
          long deadline = System.nanoTime() + delay;
          while (batch.size() < MAX_BATCH) {
            long left = deadline - System.nanoTime();
            Op more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (more == null) {
              break;
            }
            batch.add(more);
          }
        }
        lastBatch = batch.size();
        boolean stop = runBatch(batch);
        if (stop) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Per-batch view of index changes not yet published (ordered). */
  private final class Batch {
    final Map<ByteBuffer, Optional<Location>> pieces = new HashMap<>();
    final Map<ByteBuffer, Optional<Location>> records = new HashMap<>();
    final List<Runnable> publish = new ArrayList<>();
    boolean unsynced;
    boolean rolled;

    Location piece(byte[] key) {
      Optional<Location> o = pieces.get(ByteBuffer.wrap(key));
      return o != null ? o.orElse(null) : index.get(index.pieces, key);
    }

    Location record(byte[] key) {
      Optional<Location> o = records.get(ByteBuffer.wrap(key));
      return o != null ? o.orElse(null) : index.get(index.records, key);
    }

    void setPiece(byte[] key, Location loc) {
      pieces.put(ByteBuffer.wrap(key), Optional.ofNullable(loc));
      publish.add(() -> publish(index.pieces, key, loc));
    }

    void setRecord(byte[] key, Location loc) {
      records.put(ByteBuffer.wrap(key), Optional.ofNullable(loc));
      publish.add(() -> publish(index.records, key, loc));
    }

    <T> void complete(Op op, T value) {
      publish.add(() -> op.result.complete(value));
    }
  }

  private void publish(ChronicleMap<byte[], byte[]> map, byte[] key, Location loc) {
    byte[] old = loc == null ? map.remove(key) : map.put(key, loc.encode());
    if (old != null) {
      Location o = Location.decode(old);
      Segment s = segments.get(o.segmentId());
      if (s != null) {
        s.liveBytes.addAndGet(-o.recordSize());
      }
      liveBytes.addAndGet(-o.payloadLength());
    }
    if (loc != null) {
      Segment s = segments.get(loc.segmentId());
      if (s != null) {
        s.liveBytes.addAndGet(loc.recordSize());
      }
      liveBytes.addAndGet(loc.payloadLength());
    }
  }

  private boolean runBatch(List<Op> ops) {
    Batch b = new Batch();
    boolean stop = false;
    for (Op op : ops) {
      if (op instanceof Op.Stop) {
        stop = true;
        op.result.complete(null);
        continue;
      }
      if (fatal != null) {
        op.result.completeExceptionally(
            new StoreException("store stopped writing after an I/O failure: " + fatal, fatal));
        continue;
      }
      try {
        apply(op, b);
        if (b.unsynced && options.fsyncPolicy() == StoreOptions.FsyncPolicy.EVERY_WRITE) {
          active.channel.force(false);
          b.unsynced = false;
          release(active, options.writeCacheBytes());
        }
      } catch (StoreException | IllegalArgumentException e) {
        op.result.completeExceptionally(e);
      } catch (IOException | RuntimeException e) {
        fail(e);
        op.result.completeExceptionally(
            new StoreException("write failed; store stopped writing: " + e, e));
      }
    }
    if (fatal == null
        && b.unsynced
        && options.fsyncPolicy() == StoreOptions.FsyncPolicy.GROUP_COMMIT) {
      try {
        active.channel.force(false);
        release(active, options.writeCacheBytes());
      } catch (IOException e) {
        fail(e);
      }
    }
    if (fatal != null) {
      StoreException failure =
          new StoreException("store stopped writing after an I/O failure: " + fatal, fatal);
      for (Op op : ops) {
        op.result.completeExceptionally(failure);
      }
      return stop;
    }
    for (Runnable r : b.publish) {
      r.run();
    }
    if (b.rolled) {
      try {
        index.sync();
        index.writeCheckpoint(new ChronicleIndex.Checkpoint(active.id, active.end, false));
      } catch (IOException e) {
        LOG.warn("store {}: checkpoint failed ({}); the next open replays more", dir, e.toString());
      }
    }
    return stop;
  }

  private void fail(Throwable e) {
    if (fatal == null) {
      fatal = e;
      LOG.error("store {}: fatal I/O failure, writes stopped: {}", dir, e.toString());
    }
  }

  private void apply(Op op, Batch b) throws IOException {
    switch (op) {
      case Op.PutPiece p -> {
        try {
          if (!p.cid.isDone()
              && p.payload.size() >= PAYLOAD_FIRST_MIN_BYTES
              && options.fsyncPolicy() != StoreOptions.FsyncPolicy.NONE) {
            putPayloadFirst(p, b);
          } else {
            putPiece(p, cidOf(p), b);
          }
        } finally {
          p.payload.release();
        }
      }
      case Op.DeletePiece d -> {
        Location existing = b.piece(d.cid);
        if (existing == null) {
          b.complete(op, false);
          return;
        }
        appendTombstone(RecordFormat.PIECE_TOMBSTONE, existing.bucket(), d.cid, b);
        b.setPiece(d.cid, null);
        b.complete(op, true);
      }
      case Op.PutRecord r -> {
        RecordFormat.Header h =
            new RecordFormat.Header(
                RecordFormat.RECORD, r.bucket, r.value.length, r.storedAt, r.recordKey);
        RecordFormat.BlockChecksums crc = new RecordFormat.BlockChecksums();
        crc.update(ByteBuffer.wrap(r.value));
        Location loc = append(h, Payload.of(ByteBuffer.wrap(r.value)), crc.finish(), b);
        b.setRecord(recordIndexKey(r.bucket, r.recordKey), loc);
        b.complete(op, null);
      }
      case Op.DeleteRecord d -> {
        byte[] ikey = recordIndexKey(d.bucket, d.recordKey);
        if (b.record(ikey) == null) {
          b.complete(op, false);
          return;
        }
        appendTombstone(RecordFormat.RECORD_TOMBSTONE, d.bucket, d.recordKey, b);
        b.setRecord(ikey, null);
        b.complete(op, true);
      }
      case Op.Copy c -> copy(c, b);
      case Op.Retire r -> {
        Segment s = r.segment;
        if (s == active) {
          b.complete(op, false);
          return;
        }
        b.publish.add(
            () -> {
              segments.remove(s.id);
              diskBytes.addAndGet(-s.end);
              compactions.incrementAndGet();
              s.retire();
            });
        b.complete(op, true);
      }
      case Op.Stop s -> throw new IllegalStateException("handled by runBatch");
    }
  }

  private void putPiece(Op.PutPiece p, Cid cid, Batch b) throws IOException {
    Location existing = b.piece(cid.toBytes());
    if (existing != null) {
      b.complete(p, info(cid, existing));
      return;
    }
    RecordFormat.Header h =
        new RecordFormat.Header(
            RecordFormat.PIECE, p.bucket, p.payload.size(), p.storedAt, cid.toBytes());
    Location loc = append(h, p.payload, p.table, b);
    b.setPiece(h.key(), loc);
    b.complete(p, info(cid, loc));
  }

  /** The piece's CID, waiting for its hash; a failed hash fails this write only. */
  private static Cid cidOf(Op.PutPiece p) {
    try {
      return p.cid.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StoreException("hashing the piece failed: " + cause, cause);
    }
  }

  /**
   * Appends a large piece whose CID is still being hashed (spec §6, payload first): writes the
   * record with a zeroed header and, if the hash is still running then, starts the payload's
   * writeback (or, without {@link WriteBehind}, syncs it with every record before it in the batch)
   * while the hash finishes; then writes the header in place, and the batch's one sync makes the
   * record valid. Until the header is durable the record is an invalid header followed by no valid
   * one up to the end of the file: a torn tail, cut by recovery. Nothing is appended behind it
   * before its header is written. A piece that turns out to be stored already is cut off again.
   */
  private void putPayloadFirst(Op.PutPiece p, Batch b) throws IOException {
    int headerSize = RecordFormat.FIXED_HEADER + Cid.BINARY_LENGTH;
    long size = RecordFormat.recordSize(Cid.BINARY_LENGTH, p.payload.size());
    reserve(size, b);
    Segment s = active;
    long pos = s.end;
    try {
      long end = writeFully(s.channel, ByteBuffer.allocate(headerSize), pos);
      end = p.payload.writeTo(s.channel, end);
      end = writeFully(s.channel, p.table, end);
      if (end != pos + size) {
        throw new IllegalStateException("record size " + size + " but wrote " + (end - pos));
      }
      if (!p.cid.isDone()) {
        // The hash outlasted the write: let the disk take the payload while it finishes. The
        // writeback starts at the first page after the header, which is written again in step 2,
        // so the batch's one sync mostly waits for a transfer already under way. Without
        // sync_file_range, sync the payload now (a second, small sync follows for the header).
        long from = (pos + headerSize + PAGE - 1) & -PAGE;
        if (s.startWriteback(from, end)) {
          writebacksStarted.incrementAndGet();
        } else {
          s.channel.force(false);
          b.unsynced = false;
        }
      }
    } catch (IOException e) {
      undo(s, pos, e);
    }
    Cid cid;
    try {
      cid = cidOf(p);
    } catch (StoreException e) {
      s.channel.truncate(pos);
      throw e;
    }
    Location existing = b.piece(cid.toBytes());
    if (existing != null) {
      s.channel.truncate(pos);
      b.complete(p, info(cid, existing));
      return;
    }
    RecordFormat.Header h =
        new RecordFormat.Header(
            RecordFormat.PIECE, p.bucket, p.payload.size(), p.storedAt, cid.toBytes());
    try {
      writeFully(s.channel, RecordFormat.encodeHeader(h), pos);
    } catch (IOException e) {
      undo(s, pos, e);
    }
    s.end = pos + size;
    diskBytes.addAndGet(size);
    b.unsynced = true;
    payloadFirstAppends.incrementAndGet();
    Location loc =
        new Location(s.id, h.key().length, pos, h.payloadLength(), h.bucket(), h.storedAt());
    b.setPiece(h.key(), loc);
    b.complete(p, info(cid, loc));
  }

  private void appendTombstone(int type, long bucket, byte[] key, Batch b) throws IOException {
    RecordFormat.Header h = new RecordFormat.Header(type, bucket, 0, clock.millis(), key);
    append(h, Payload.of(ByteBuffer.allocate(0)), new RecordFormat.BlockChecksums().finish(), b);
  }

  /** Makes room for {@code size} bytes in the active segment; rolls if needed. */
  private void reserve(long size, Batch b) throws IOException {
    boolean roll =
        active.end + size > options.segmentSize() && active.end > RecordFormat.SEGMENT_HEADER_SIZE;
    long needed = size + (roll ? RecordFormat.SEGMENT_HEADER_SIZE : 0);
    if (diskBytes.get() + needed > options.capacityBytes()) {
      throw new CapacityExceededException(
          "capacity exceeded: "
              + diskBytes.get()
              + " + "
              + needed
              + " bytes > capacity "
              + options.capacityBytes());
    }
    long usable = fileStore.getUsableSpace();
    if (usable - needed < options.minFreeDiskBytes()) {
      throw new CapacityExceededException(
          "disk full: "
              + usable
              + " bytes usable, a write of "
              + needed
              + " bytes must leave "
              + options.minFreeDiskBytes());
    }
    if (roll) {
      active.channel.force(false);
      release(active, 0); // the segment rolled away from: all of it
      Segment next = Segment.create(segmentDir, active.id + 1, clock.millis());
      segments.put(next.id, next);
      diskBytes.addAndGet(RecordFormat.SEGMENT_HEADER_SIZE);
      active = next;
      b.rolled = true;
    }
  }

  private Location append(RecordFormat.Header h, Payload payload, ByteBuffer table, Batch b)
      throws IOException {
    long size = h.size();
    reserve(size, b);
    Segment s = active;
    long pos = s.end;
    try {
      long p = writeFully(s.channel, RecordFormat.encodeHeader(h), pos);
      p = payload.writeTo(s.channel, p);
      p = writeFully(s.channel, table, p);
      if (p != pos + size) {
        throw new IllegalStateException("record size " + size + " but wrote " + (p - pos));
      }
    } catch (IOException e) {
      undo(s, pos, e);
    }
    s.end = pos + size;
    diskBytes.addAndGet(size);
    b.unsynced = true;
    return new Location(s.id, h.key().length, pos, h.payloadLength(), h.bucket(), h.storedAt());
  }

  /** Cuts a partly written record; a full disk fails only this write, anything else is fatal. */
  private void undo(Segment s, long pos, IOException cause) throws IOException {
    s.channel.truncate(pos);
    String m = String.valueOf(cause.getMessage());
    if (m.contains("No space left") || m.contains("Disk quota")) {
      throw new CapacityExceededException("disk full while appending: " + m, cause);
    }
    throw cause;
  }

  static long writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
    ByteBuffer b = src.duplicate();
    long p = position;
    while (b.hasRemaining()) {
      p += ch.write(b, p);
    }
    return p;
  }

  private void copy(Op.Copy c, Batch b) throws IOException {
    RecordFormat.Header h = c.header;
    boolean piece = h.type() == RecordFormat.PIECE || h.type() == RecordFormat.PIECE_TOMBSTONE;
    byte[] ikey = piece ? h.key() : recordIndexKey(h.bucket(), h.key());
    Location current = piece ? b.piece(ikey) : b.record(ikey);
    boolean tombstone =
        h.type() == RecordFormat.PIECE_TOMBSTONE || h.type() == RecordFormat.RECORD_TOMBSTONE;
    if (tombstone) {
      // Keep a tombstone only while its key is deleted: it hides older copies in older segments.
      if (current != null) {
        b.complete(c, false);
        return;
      }
    } else if (current == null
        || current.segmentId() != c.from.id
        || current.recordOffset() != c.offset) {
      b.complete(c, false);
      return;
    }
    long size = h.size();
    reserve(size, b);
    Segment s = active;
    long pos = s.end;
    try {
      long done = 0;
      while (done < size) {
        done +=
            c.from.channel.transferTo(c.offset + done, size - done, s.channel.position(pos + done));
      }
    } catch (IOException e) {
      undo(s, pos, e);
    }
    s.end = pos + size;
    diskBytes.addAndGet(size);
    b.unsynced = true;
    if (!tombstone) {
      Location loc =
          new Location(s.id, h.key().length, pos, h.payloadLength(), h.bucket(), h.storedAt());
      if (piece) {
        b.setPiece(ikey, loc);
      } else {
        b.setRecord(ikey, loc);
      }
    }
    b.complete(c, true);
  }

  // ---------------------------------------------------------------- compaction (spec §7)

  private void compactDue() {
    try {
      compactNow(false);
    } catch (RuntimeException e) {
      LOG.warn("store {}: background compaction failed: {}", dir, e.toString());
    }
  }

  /**
   * Compacts every sealed segment whose garbage ratio reaches the threshold ({@code all}: every
   * sealed segment with any garbage). Runs on the calling thread; returns segments compacted.
   */
  int compactNow(boolean all) {
    int n = 0;
    for (Segment s : List.copyOf(segments.values())) {
      if (closed || fatal != null) {
        break;
      }
      if (s == active || s.deleted()) {
        continue;
      }
      long data = s.end - RecordFormat.SEGMENT_HEADER_SIZE;
      long garbage = data - s.liveBytes.get();
      boolean due =
          all
              ? garbage > 0 || data == 0
              : data == 0 || garbage >= options.compactionThreshold() * data;
      if (due) {
        compact(s);
        n++;
      }
    }
    return n;
  }

  private void compact(Segment s) {
    if (!s.acquire()) {
      return;
    }
    List<CompletableFuture<Object>> copies = new ArrayList<>();
    boolean oldest = segments.firstKey() == s.id;
    try {
      SegmentScanner scanner = new SegmentScanner(listener);
      SegmentScanner.Result r =
          scanner.scan(
              s,
              RecordFormat.SEGMENT_HEADER_SIZE,
              true,
              false,
              (seg, offset, h) -> {
                boolean tombstone =
                    h.type() == RecordFormat.PIECE_TOMBSTONE
                        || h.type() == RecordFormat.RECORD_TOMBSTONE;
                if (tombstone && oldest) {
                  return;
                }
                copies.add(submit(new Op.Copy(s, offset, h)));
              });
      if (r.stop() != SegmentScanner.Stop.END || r.badRecords() > 0) {
        // Keep the file for inspection; what was copied is simply a newer copy.
        LOG.warn(
            "store {}: segment {} not retired: {} bad records, scan stopped {} at {}",
            dir,
            s.id,
            r.badRecords(),
            r.stop(),
            r.end());
        for (CompletableFuture<Object> f : copies) {
          f.join();
        }
        return;
      }
      for (CompletableFuture<Object> f : copies) {
        f.join();
      }
      CompletableFuture<Object> retire = submit(new Op.Retire(s));
      retire.join();
    } catch (IOException e) {
      LOG.warn("store {}: compaction of segment {} failed: {}", dir, s.id, e.toString());
    } finally {
      s.release();
    }
  }

  /** Test hook: runs a compaction pass on the compactor thread and waits for it. */
  int compactAll() {
    try {
      return compactor.submit(() -> compactNow(true)).get();
    } catch (Exception e) {
      throw new StoreException("compaction failed: " + e, e);
    }
  }
}
