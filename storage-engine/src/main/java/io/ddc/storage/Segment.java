package io.ddc.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One segment file. Concurrency: only the writer thread appends (and moves {@link #end}); readers
 * use positional reads on the shared channel. Leases: a reader {@link #acquire()}s before using the
 * file and {@link #release()}s after; a {@link #retire() retired} segment is closed and deleted
 * when its last lease is released, so a leased file is never deleted under a reader.
 */
final class Segment {
  final long id;
  final Path path;
  final FileChannel channel;

  /** End of valid data (the next append position). */
  volatile long end;

  /** Bytes of records that the index points at. */
  final AtomicLong liveBytes = new AtomicLong();

  /** Number of leases; -1 once deleted. */
  private final AtomicInteger leases = new AtomicInteger();

  private volatile boolean retired;

  /** The channel's descriptor for non-blocking page-cache reads, or -1. */
  private final int fd;

  /** Reads running on {@link #fd}; {@link #CLOSING} is added once the channel closes. */
  private final AtomicInteger cachedReads = new AtomicInteger();

  private final AtomicBoolean closing = new AtomicBoolean();
  private static final int CLOSING = Integer.MIN_VALUE / 2;

  private Segment(long id, Path path, FileChannel channel, long end) {
    this.id = id;
    this.path = path;
    this.channel = channel;
    this.end = end;
    this.releasedUpTo = end;
    this.fd = PageCacheReads.descriptor(channel);
  }

  static Segment open(Path path, long id) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new Segment(id, path, ch, ch.size());
  }

  static Segment create(Path dir, long id, long nowMillis) throws IOException {
    Path path = dir.resolve(SegmentFiles.name(id));
    FileChannel ch =
        FileChannel.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      ByteBuffer h = RecordFormat.segmentHeader(id, nowMillis);
      while (h.hasRemaining()) {
        ch.write(h, h.position());
      }
      ch.force(true);
      SegmentFiles.syncDirectory(dir);
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(path);
      throw e;
    }
    return new Segment(id, path, ch, RecordFormat.SEGMENT_HEADER_SIZE);
  }

  /** Reads exactly {@code dst.remaining()} bytes at {@code position}; EOF is an IOException. */
  void readFully(ByteBuffer dst, long position) throws IOException {
    long p = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, p);
      if (n < 0) {
        throw new IOException(
            "segment " + id + ": unexpected end of file at " + p + " (" + path + ")");
      }
      p += n;
    }
  }

  /**
   * Fills {@code dst} (direct) from {@code position} if the page cache holds all of it, without
   * waiting for the disk; false (nothing read) otherwise, or if the channel is closing.
   */
  boolean readCached(ByteBuffer dst, long position) {
    if (!enterRead()) {
      return false;
    }
    try {
      return PageCacheReads.readCached(fd, dst, position);
    } finally {
      cachedReads.decrementAndGet();
    }
  }

  /** True if {@link #readInto} can be used on this segment. */
  boolean scatterReads() {
    return fd >= 0;
  }

  /**
   * One positional scatter read into {@code count} memory areas on the channel's descriptor (see
   * {@link PageCacheReads#read(int, long[], int, long, boolean)}); with {@code nowait} it never
   * waits for the disk. False if not every byte was read (then the areas may be partly written), or
   * if the channel is closing.
   */
  boolean readInto(long[] parts, int count, long position, boolean nowait) {
    if (!enterRead()) {
      return false;
    }
    try {
      return PageCacheReads.read(fd, parts, count, position, nowait);
    } finally {
      cachedReads.decrementAndGet();
    }
  }

  /** Registers a read on {@link #fd}; false (nothing to undo) if there is no usable descriptor. */
  private boolean enterRead() {
    if (fd < 0) {
      return false;
    }
    if (cachedReads.incrementAndGet() < 0 || !channel.isOpen()) {
      cachedReads.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Least range {@link #releaseSynced} advises while it keeps a window: 1 MiB. */
  static final long RELEASE_STEP = 1 << 20;

  /** Start of the synced range not yet dropped from the page cache; writer thread only. */
  private long releasedUpTo;

  /**
   * Drops the synced bytes before the last {@code keep} from the page cache ({@link
   * WriteBehind#release}): the caller has just synced everything up to {@link #end}. With a window
   * ({@code keep > 0}) it waits until at least {@link #RELEASE_STEP} bytes can go. Writer thread
   * only. Returns the bytes newly advised (0 when none or when the call is unavailable).
   */
  long releaseSynced(long keep) {
    long to = end - Math.min(keep, end);
    long from = releasedUpTo;
    if (keep > 0 && to - from < RELEASE_STEP) {
      return 0; // small writes: one call per RELEASE_STEP bytes rather than one per sync
    }
    // From the start of its page: the kernel keeps partial pages, so the page `from` falls in was
    // kept by the last call.
    if (to <= from
        || !channel.isOpen()
        || !WriteBehind.release(fd, from & -SegmentPieceStore.PAGE, to)) {
      return 0;
    }
    releasedUpTo = to;
    return to - from;
  }

  /**
   * Starts the writeback of {@code [from, to)} without waiting ({@link WriteBehind}); writer thread
   * only. False if that is unavailable: the next sync writes the range anyway.
   */
  boolean startWriteback(long from, long to) {
    return channel.isOpen() && WriteBehind.start(fd, from, to);
  }

  /**
   * Closes the channel once no read uses its descriptor (a page-cache read never blocks; a blocking
   * one waits for at most one disk read, and only a store close can meet a leased segment's read).
   */
  private void closeChannel() throws IOException {
    if (closing.compareAndSet(false, true)) {
      cachedReads.addAndGet(CLOSING);
      while (cachedReads.get() != CLOSING) {
        Thread.yield();
      }
    }
    channel.close();
  }

  /** Takes a lease; false if the segment is already deleted. */
  boolean acquire() {
    while (true) {
      int n = leases.get();
      if (n < 0) {
        return false;
      }
      if (leases.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (leases.decrementAndGet() == 0 && retired) {
      tryDelete();
    }
  }

  /** Marks the segment for deletion once no lease is held. */
  void retire() {
    retired = true;
    tryDelete();
  }

  boolean deleted() {
    return leases.get() < 0;
  }

  private void tryDelete() {
    if (leases.compareAndSet(0, -1)) {
      try {
        closeChannel();
        Files.deleteIfExists(path);
        SegmentFiles.syncDirectory(path.getParent());
      } catch (IOException e) {
        // The file stays; recovery finds nothing indexed in it and compaction retries.
        SegmentPieceStore.LOG.warn("segment {}: delete failed: {}", id, e.toString());
      }
    }
  }

  void closeQuietly() {
    try {
      closeChannel();
    } catch (IOException e) {
      SegmentPieceStore.LOG.warn("segment {}: close failed: {}", id, e.toString());
    }
  }
}
