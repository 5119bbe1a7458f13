package io.ddc.cluster.erasure;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Cuts a piece into {@code k + m} self-describing shard records and puts it back together from any
 * {@code k} intact ones (docs/spec/placement.md §5.3).
 *
 * <p>Record layout (big-endian): {@code "DDCS"}, version {@code 1}, reserved {@code 0}, {@code k}
 * u16, {@code m} u16, index u16, piece length u64, shard length u32, CRC32C u32 over the 24 header
 * bytes before it and the payload, then the payload. Decoding treats a record that fails any check
 * as missing, so a corrupted shard costs redundancy, never correctness.
 */
public final class ShardCodec {
  /** Bytes of a record header. */
  public static final int HEADER_BYTES = 28;

  /** Format version written in byte 4. */
  public static final int VERSION = 1;

  private static final int MAGIC = 0x44444353; // "DDCS"
  private static final int CRC_OFFSET = 24;

  private final ReedSolomon code;

  private ShardCodec(ReedSolomon code) {
    this.code = code;
  }

  /** A codec of {@code dataShards} data and {@code parityShards} parity shards. */
  public static ShardCodec of(int dataShards, int parityShards) {
    return new ShardCodec(ReedSolomon.create(dataShards, parityShards));
  }

  /** The underlying code. */
  public ReedSolomon code() {
    return code;
  }

  /** Payload bytes of each shard of a piece of {@code pieceLength} bytes: ⌈length / k⌉. */
  public int shardLength(long pieceLength) {
    long len = (pieceLength + code.dataShards() - 1) / code.dataShards();
    if (len > Integer.MAX_VALUE - HEADER_BYTES) {
      throw new IllegalArgumentException(
          "piece of " + pieceLength + " bytes is too large to shard");
    }
    return (int) len;
  }

  /** The {@code k + m} records of {@code piece}, index order. The piece array is only read. */
  public byte[][] encode(byte[] piece) {
    int k = code.dataShards();
    int total = code.totalShards();
    int len = shardLength(piece.length);
    byte[][] payloads = new byte[total][len];
    for (int j = 0; j < k; j++) {
      int from = j * len;
      if (from < piece.length) {
        System.arraycopy(piece, from, payloads[j], 0, Math.min(len, piece.length - from));
      }
    }
    code.encodeParity(payloads, 0, len);
    byte[][] records = new byte[total][];
    for (int i = 0; i < total; i++) {
      records[i] = record(i, piece.length, payloads[i]);
    }
    return records;
  }

  /**
   * The piece from its records; {@code null} entries are missing, and records failing their checks,
   * of another code, or disagreeing with the first intact record's piece length are ignored. {@link
   * ErasureException} when fewer than {@code k} usable records remain.
   */
  public byte[] decode(byte[][] records) {
    int k = code.dataShards();
    int total = code.totalShards();
    byte[][] payloads = new byte[total][];
    boolean[] present = new boolean[total];
    long pieceLength = -1;
    int usable = 0;
    for (byte[] r : records) {
      Header h = parse(r);
      if (h == null || present[h.index] || (pieceLength >= 0 && h.pieceLength != pieceLength)) {
        continue;
      }
      pieceLength = h.pieceLength;
      payloads[h.index] = java.util.Arrays.copyOfRange(r, HEADER_BYTES, r.length);
      present[h.index] = true;
      usable++;
    }
    if (usable < k) {
      throw new ErasureException(
          "need " + k + " intact shards of " + total + ", " + usable + " usable", usable, k);
    }
    int len = shardLength(pieceLength);
    for (int i = 0; i < total; i++) {
      if (!present[i]) {
        payloads[i] = new byte[len];
      }
    }
    code.reconstruct(payloads, present, 0, len);
    byte[] piece = new byte[(int) pieceLength];
    for (int j = 0; j < k; j++) {
      int from = j * len;
      if (from < piece.length) {
        System.arraycopy(payloads[j], 0, piece, from, Math.min(len, piece.length - from));
      }
    }
    return piece;
  }

  /** The shard index a record claims, or -1 when it fails its checks for this code. */
  public int indexOf(byte[] record) {
    Header h = parse(record);
    return h == null ? -1 : h.index;
  }

  private byte[] record(int index, long pieceLength, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    b.putInt(MAGIC)
        .put((byte) VERSION)
        .put((byte) 0)
        .putShort((short) code.dataShards())
        .putShort((short) code.parityShards())
        .putShort((short) index)
        .putLong(pieceLength)
        .putInt(payload.length);
    b.position(HEADER_BYTES);
    b.put(payload);
    b.putInt(CRC_OFFSET, crc(b.array()));
    return b.array();
  }

  private record Header(int index, long pieceLength) {}

  private Header parse(byte[] r) {
    if (r == null || r.length < HEADER_BYTES) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(r);
    if (b.getInt(0) != MAGIC || b.get(4) != VERSION || b.get(5) != 0) {
      return null;
    }
    int k = Short.toUnsignedInt(b.getShort(6));
    int m = Short.toUnsignedInt(b.getShort(8));
    int index = Short.toUnsignedInt(b.getShort(10));
    long pieceLength = b.getLong(12);
    long shardLength = Integer.toUnsignedLong(b.getInt(20));
    if (k != code.dataShards()
        || m != code.parityShards()
        || index >= code.totalShards()
        || pieceLength < 0
        || pieceLength > (long) (Integer.MAX_VALUE - HEADER_BYTES) * k
        || shardLength != (pieceLength + k - 1) / k
        || r.length != HEADER_BYTES + shardLength
        || b.getInt(CRC_OFFSET) != crc(r)) {
      return null;
    }
    if (pieceLength > Integer.MAX_VALUE - 8) {
      return null;
    }
    return new Header(index, pieceLength);
  }

  private static int crc(byte[] r) {
    CRC32C c = new CRC32C();
    c.update(r, 0, CRC_OFFSET);
    c.update(r, HEADER_BYTES, r.length - HEADER_BYTES);
    return (int) c.getValue();
  }
}
