package io.ddc.storage;

import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** A request to the writer thread; its result completes after the batch is durable. */
abstract sealed class Op {
  final CompletableFuture<Object> result = new CompletableFuture<>();

  /**
   * A sealed piece. Its CID may still be computing ({@code cid} not yet done) when the writer takes
   * the op: the writer can then make the payload durable while the hash finishes (spec §5.1).
   */
  static final class PutPiece extends Op {
    final CompletableFuture<Cid> cid;
    final long bucket;
    final Payload payload;
    final ByteBuffer table;
    final long storedAt;

    PutPiece(
        CompletableFuture<Cid> cid, long bucket, Payload payload, ByteBuffer table, long storedAt) {
      this.cid = cid;
      this.bucket = bucket;
      this.payload = payload;
      this.table = table;
      this.storedAt = storedAt;
    }
  }

  static final class DeletePiece extends Op {
    final byte[] cid;

    DeletePiece(byte[] cid) {
      this.cid = cid;
    }
  }

  static final class PutRecord extends Op {
    final long bucket;
    final byte[] recordKey;
    final byte[] value;
    final long storedAt;

    PutRecord(long bucket, byte[] recordKey, byte[] value, long storedAt) {
      this.bucket = bucket;
      this.recordKey = recordKey;
      this.value = value;
      this.storedAt = storedAt;
    }
  }

  static final class DeleteRecord extends Op {
    final long bucket;
    final byte[] recordKey;

    DeleteRecord(long bucket, byte[] recordKey) {
      this.bucket = bucket;
      this.recordKey = recordKey;
    }
  }

  /** Compaction: copy the record at {@code offset} of {@code from} forward if still needed. */
  static final class Copy extends Op {
    final Segment from;
    final long offset;
    final RecordFormat.Header header;

    Copy(Segment from, long offset, RecordFormat.Header header) {
      this.from = from;
      this.offset = offset;
      this.header = header;
    }
  }

  /** Compaction: drop a segment whose live records were all copied. */
  static final class Retire extends Op {
    final Segment segment;

    Retire(Segment segment) {
      this.segment = segment;
    }
  }

  /** Close: the writer finishes the ops before it and exits. */
  static final class Stop extends Op {}
}
