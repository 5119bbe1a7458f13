package io.ddc.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The byte layout of segment files and records, docs/spec/storage-format.md §2–§4. All integers are
 * little-endian.
 *
 * <pre>
 * segment header (64 bytes): "DDCSEGMT" | u32 version | u32 header size (64) | u64 segment id |
 *                            u64 created (epoch ms) | 28 zero bytes | u32 CRC32C(bytes 0..59)
 * record: u32 magic "DDCR" | u8 version | u8 type | u16 key length K | u64 bucket |
 *         u64 payload length L | u64 stored-at (epoch ms) | u32 CRC32C(bytes 0..31 ‖ key) |
 *         key (K) | payload (L) | u32[ceil(L/65536)] CRC32C per 64 KiB block |
 *         u32 CRC32C(block table)
 * </pre>
 */
final class RecordFormat {
  private RecordFormat() {}

  static final byte[] SEGMENT_MAGIC = "DDCSEGMT".getBytes(StandardCharsets.US_ASCII);
  static final int SEGMENT_VERSION = 1;
  static final int SEGMENT_HEADER_SIZE = 64;

  /** "DDCR" read as a little-endian u32. */
  static final int RECORD_MAGIC = 0x52434444;

  static final int RECORD_VERSION = 1;
  static final int FIXED_HEADER = 36;
  static final int BLOCK_SIZE = 64 * 1024;
  static final int BLOCK_SHIFT = 16;

  /** Record types (byte 5). */
  static final int PIECE = 1;

  static final int PIECE_TOMBSTONE = 2;
  static final int RECORD = 3;
  static final int RECORD_TOMBSTONE = 4;

  static ByteBuffer le(int capacity) {
    return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  static int blocks(long payloadLength) {
    return (int) ((payloadLength + BLOCK_SIZE - 1) >>> BLOCK_SHIFT);
  }

  /** Bytes from the record start to the first payload byte. */
  static long payloadStart(int keyLength) {
    return FIXED_HEADER + keyLength;
  }

  /** Whole size of a record on disk. */
  static long recordSize(int keyLength, long payloadLength) {
    return FIXED_HEADER + keyLength + payloadLength + 4L * blocks(payloadLength) + 4;
  }

  static int crc(ByteBuffer b) {
    CRC32C c = new CRC32C();
    c.update(b.duplicate());
    return (int) c.getValue();
  }

  static ByteBuffer segmentHeader(long segmentId, long createdMillis) {
    ByteBuffer b = le(SEGMENT_HEADER_SIZE);
    b.put(SEGMENT_MAGIC).putInt(SEGMENT_VERSION).putInt(SEGMENT_HEADER_SIZE);
    b.putLong(segmentId).putLong(createdMillis);
    b.position(60);
    b.putInt(crc(b.duplicate().flip().limit(60)));
    return b.flip();
  }

  /** The segment id in a segment header, or -1 if the header is invalid. */
  static long checkSegmentHeader(ByteBuffer b) {
    if (b.remaining() < SEGMENT_HEADER_SIZE) {
      return -1;
    }
    ByteBuffer h = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int start = h.position();
    for (int i = 0; i < SEGMENT_MAGIC.length; i++) {
      if (h.get(start + i) != SEGMENT_MAGIC[i]) {
        return -1;
      }
    }
    if (h.getInt(start + 8) != SEGMENT_VERSION || h.getInt(start + 12) != SEGMENT_HEADER_SIZE) {
      return -1;
    }
    int expected = crc(h.duplicate().position(start).limit(start + 60));
    if (h.getInt(start + 60) != expected) {
      return -1;
    }
    return h.getLong(start + 16);
  }

  /** A record's header fields. */
  record Header(int type, long bucket, long payloadLength, long storedAt, byte[] key) {
    long size() {
      return recordSize(key.length, payloadLength);
    }
  }

  static ByteBuffer encodeHeader(Header h) {
    ByteBuffer b = le(FIXED_HEADER + h.key().length);
    b.putInt(RECORD_MAGIC).put((byte) RECORD_VERSION).put((byte) h.type());
    b.putShort((short) h.key().length).putLong(h.bucket()).putLong(h.payloadLength());
    b.putLong(h.storedAt());
    CRC32C c = new CRC32C();
    c.update(b.array(), 0, 32);
    c.update(h.key());
    b.putInt((int) c.getValue()).put(h.key());
    return b.flip();
  }

  /** Key length from the first 8 bytes of a record, or -1 if they are not a record start. */
  static int peekKeyLength(ByteBuffer first8) {
    ByteBuffer b = first8.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int p = b.position();
    if (b.getInt(p) != RECORD_MAGIC || b.get(p + 4) != RECORD_VERSION) {
      return -1;
    }
    int type = b.get(p + 5);
    if (type < PIECE || type > RECORD_TOMBSTONE) {
      return -1;
    }
    return Short.toUnsignedInt(b.getShort(p + 6));
  }

  /** Decodes and checks a header (fixed part and key); null if it is not a valid header. */
  static Header decodeHeader(ByteBuffer buf) {
    ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < FIXED_HEADER) {
      return null;
    }
    int keyLength = peekKeyLength(b);
    if (keyLength < 0 || b.remaining() < FIXED_HEADER + keyLength) {
      return null;
    }
    int p = b.position();
    long payloadLength = b.getLong(p + 16);
    if (payloadLength < 0) {
      return null;
    }
    byte[] key = new byte[keyLength];
    b.get(p + FIXED_HEADER, key);
    CRC32C c = new CRC32C();
    c.update(b.duplicate().position(p).limit(p + 32));
    c.update(key);
    if (b.getInt(p + 32) != (int) c.getValue()) {
      return null;
    }
    return new Header(b.get(p + 5), b.getLong(p + 8), payloadLength, b.getLong(p + 24), key);
  }

  /** The key of a small record: u16 namespace length, namespace UTF-8, key bytes. */
  static byte[] recordKey(String namespace, byte[] key) {
    byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
    if (ns.length > 255 || key.length > 1024) {
      throw new IllegalArgumentException(
          "namespace must be <= 255 UTF-8 bytes and key <= 1024 bytes, "
              + ns.length
              + " and "
              + key.length
              + " given");
    }
    ByteBuffer b = le(2 + ns.length + key.length);
    b.putShort((short) ns.length).put(ns).put(key);
    return b.array();
  }

  /** Incrementally computes the per-block CRC32C table of a payload. */
  static final class BlockChecksums {
    private final CRC32C current = new CRC32C();
    private int[] table = new int[16];
    private int complete;
    private int inBlock;

    void update(ByteBuffer data) {
      ByteBuffer d = data.duplicate();
      while (d.hasRemaining()) {
        int n = Math.min(d.remaining(), BLOCK_SIZE - inBlock);
        ByteBuffer part = d.slice(d.position(), n);
        current.update(part);
        d.position(d.position() + n);
        inBlock += n;
        if (inBlock == BLOCK_SIZE) {
          push();
        }
      }
    }

    private void push() {
      if (complete == table.length) {
        table = java.util.Arrays.copyOf(table, table.length * 2);
      }
      table[complete++] = (int) current.getValue();
      current.reset();
      inBlock = 0;
    }

    /** The table and its CRC, ready to write after the payload. */
    ByteBuffer finish() {
      if (inBlock > 0) {
        push();
      }
      ByteBuffer b = le(4 * complete + 4);
      for (int i = 0; i < complete; i++) {
        b.putInt(table[i]);
      }
      b.putInt(crc(b.duplicate().flip()));
      return b.flip();
    }
  }
}
