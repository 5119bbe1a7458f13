package io.ddc.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Settings of a {@link PieceStore}. Fluent setters validate at once and name the bad value; {@link
 * PieceStore#openOrRecover} copies the options, so later changes do not affect an open store.
 */
public final class StoreOptions {

  /** When segment writes are forced to disk. */
  public enum FsyncPolicy {
    /**
     * Writes that arrive while a sync runs join the next one (one {@code fdatasync} for the batch);
     * a batch waits at most {@link #groupCommitMaxDelay()} for company. Acknowledged writes are
     * durable.
     */
    GROUP_COMMIT,
    /** One sync per write: durable, slowest under concurrency. */
    EVERY_WRITE,
    /**
     * Never sync: a process crash loses nothing (page cache), a power loss may lose acknowledged
     * writes. For tests and benchmarks that measure something else.
     */
    NONE
  }

  /** How segment files are read and written (docs/decisions/0010-io-engine.md). */
  public enum IoEngine {
    /** The measured-faster engine available at run time: {@link #FILE_CHANNEL} today. */
    AUTO,
    /** io_uring; falls back to {@link #FILE_CHANNEL} with one log line when unavailable. */
    IO_URING,
    /** {@code FileChannel} positional I/O with direct buffers. */
    FILE_CHANNEL
  }

  /** Default maximum size of one segment file: 1 GiB. */
  public static final long DEFAULT_SEGMENT_SIZE = 1L << 30;

  /** Default capacity: unlimited ({@link Long#MAX_VALUE} bytes). */
  public static final long DEFAULT_CAPACITY_BYTES = Long.MAX_VALUE;

  /** Default fsync policy: {@link FsyncPolicy#GROUP_COMMIT}. */
  public static final FsyncPolicy DEFAULT_FSYNC_POLICY = FsyncPolicy.GROUP_COMMIT;

  /** Default longest wait of a group commit for more writes: 2 ms. */
  public static final Duration DEFAULT_GROUP_COMMIT_MAX_DELAY = Duration.ofMillis(2);

  /** Default I/O engine: {@link IoEngine#AUTO}. */
  public static final IoEngine DEFAULT_IO_ENGINE = IoEngine.AUTO;

  /** Default garbage ratio of a sealed segment that makes it due for compaction: 0.5. */
  public static final double DEFAULT_COMPACTION_THRESHOLD = 0.5;

  /** Default period of the background compaction check: 10 s. */
  public static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofSeconds(10);

  /** Default number of I/O threads that run reads, staging and index lookups: 4. */
  public static final int DEFAULT_IO_THREADS = 4;

  /** Default largest piece: 128 MiB (the node protocol's limit). */
  public static final long DEFAULT_MAX_PIECE_BYTES = 128L << 20;

  /** Default largest small-record value: 1 MiB. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  /** Default off-heap bytes a piece writer buffers before spilling to a staging file: 4 MiB. */
  public static final int DEFAULT_STAGING_MEMORY_BYTES = 4 << 20;

  /**
   * Default largest {@code PieceRegion.read} that completes on the caller's thread when the page
   * cache holds every byte it needs: 64 KiB.
   */
  public static final int DEFAULT_INLINE_READ_MAX_BYTES = 64 << 10;

  /**
   * Default largest chunk a piece writer hashes on the caller's thread, right after staging it: 64
   * KiB (network-sized chunks).
   */
  public static final int DEFAULT_INLINE_HASH_MAX_BYTES = 64 << 10;

  /**
   * Default synced bytes at the end of the active segment that stay in the page cache, older
   * appends being dropped: 64 MiB.
   */
  public static final long DEFAULT_WRITE_CACHE_BYTES = 64L << 20;

  /** {@link #writeCacheBytes(long)} value that keeps every written page cached. */
  public static final long KEEP_ALL_WRITES_CACHED = Long.MAX_VALUE;

  /** Default number of index entries the Chronicle Map files are sized for: 1 000 000. */
  public static final long DEFAULT_INDEX_ENTRIES = 1_000_000;

  /** Default disk space a write must leave free on the file system: 64 MiB. */
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 64L << 20;

  private long segmentSize = DEFAULT_SEGMENT_SIZE;
  private long capacityBytes = DEFAULT_CAPACITY_BYTES;
  private FsyncPolicy fsyncPolicy = DEFAULT_FSYNC_POLICY;
  private Duration groupCommitMaxDelay = DEFAULT_GROUP_COMMIT_MAX_DELAY;
  private IoEngine ioEngine = DEFAULT_IO_ENGINE;
  private double compactionThreshold = DEFAULT_COMPACTION_THRESHOLD;
  private Duration compactionInterval = DEFAULT_COMPACTION_INTERVAL;
  private int ioThreads = DEFAULT_IO_THREADS;
  private long maxPieceBytes = DEFAULT_MAX_PIECE_BYTES;
  private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
  private int stagingMemoryBytes = DEFAULT_STAGING_MEMORY_BYTES;
  private int inlineReadMaxBytes = DEFAULT_INLINE_READ_MAX_BYTES;
  private int inlineHashMaxBytes = DEFAULT_INLINE_HASH_MAX_BYTES;
  private long writeCacheBytes = DEFAULT_WRITE_CACHE_BYTES;
  private long indexEntries = DEFAULT_INDEX_ENTRIES;
  private long minFreeDiskBytes = DEFAULT_MIN_FREE_DISK_BYTES;

  /** Options with every default. */
  public StoreOptions() {}

  /** A copy of {@code other}. */
  public StoreOptions(StoreOptions other) {
    this.segmentSize = other.segmentSize;
    this.capacityBytes = other.capacityBytes;
    this.fsyncPolicy = other.fsyncPolicy;
    this.groupCommitMaxDelay = other.groupCommitMaxDelay;
    this.ioEngine = other.ioEngine;
    this.compactionThreshold = other.compactionThreshold;
    this.compactionInterval = other.compactionInterval;
    this.ioThreads = other.ioThreads;
    this.maxPieceBytes = other.maxPieceBytes;
    this.maxRecordBytes = other.maxRecordBytes;
    this.stagingMemoryBytes = other.stagingMemoryBytes;
    this.inlineReadMaxBytes = other.inlineReadMaxBytes;
    this.inlineHashMaxBytes = other.inlineHashMaxBytes;
    this.writeCacheBytes = other.writeCacheBytes;
    this.indexEntries = other.indexEntries;
    this.minFreeDiskBytes = other.minFreeDiskBytes;
  }

  private static int within(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be within " + min + ".." + max + ", " + value + " given");
    }
    return value;
  }

  private static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", " + value + " given");
    }
    return value;
  }

  /** Maximum size of a segment file in bytes (a larger single record gets a segment alone). */
  public long segmentSize() {
    return segmentSize;
  }

  /** Sets {@link #segmentSize()}; at least 4096. */
  public StoreOptions segmentSize(long bytes) {
    this.segmentSize = atLeast("segmentSize", bytes, 4096);
    return this;
  }

  /** Upper bound of the bytes of all segment files. */
  public long capacityBytes() {
    return capacityBytes;
  }

  /** Sets {@link #capacityBytes()}; at least 4096. */
  public StoreOptions capacityBytes(long bytes) {
    this.capacityBytes = atLeast("capacityBytes", bytes, 4096);
    return this;
  }

  /** The fsync policy. */
  public FsyncPolicy fsyncPolicy() {
    return fsyncPolicy;
  }

  /** Sets {@link #fsyncPolicy()}. */
  public StoreOptions fsyncPolicy(FsyncPolicy policy) {
    this.fsyncPolicy = Objects.requireNonNull(policy, "fsyncPolicy");
    return this;
  }

  /** Longest time a group commit waits for more writes to join it. */
  public Duration groupCommitMaxDelay() {
    return groupCommitMaxDelay;
  }

  /** Sets {@link #groupCommitMaxDelay()}; zero to never wait, at most 1 s. */
  public StoreOptions groupCommitMaxDelay(Duration delay) {
    Objects.requireNonNull(delay, "groupCommitMaxDelay");
    if (delay.isNegative() || delay.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "groupCommitMaxDelay must be within 0..1s, " + delay + " given");
    }
    this.groupCommitMaxDelay = delay;
    return this;
  }

  /** The I/O engine. */
  public IoEngine ioEngine() {
    return ioEngine;
  }

  /** Sets {@link #ioEngine()}. */
  public StoreOptions ioEngine(IoEngine engine) {
    this.ioEngine = Objects.requireNonNull(engine, "ioEngine");
    return this;
  }

  /** Garbage ratio (0..1) at which a sealed segment is compacted. */
  public double compactionThreshold() {
    return compactionThreshold;
  }

  /** Sets {@link #compactionThreshold()}; within (0, 1]. */
  public StoreOptions compactionThreshold(double ratio) {
    if (!(ratio > 0 && ratio <= 1)) {
      throw new IllegalArgumentException(
          "compactionThreshold must be within (0, 1], " + ratio + " given");
    }
    this.compactionThreshold = ratio;
    return this;
  }

  /** Period of the background compaction check. */
  public Duration compactionInterval() {
    return compactionInterval;
  }

  /** Sets {@link #compactionInterval()}; positive. */
  public StoreOptions compactionInterval(Duration interval) {
    Objects.requireNonNull(interval, "compactionInterval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "compactionInterval must be positive, " + interval + " given");
    }
    this.compactionInterval = interval;
    return this;
  }

  /** Number of I/O threads. */
  public int ioThreads() {
    return ioThreads;
  }

  /** Sets {@link #ioThreads()}; 1..256. */
  public StoreOptions ioThreads(int threads) {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("ioThreads must be within 1..256, " + threads + " given");
    }
    this.ioThreads = threads;
    return this;
  }

  /** Largest piece in bytes. */
  public long maxPieceBytes() {
    return maxPieceBytes;
  }

  /** Sets {@link #maxPieceBytes()}; at least 1. */
  public StoreOptions maxPieceBytes(long bytes) {
    this.maxPieceBytes = atLeast("maxPieceBytes", bytes, 1);
    return this;
  }

  /** Largest small-record value in bytes. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** Sets {@link #maxRecordBytes()}; 1..16 MiB. */
  public StoreOptions maxRecordBytes(int bytes) {
    this.maxRecordBytes = within("maxRecordBytes", bytes, 1, (16 << 20));
    return this;
  }

  /** Fails a record value longer than {@link #maxRecordBytes()} (shared by implementations). */
  CompletableFuture<Void> rejectOversizedRecord(int length) {
    if (length <= maxRecordBytes) {
      return null;
    }
    return CompletableFuture.failedFuture(
        new IllegalArgumentException(
            "record value of " + length + " bytes exceeds maxRecordBytes " + maxRecordBytes));
  }

  /** Off-heap bytes a piece writer holds before spilling to a staging file. */
  public int stagingMemoryBytes() {
    return stagingMemoryBytes;
  }

  /** Sets {@link #stagingMemoryBytes()}; 4 KiB..256 MiB. */
  public StoreOptions stagingMemoryBytes(int bytes) {
    this.stagingMemoryBytes = within("stagingMemoryBytes", bytes, 4096, (256 << 20));
    return this;
  }

  /**
   * Largest {@code PieceRegion.read} served on the caller's thread: such a read first tries a
   * positional read that never waits for the disk ({@code preadv2} with {@code RWF_NOWAIT}) and
   * completes before returning if the page cache held every byte; otherwise, and for larger reads,
   * it runs on an I/O thread. Safe for event loops (no disk wait, no lock). 0 turns it off.
   */
  public int inlineReadMaxBytes() {
    return inlineReadMaxBytes;
  }

  /** Sets {@link #inlineReadMaxBytes()}; 0..256 KiB (the reads of one scratch buffer). */
  public StoreOptions inlineReadMaxBytes(int bytes) {
    this.inlineReadMaxBytes = within("inlineReadMaxBytes", bytes, 0, (256 << 10));
    return this;
  }

  /**
   * Largest chunk of a piece that its writer hashes (BLAKE3) on the caller's thread, right after
   * copying it into memory staging while its bytes are still in the CPU's caches, provided every
   * byte before it is hashed already. A piece streamed in network-sized chunks then never waits
   * for, or wakes, a hashing thread. Larger chunks, chunks behind a queued hash and chunks that
   * spill to a staging file are hashed as before: by the store's hashing threads, one task per 256
   * KiB staged. The caller's thread spends about 20 µs on a 64 KiB chunk. 0 turns it off.
   */
  public int inlineHashMaxBytes() {
    return inlineHashMaxBytes;
  }

  /** Sets {@link #inlineHashMaxBytes()}; 0..1 MiB. */
  public StoreOptions inlineHashMaxBytes(int bytes) {
    this.inlineHashMaxBytes = within("inlineHashMaxBytes", bytes, 0, (1 << 20));
    return this;
  }

  /**
   * How many of the most recently synced bytes of the active segment the writer leaves in the page
   * cache; after each sync it drops older appends ({@code posix_fadvise(POSIX_FADV_DONTNEED)},
   * decision 0016), and a segment it rolls away from entirely. Left cached, written pages fill
   * memory, and then every write first waits for the kernel to reclaim a page, which on a
   * write-heavy node costs more CPU than the write. The most recent appends stay cached because
   * they are the ones read back at once (replica pushes, a client reading what it stored); older
   * pieces come from the disk on their first read, as they would once reclaimed. {@link
   * #KEEP_ALL_WRITES_CACHED} turns dropping off. No effect with {@link FsyncPolicy#NONE} or where
   * the call is unavailable.
   */
  public long writeCacheBytes() {
    return writeCacheBytes;
  }

  /** Sets {@link #writeCacheBytes()}; at least 0. */
  public StoreOptions writeCacheBytes(long bytes) {
    this.writeCacheBytes = atLeast("writeCacheBytes", bytes, 0);
    return this;
  }

  /** Number of entries the index files are sized for (Chronicle Map may grow 10x beyond). */
  public long indexEntries() {
    return indexEntries;
  }

  /** Sets {@link #indexEntries()}; at least 1000. Only used when an index file is created. */
  public StoreOptions indexEntries(long entries) {
    this.indexEntries = atLeast("indexEntries", entries, 1000);
    return this;
  }

  /** Disk space that must stay free after a write. */
  public long minFreeDiskBytes() {
    return minFreeDiskBytes;
  }

  /** Sets {@link #minFreeDiskBytes()}; at least 0. */
  public StoreOptions minFreeDiskBytes(long bytes) {
    this.minFreeDiskBytes = atLeast("minFreeDiskBytes", bytes, 0);
    return this;
  }

  /** The effective settings as {@code ddc.storage.*} keys, one per line. */
  @Override
  public String toString() {
    return String.join(
        "\n",
        "ddc.storage.segment.max-size = " + segmentSize + "B",
        "ddc.storage.capacity = "
            + (capacityBytes == Long.MAX_VALUE ? "unlimited" : capacityBytes + "B"),
        "ddc.storage.fsync.policy = " + fsyncPolicy,
        "ddc.storage.fsync.group-commit-max-delay = " + groupCommitMaxDelay.toMillis() + "ms",
        "ddc.storage.io.engine = " + ioEngine,
        "ddc.storage.io.threads = " + ioThreads,
        "ddc.storage.compaction.threshold = " + compactionThreshold,
        "ddc.storage.compaction.interval = " + compactionInterval.toMillis() + "ms",
        "ddc.storage.piece.max-size = " + maxPieceBytes + "B",
        "ddc.storage.record.max-size = " + maxRecordBytes + "B",
        "ddc.storage.staging.memory = " + stagingMemoryBytes + "B",
        "ddc.storage.read.inline-max-size = " + inlineReadMaxBytes + "B",
        "ddc.storage.write.inline-hash-max-size = " + inlineHashMaxBytes + "B",
        "ddc.storage.write.cached = "
            + (writeCacheBytes == KEEP_ALL_WRITES_CACHED ? "all" : writeCacheBytes + "B"),
        "ddc.storage.index.entries = " + indexEntries,
        "ddc.storage.disk.min-free = " + minFreeDiskBytes + "B");
  }
}
