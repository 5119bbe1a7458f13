package io.ddc.storage;

import io.ddc.storage.CorruptionListener.Corruption;
import io.ddc.storage.CorruptionListener.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Reads records of a segment in order and checks them (docs/spec/storage-format.md §6). Used by
 * recovery (replay and rebuild) and compaction. Not thread-safe: one scanner per thread.
 */
final class SegmentScanner {

  /** Receives each valid record. */
  interface Visitor {
    void record(Segment segment, long offset, RecordFormat.Header header);
  }

  /** Result of a scan. */
  enum Stop {
    /** Every byte up to the file end was a valid record. */
    END,
    /** Bytes after the returned position were not a complete record (cut if the tail). */
    TORN,
    /** A damaged header in the middle: the rest of the segment cannot be parsed. */
    UNREADABLE
  }

  record Result(long end, Stop stop, int badRecords) {}

  private final ByteBuffer block =
      ByteBuffer.allocateDirect(RecordFormat.BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  private final CorruptionListener listener;

  SegmentScanner(CorruptionListener listener) {
    this.listener = listener;
  }

  /**
   * Scans from {@code from} to the end of the file. With {@code verify} every payload block is
   * checked against its CRC32C; a record that fails is reported as {@link Kind#BAD_CHECKSUM} and
   * skipped (not visited). With {@code tail} (the last segment) a bad checksum in the final record
   * counts as a torn tail.
   */
  Result scan(Segment s, long from, boolean verify, boolean tail, Visitor visitor)
      throws IOException {
    long size = s.channel.size();
    long pos = from;
    int bad = 0;
    ByteBuffer fixed = ByteBuffer.allocate(RecordFormat.FIXED_HEADER);
    while (pos < size) {
      if (size - pos < RecordFormat.FIXED_HEADER) {
        return new Result(pos, Stop.TORN, bad);
      }
      fixed.clear();
      s.readFully(fixed, pos);
      fixed.flip();
      int keyLength = RecordFormat.peekKeyLength(fixed);
      if (keyLength < 0 || size - pos < RecordFormat.FIXED_HEADER + keyLength) {
        return new Result(pos, tornOrUnreadable(s, pos, size), bad);
      }
      ByteBuffer head = ByteBuffer.allocate(RecordFormat.FIXED_HEADER + keyLength);
      s.readFully(head, pos);
      RecordFormat.Header h = RecordFormat.decodeHeader(head.flip());
      if (h == null) {
        return new Result(pos, tornOrUnreadable(s, pos, size), bad);
      }
      long total = h.size();
      if (pos + total > size) {
        return new Result(pos, Stop.TORN, bad);
      }
      String problem = checkPayload(s, pos, h, verify);
      if (problem != null) {
        if (tail && pos + total == size) {
          return new Result(pos, Stop.TORN, bad);
        }
        bad++;
        listener.onCorruption(new Corruption(Kind.BAD_CHECKSUM, s.id, pos, problem));
      } else {
        visitor.record(s, pos, h);
      }
      pos += total;
    }
    return new Result(pos, Stop.END, bad);
  }

  /**
   * A bad header followed only by zeros or garbage up to the end is a torn tail; a bad header
   * followed later by a valid record start means damage in the middle.
   */
  private Stop tornOrUnreadable(Segment s, long pos, long size) throws IOException {
    // Search the rest (in 64 KiB reads) for a valid record header; if there is one, this is not
    // a tail but damage in the middle.
    ByteBuffer chunk = ByteBuffer.allocate(RecordFormat.BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (long base = pos + 1; base < size - 8; base += chunk.capacity() - 8) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), size - base));
      s.readFully(chunk, base);
      chunk.flip();
      for (int i = 0; i + 8 <= chunk.limit(); i++) {
        if (chunk.getInt(i) == RecordFormat.RECORD_MAGIC
            && RecordFormat.peekKeyLength(chunk.duplicate().position(i)) >= 0) {
          long p = base + i;
          ByteBuffer head =
              ByteBuffer.allocate((int) Math.min(RecordFormat.FIXED_HEADER + 1100, size - p));
          s.readFully(head, p);
          if (RecordFormat.decodeHeader(head.flip()) != null) {
            return Stop.UNREADABLE;
          }
        }
      }
    }
    return Stop.TORN;
  }

  /** Null if the block table and (with {@code verify}) every block check out, else why not. */
  private String checkPayload(Segment s, long pos, RecordFormat.Header h, boolean verify)
      throws IOException {
    int blocks = RecordFormat.blocks(h.payloadLength());
    long payload = pos + RecordFormat.payloadStart(h.key().length);
    ByteBuffer table = ByteBuffer.allocate(4 * blocks + 4).order(ByteOrder.LITTLE_ENDIAN);
    s.readFully(table, payload + h.payloadLength());
    table.flip();
    int tableCrc = RecordFormat.crc(table.duplicate().limit(4 * blocks));
    if (table.getInt(4 * blocks) != tableCrc) {
      return "record at " + pos + ": block checksum table fails its CRC32C";
    }
    if (!verify) {
      return null;
    }
    CRC32C crc = new CRC32C();
    for (int i = 0; i < blocks; i++) {
      long off = (long) i << RecordFormat.BLOCK_SHIFT;
      int n = (int) Math.min(RecordFormat.BLOCK_SIZE, h.payloadLength() - off);
      block.clear().limit(n);
      s.readFully(block, payload + off);
      crc.reset();
      crc.update(block.flip());
      if ((int) crc.getValue() != table.getInt(4 * i)) {
        return "record at "
            + pos
            + ": payload block "
            + i
            + " (bytes "
            + off
            + ".."
            + (off + n - 1)
            + ") fails its CRC32C";
      }
    }
    return null;
  }
}
