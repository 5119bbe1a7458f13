package io.ddc.cluster.erasure;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Cuts a piece into {@code k + m} self-describing shard records and puts it back together from any
 * {@code k} intact ones (docs/spec/placement.md §5.3).
 *
 * <p>Record layout (big-endian), version 2 (written): {@code "DDCS"}, version {@code 2}, reserved
 * {@code 0}, {@code k} u16, {@code m} u16, index u16, piece length u64, shard length u32, the
 * piece's 36-byte binary CID, CRC32C u32 over the 60 header bytes before it and the payload, then
 * the payload. Version 1 (read, never written) has no piece CID: its CRC follows the shard length
 * at byte 24 and its payload starts at byte 28. Naming the piece makes a record belong to one piece
 * only, which lets a node that holds a record its piece no longer places there delete it without
 * removing a shard of another piece (placement.md §5.4). Decoding treats a record that fails any
 * check as missing, so a corrupted shard costs redundancy, never correctness.
 */
public final class ShardCodec {
  /** Bytes of the header of the records written (version 2). */
  public static final int HEADER_BYTES = 64;

  /** Bytes of a version-1 header. */
  public static final int V1_HEADER_BYTES = 28;

  /** Bytes of the piece CID a version-2 header carries. */
  public static final int PIECE_ID_BYTES = 36;

  /** Format version written in byte 4. */
  public static final int VERSION = 2;

  private static final int MAGIC = 0x44444353; // "DDCS"
  private static final int PIECE_ID_OFFSET = 24;

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

  /**
   * The {@code k + m} version-2 records of {@code piece}, whose binary CID is {@code pieceId} (36
   * bytes), in index order. The arrays are only read.
   */
  public byte[][] encode(byte[] piece, byte[] pieceId) {
    if (pieceId == null || pieceId.length != PIECE_ID_BYTES) {
      throw new IllegalArgumentException("a piece id is " + PIECE_ID_BYTES + " bytes");
    }
    return encode(piece, pieceId, VERSION);
  }

  /**
   * The {@code k + m} version-1 records of {@code piece}: for re-encoding a piece whose manifest
   * lists version-1 records, never for new writes.
   */
  public byte[][] encodeVersion1(byte[] piece) {
    return encode(piece, null, 1);
  }

  private byte[][] encode(byte[] piece, byte[] pieceId, int version) {
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
      records[i] = record(i, piece.length, payloads[i], pieceId, version);
    }
    return records;
  }

  /**
   * The piece from its records; {@code null} entries are missing, and records failing their checks,
   * of another code, or disagreeing with the first intact record's piece length are ignored. {@link
   * ErasureException} when fewer than {@code k} usable records remain.
   */
  public byte[] decode(byte[][] records) {
    return decode(records, null);
  }

  /**
   * As {@link #decode(byte[][])}, also ignoring version-2 records that name another piece than
   * {@code pieceId} (null: any).
   */
  public byte[] decode(byte[][] records, byte[] pieceId) {
    int k = code.dataShards();
    int total = code.totalShards();
    byte[][] payloads = new byte[total][];
    boolean[] present = new boolean[total];
    long pieceLength = -1;
    int usable = 0;
    for (byte[] r : records) {
      Header h = parse(r);
      if (h == null
          || present[h.index]
          || (pieceLength >= 0 && h.pieceLength != pieceLength)
          || (pieceId != null
              && h.version == VERSION
              && !java.util.Arrays.equals(
                  r,
                  PIECE_ID_OFFSET,
                  PIECE_ID_OFFSET + PIECE_ID_BYTES,
                  pieceId,
                  0,
                  pieceId.length))) {
        continue;
      }
      pieceLength = h.pieceLength;
      payloads[h.index] = java.util.Arrays.copyOfRange(r, h.headerBytes(), r.length);
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

  /**
   * The piece and shard index a version-2 record names, read from the first {@link #HEADER_BYTES}
   * bytes of the record (more are ignored), or {@code null} for a version-1 record or bytes that
   * are no record header. The CRC is not checked: it covers the payload, which is not read here.
   */
  public static Owner owner(byte[] header) {
    if (header == null || header.length < HEADER_BYTES) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(header);
    if (b.getInt(0) != MAGIC || b.get(4) != VERSION || b.get(5) != 0) {
      return null;
    }
    int k = Short.toUnsignedInt(b.getShort(6));
    int m = Short.toUnsignedInt(b.getShort(8));
    int index = Short.toUnsignedInt(b.getShort(10));
    if (k < 1 || index >= k + m) {
      return null;
    }
    return new Owner(
        java.util.Arrays.copyOfRange(header, PIECE_ID_OFFSET, PIECE_ID_OFFSET + PIECE_ID_BYTES),
        index,
        k + m);
  }

  /**
   * What a version-2 record header says it is: shard {@code index} of {@code totalShards} of the
   * piece whose binary CID is {@code pieceId}.
   */
  public record Owner(byte[] pieceId, int index, int totalShards) {}

  private byte[] record(int index, long pieceLength, byte[] payload, byte[] pieceId, int version) {
    int headerBytes = version == 1 ? V1_HEADER_BYTES : HEADER_BYTES;
    ByteBuffer b = ByteBuffer.allocate(headerBytes + payload.length);
    b.putInt(MAGIC)
        .put((byte) version)
        .put((byte) 0)
        .putShort((short) code.dataShards())
        .putShort((short) code.parityShards())
        .putShort((short) index)
        .putLong(pieceLength)
        .putInt(payload.length);
    if (version != 1) {
      b.put(pieceId);
    }
    b.position(headerBytes);
    b.put(payload);
    b.putInt(headerBytes - 4, crc(b.array(), headerBytes));
    return b.array();
  }

  private record Header(int version, int index, long pieceLength) {
    int headerBytes() {
      return version == 1 ? V1_HEADER_BYTES : HEADER_BYTES;
    }
  }

  private Header parse(byte[] r) {
    if (r == null || r.length < V1_HEADER_BYTES) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(r);
    int version = b.get(4);
    if (b.getInt(0) != MAGIC || (version != 1 && version != VERSION) || b.get(5) != 0) {
      return null;
    }
    int headerBytes = version == 1 ? V1_HEADER_BYTES : HEADER_BYTES;
    if (r.length < headerBytes) {
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
        || pieceLength > (long) (Integer.MAX_VALUE - headerBytes) * k
        || shardLength != (pieceLength + k - 1) / k
        || r.length != headerBytes + shardLength
        || b.getInt(headerBytes - 4) != crc(r, headerBytes)) {
      return null;
    }
    if (pieceLength > Integer.MAX_VALUE - 8) {
      return null;
    }
    return new Header(version, index, pieceLength);
  }

  /** CRC32C over the header bytes before the CRC field and the payload. */
  private static int crc(byte[] r, int headerBytes) {
    CRC32C c = new CRC32C();
    c.update(r, 0, headerBytes - 4);
    c.update(r, headerBytes, r.length - headerBytes);
    return (int) c.getValue();
  }
}
