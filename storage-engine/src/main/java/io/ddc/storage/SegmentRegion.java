package io.ddc.storage;

import io.ddc.protocol.cid.Cid;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * A leased piece in a segment. Reads cover whole 64 KiB blocks so that each block's CRC32C can be
 * checked before any byte is returned (docs/spec/storage-format.md §4).
 *
 * <p>Read path: a range read into a direct buffer is one positional scatter read ({@code preadv2}
 * on the segment channel's descriptor): the range's bytes go straight into the caller's buffer, the
 * bytes of its first and last blocks outside the range into a per-thread direct scratch buffer, and
 * every block touched is then checked across both, so a read copies nothing twice and allocates
 * nothing (decision 0014). The areas are passed as raw addresses (the buffers kept reachable by
 * {@link Reference#reachabilityFence}), not as buffer slices, whose set-up made 4 KiB reads slower
 * than reading into the scratch buffer and copying. Otherwise (a heap buffer, or no descriptor)
 * whole blocks go into the scratch buffer (at most {@link #SCRATCH_BLOCKS} blocks per positional
 * read), are checked there, and only the requested bytes are copied out. A one-block piece is read
 * together with its table entry, which follows the payload. For larger pieces the block table is
 * read once per region, checked against its own CRC32C and kept.
 */
final class SegmentRegion implements PieceRegion {
  /** Blocks per positional read; an unaligned 64 KiB range touches two. */
  static final int SCRATCH_BLOCKS = 4;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Per-thread read state: the direct buffer blocks are read into, and a checksum. */
  private static final class Scratch {
    final ByteBuffer buffer =
        ByteBuffer.allocateDirect(SCRATCH_BLOCKS * RecordFormat.BLOCK_SIZE + 4)
            .order(ByteOrder.LITTLE_ENDIAN);
    final CRC32C crc = new CRC32C();

    /** The address of {@link #buffer}'s first byte. */
    final long address = MemorySegment.ofBuffer(buffer).address();

    /** The areas of one scatter read: address, length, … */
    final long[] parts = new long[2 * PageCacheReads.MAX_PARTS];
  }

  private final SegmentPieceStore store;
  private final Segment segment;
  private final Location loc;
  private final Cid cid;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The block table of a piece of more than one block, once read and checked. */
  private volatile int[] table;

  SegmentRegion(SegmentPieceStore store, Segment segment, Location loc, Cid cid) {
    this.store = store;
    this.segment = segment;
    this.loc = loc;
    this.cid = cid;
  }

  @Override
  public long size() {
    return loc.payloadLength();
  }

  @Override
  public Path file() {
    return segment.path;
  }

  @Override
  public long fileOffset() {
    return loc.payloadOffset();
  }

  @Override
  public FileChannel channel() {
    return segment.channel;
  }

  @Override
  public CompletableFuture<ByteBuffer> read(long offset, int length) {
    if (length < 0) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("negative length " + length));
    }
    return read(offset, ByteBuffer.allocateDirect(length)).thenApply(ByteBuffer::flip);
  }

  @Override
  public CompletableFuture<ByteBuffer> read(long offset, ByteBuffer dst) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new StoreClosedException("region is closed"));
    }
    int length = dst.remaining();
    try {
      checkRange(offset, length);
      if (dst.isReadOnly()) {
        throw new IllegalArgumentException("read-only destination buffer");
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (length == 0) {
      return CompletableFuture.completedFuture(dst);
    }
    int start = dst.position();
    if (length <= store.options().inlineReadMaxBytes()) {
      // Served from the page cache on the caller's thread if no byte needs the disk.
      try {
        if (readVerified(offset, dst, true)) {
          return CompletableFuture.completedFuture(dst);
        }
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return store.onIo(
        () -> {
          readVerified(offset, dst.position(start), false);
          return dst;
        });
  }

  @Override
  public void readFully(long offset, ByteBuffer dst) {
    checkRange(offset, dst.remaining());
    readVerified(offset, dst, false);
  }

  private void checkRange(long offset, int length) {
    long size = loc.payloadLength();
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " outside piece of " + size + " bytes");
    }
  }

  /**
   * Fills {@code dst} from {@code offset} with checked bytes. With {@code cachedOnly} nothing waits
   * for the disk: a read of more than one positional read, or of bytes the page cache lacks,
   * returns false with {@code dst} untouched.
   */
  private boolean readVerified(long offset, ByteBuffer dst, boolean cachedOnly) {
    if (closed.get()) {
      throw new StoreClosedException("region is closed");
    }
    if (!dst.hasRemaining()) {
      return true;
    }
    long size = loc.payloadLength();
    long end = offset + dst.remaining();
    int first = (int) (offset >>> RecordFormat.BLOCK_SHIFT);
    int last = (int) ((end - 1) >>> RecordFormat.BLOCK_SHIFT);
    if (cachedOnly && last - first >= SCRATCH_BLOCKS) {
      return false;
    }
    Scratch scratch = SCRATCH.get();
    ByteBuffer buf = scratch.buffer;
    try {
      int[] blockTable = RecordFormat.blocks(size) == 1 ? null : table(cachedOnly);
      if (blockTable == NOT_CACHED) {
        return false;
      }
      if (dst.isDirect() && segment.scatterReads()) {
        Boolean done = readDirect(offset, dst, blockTable, scratch, cachedOnly);
        if (done != null) {
          return done;
        }
      }
      for (int b = first; b <= last; b += SCRATCH_BLOCKS) {
        int group = Math.min(SCRATCH_BLOCKS, last - b + 1);
        long from = (long) b << RecordFormat.BLOCK_SHIFT;
        int n = (int) (Math.min(size, (long) (b + group) << RecordFormat.BLOCK_SHIFT) - from);
        // A one-block piece: its table entry directly follows the payload; read both at once.
        buf.clear().limit(blockTable == null ? n + 4 : n);
        if (!cachedOnly) {
          segment.readFully(buf, loc.payloadOffset() + from);
        } else if (!segment.readCached(buf, loc.payloadOffset() + from)) {
          return false;
        }
        int lastEntry = blockTable == null ? buf.getInt(n) : 0;
        for (int i = 0; i < group; i++) {
          int start = i << RecordFormat.BLOCK_SHIFT;
          int stop = Math.min(n, start + RecordFormat.BLOCK_SIZE);
          scratch.crc.reset();
          scratch.crc.update(buf.clear().position(start).limit(stop));
          int expected = blockTable == null ? lastEntry : blockTable[b + i];
          if ((int) scratch.crc.getValue() != expected) {
            throw store.corrupt(
                segment,
                loc.recordOffset(),
                "piece " + cid + " block " + (b + i) + " fails its CRC32C");
          }
        }
        long copyFrom = Math.max(from, offset);
        long copyTo = Math.min(from + n, end);
        dst.put(buf.clear().position((int) (copyFrom - from)).limit((int) (copyTo - from)));
      }
      return true;
    } catch (ClosedChannelException e) {
      throw new StoreClosedException("store is closed; the read of piece " + cid + " stopped");
    } catch (IOException e) {
      throw new StoreException("read of piece " + cid + " failed: " + e, e);
    }
  }

  /**
   * Reads the range straight into {@code dst} (direct) in one positional scatter read: the bytes of
   * the first and last blocks outside the range go to the scratch buffer, so that every block
   * touched is read whole and checked, without copying the range's bytes a second time. True if
   * done; false (cachedOnly) if a byte would need the disk, with {@code dst}'s position unchanged;
   * null if the scatter read failed otherwise (the caller falls back to the channel). On a checksum
   * failure {@code dst} keeps the bytes of the blocks before the bad one (its position advanced
   * over them) and the rest of the range in it is zeroed.
   */
  private Boolean readDirect(
      long offset, ByteBuffer dst, int[] blockTable, Scratch scratch, boolean cachedOnly) {
    long size = loc.payloadLength();
    int length = dst.remaining();
    long end = offset + length;
    int first = (int) (offset >>> RecordFormat.BLOCK_SHIFT);
    int last = (int) ((end - 1) >>> RecordFormat.BLOCK_SHIFT);
    long from = (long) first << RecordFormat.BLOCK_SHIFT;
    long to = Math.min(size, (long) (last + 1) << RecordFormat.BLOCK_SHIFT);
    int head = (int) (offset - from);
    int tail = (int) (to - end);
    // A one-block piece: its table entry directly follows the payload; read it with the tail.
    int extra = blockTable == null ? 4 : 0;
    ByteBuffer buf = scratch.buffer;
    long[] parts = scratch.parts;
    int count = 0;
    if (head > 0) {
      parts[2 * count] = scratch.address;
      parts[2 * count++ + 1] = head;
    }
    int start = dst.position();
    parts[2 * count] = MemorySegment.ofBuffer(dst).address();
    parts[2 * count++ + 1] = length;
    if (tail + extra > 0) {
      parts[2 * count] = scratch.address + head;
      parts[2 * count++ + 1] = tail + extra;
    }
    boolean read = segment.readInto(parts, count, loc.payloadOffset() + from, cachedOnly);
    Reference.reachabilityFence(dst);
    if (!read) {
      return cachedOnly ? Boolean.FALSE : null;
    }
    int lastEntry = blockTable == null ? buf.clear().getInt(head + tail) : 0;
    for (int b = first; b <= last; b++) {
      long bs = (long) b << RecordFormat.BLOCK_SHIFT;
      long be = Math.min(size, bs + RecordFormat.BLOCK_SIZE);
      CRC32C crc = scratch.crc;
      crc.reset();
      if (bs < offset) {
        crc.update(buf.clear().position((int) (bs - from)).limit(head));
      }
      long lo = Math.max(bs, offset);
      long hi = Math.min(be, end);
      crc.update(
          dst.duplicate().limit(start + (int) (hi - offset)).position(start + (int) (lo - offset)));
      if (be > end) {
        crc.update(buf.clear().position(head).limit(head + (int) (be - end)));
      }
      int expected = blockTable == null ? lastEntry : blockTable[b];
      if ((int) crc.getValue() != expected) {
        int good = (int) (lo - offset);
        dst.position(start + good);
        for (int i = start + good; i < start + length; i++) {
          dst.put(i, (byte) 0);
        }
        throw store.corrupt(
            segment, loc.recordOffset(), "piece " + cid + " block " + b + " fails its CRC32C");
      }
    }
    dst.position(start + length);
    return Boolean.TRUE;
  }

  /** Returned by {@link #table(boolean)} when the table would need the disk. */
  private static final int[] NOT_CACHED = new int[0];

  /**
   * The piece's block table, read and checked against its CRC32C on first use; with {@code
   * cachedOnly} {@link #NOT_CACHED} if reading it would need the disk.
   */
  private int[] table(boolean cachedOnly) throws IOException {
    int[] t = table;
    if (t != null) {
      return t;
    }
    int blocks = RecordFormat.blocks(loc.payloadLength());
    long at = loc.payloadOffset() + loc.payloadLength();
    ByteBuffer raw;
    if (cachedOnly) {
      raw = ByteBuffer.allocateDirect(4 * blocks + 4).order(ByteOrder.LITTLE_ENDIAN);
      if (!segment.readCached(raw, at)) {
        return NOT_CACHED;
      }
    } else {
      raw = RecordFormat.le(4 * blocks + 4);
      segment.readFully(raw, at);
    }
    raw.flip();
    if (RecordFormat.crc(raw.slice(0, 4 * blocks)) != raw.getInt(4 * blocks)) {
      throw store.corrupt(
          segment, loc.recordOffset(), "piece " + cid + ": block table fails its CRC32C");
    }
    t = new int[blocks];
    for (int i = 0; i < blocks; i++) {
      t[i] = raw.getInt(4 * i);
    }
    table = t;
    return t;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      segment.release();
    }
  }
}
