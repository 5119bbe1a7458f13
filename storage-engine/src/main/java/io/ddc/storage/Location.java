package io.ddc.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where a live record sits: the value of an index entry (docs/spec/storage-format.md §5), 40 bytes
 * little-endian: u32 segment id | u32 key length | u64 record offset | u64 payload length | u64
 * bucket | u64 stored-at (epoch ms).
 */
record Location(
    long segmentId,
    int keyLength,
    long recordOffset,
    long payloadLength,
    long bucket,
    long storedAt) {

  static final int SIZE = 40;

  long payloadOffset() {
    return recordOffset + RecordFormat.payloadStart(keyLength);
  }

  long recordSize() {
    return RecordFormat.recordSize(keyLength, payloadLength);
  }

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt((int) segmentId).putInt(keyLength).putLong(recordOffset).putLong(payloadLength);
    b.putLong(bucket).putLong(storedAt);
    return b.array();
  }

  static Location decode(byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
    return new Location(
        Integer.toUnsignedLong(b.getInt()),
        b.getInt(),
        b.getLong(),
        b.getLong(),
        b.getLong(),
        b.getLong());
  }
}
