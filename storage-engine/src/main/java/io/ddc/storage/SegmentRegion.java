package io.ddc.storage;

import io.ddc.protocol.cid.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * A leased piece in a segment. Reads cover whole 64 KiB blocks so that each block's CRC32C can be
 * checked before any byte is returned (docs/spec/storage-format.md §4).
 */
final class SegmentRegion implements PieceRegion {
  private final SegmentPieceStore store;
  private final Segment segment;
  private final Location loc;
  private final Cid cid;
  private final AtomicBoolean closed = new AtomicBoolean();

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
  public CompletableFuture<ByteBuffer> read(long offset, int length) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new StoreClosedException("region is closed"));
    }
    long size = loc.payloadLength();
    if (offset < 0 || length < 0 || offset + length > size) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "range " + offset + "+" + length + " outside piece of " + size + " bytes"));
    }
    if (length == 0) {
      return CompletableFuture.completedFuture(ByteBuffer.allocateDirect(0));
    }
    return store.onIo(() -> readVerified(offset, length));
  }

  private ByteBuffer readVerified(long offset, int length) {
    if (closed.get()) {
      throw new StoreClosedException("region is closed");
    }
    long size = loc.payloadLength();
    int first = (int) (offset >>> RecordFormat.BLOCK_SHIFT);
    int last = (int) ((offset + length - 1) >>> RecordFormat.BLOCK_SHIFT);
    long from = (long) first << RecordFormat.BLOCK_SHIFT;
    long to = Math.min(size, ((long) last + 1) << RecordFormat.BLOCK_SHIFT);
    int blocks = last - first + 1;
    long tableAt = loc.payloadOffset() + size;
    try {
      ByteBuffer data;
      ByteBuffer table;
      if (first == 0 && to == size) {
        // The table follows the payload: one read for both.
        ByteBuffer all =
            ByteBuffer.allocateDirect((int) (to - from) + 4 * blocks)
                .order(ByteOrder.LITTLE_ENDIAN);
        segment.readFully(all, loc.payloadOffset());
        all.flip();
        data = all.slice(0, (int) (to - from));
        table = all.slice((int) (to - from), 4 * blocks).order(ByteOrder.LITTLE_ENDIAN);
      } else {
        data = ByteBuffer.allocateDirect((int) (to - from));
        segment.readFully(data, loc.payloadOffset() + from);
        data.flip();
        table = ByteBuffer.allocate(4 * blocks).order(ByteOrder.LITTLE_ENDIAN);
        segment.readFully(table, tableAt + 4L * first);
        table.flip();
      }
      CRC32C crc = new CRC32C();
      for (int i = 0; i < blocks; i++) {
        int start = i << RecordFormat.BLOCK_SHIFT;
        int end = (int) Math.min(data.limit(), (long) start + RecordFormat.BLOCK_SIZE);
        crc.reset();
        crc.update(data.slice(start, end - start));
        if ((int) crc.getValue() != table.getInt(4 * i)) {
          throw store.corrupt(
              segment,
              loc.recordOffset(),
              "piece " + cid + " block " + (first + i) + " fails its CRC32C");
        }
      }
      return data.slice((int) (offset - from), length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      segment.release();
    }
  }
}
