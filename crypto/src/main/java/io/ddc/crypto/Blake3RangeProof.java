package io.ddc.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * BLAKE3 range proofs (docs/spec/activity-api.md §7.2): the chaining values of the maximal BLAKE3
 * subtrees outside a range of whole 1024-byte chunks, left to right. With them and the covered
 * chunks, anyone holding only the 32-byte BLAKE3 hash of the content and its size recomputes the
 * hash, so a prover cannot answer a range with bytes it does not hold.
 *
 * <pre>{@code
 * List<byte[]> proof = Blake3RangeProof.prove(reader, size, offset, length);
 * Blake3RangeProof.Covered c = Blake3RangeProof.covered(size, offset, length);
 * byte[] data = reader.read(c.start(), (int) c.length());
 * boolean ok = Blake3RangeProof.verify(digest, size, c.start(), data, proof);
 * }</pre>
 *
 * Thread-safe and stateless.
 */
public final class Blake3RangeProof {
  /** BLAKE3's chunk length in bytes. */
  public static final int CHUNK_LEN = 1024;

  /** Subtrees up to this many chunks are read with one call of the reader. */
  private static final long READ_CHUNKS = 256;

  private Blake3RangeProof() {}

  /** Random access to the content being proven; may block. */
  @FunctionalInterface
  public interface Reader {
    /** Exactly {@code length} bytes at {@code offset}. */
    byte[] read(long offset, int length);
  }

  /** The chunk-aligned byte range {@code [start, start + length)} a proof's data must hold. */
  public record Covered(long start, long length) {}

  /**
   * The whole chunks covering {@code [offset, offset + length)} of content of {@code size} bytes.
   *
   * @throws IllegalArgumentException unless {@code 0 <= offset}, {@code 0 < length} and {@code
   *     offset + length <= size}
   */
  public static Covered covered(long size, long offset, long length) {
    if (offset < 0 || length <= 0 || size < 0 || offset > size - length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", +" + length + ") is not inside content of " + size + " bytes");
    }
    long start = offset / CHUNK_LEN * CHUNK_LEN;
    long end = Math.min(size, ceilDiv(offset + length, CHUNK_LEN) * CHUNK_LEN);
    return new Covered(start, end - start);
  }

  /**
   * The proof for {@code [offset, offset + length)} of content of {@code size} bytes read through
   * {@code reader}: reads every chunk outside the covered ones (the prover hashes them).
   */
  public static List<byte[]> prove(Reader reader, long size, long offset, long length) {
    Covered c = covered(size, offset, length);
    long c0 = c.start() / CHUNK_LEN;
    long c1 = ceilDiv(c.start() + c.length(), CHUNK_LEN);
    List<byte[]> proof = new ArrayList<>();
    collect(reader, size, 0, chunkCount(size), c0, c1, proof);
    return proof;
  }

  /**
   * Whether {@code data} (the covered chunks starting at byte {@code chunkStart}) and {@code proof}
   * hash to {@code digest} as content of {@code size} bytes. Never throws on malformed input.
   */
  public static boolean verify(
      byte[] digest, long size, long chunkStart, byte[] data, List<byte[]> proof) {
    if (digest == null || digest.length != 32 || data == null || proof == null || size < 0) {
      return false;
    }
    if (chunkStart < 0 || chunkStart % CHUNK_LEN != 0 || chunkStart >= Math.max(size, 1)) {
      return false;
    }
    long end =
        Math.min(size, ceilDiv(chunkStart + Math.max(1, data.length), CHUNK_LEN) * CHUNK_LEN);
    if (data.length != end - chunkStart || (data.length == 0 && size != 0)) {
      return false;
    }
    for (byte[] p : proof) {
      if (p == null || p.length != 32) {
        return false;
      }
    }
    long c0 = chunkStart / CHUNK_LEN;
    long c1 = Math.max(c0 + 1, ceilDiv(end, CHUNK_LEN));
    Verifier v = new Verifier(data, chunkStart, size, c0, c1, proof);
    long chunks = chunkCount(size);
    int[] root;
    if (chunks == 1) {
      root = Blake3Compress.chunkOutput(data, 0, data.length, 0, Blake3Compress.ROOT);
    } else {
      long left = leftChunks(chunks);
      int[] l = v.cv(0, left);
      int[] r = v.cv(left, chunks - left);
      if (l == null || r == null) {
        return false;
      }
      root = Blake3Compress.parent(l, r, Blake3Compress.ROOT);
    }
    return root != null
        && v.next == proof.size()
        && java.security.MessageDigest.isEqual(Blake3Compress.bytes(root), digest);
  }

  // ------------------------------------------------------------------ tree walk

  private static long chunkCount(long size) {
    return Math.max(1, ceilDiv(size, CHUNK_LEN));
  }

  /** Chunks in the left subtree of a tree of {@code n > 1} chunks. */
  static long leftChunks(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static void collect(
      Reader reader, long size, long first, long n, long c0, long c1, List<byte[]> out) {
    if (first + n <= c0 || first >= c1) {
      out.add(Blake3Compress.bytes(subtreeCv(reader, size, first, n)));
      return;
    }
    if (n == 1) {
      return; // a covered chunk: the verifier hashes it from the data
    }
    long left = leftChunks(n);
    collect(reader, size, first, left, c0, c1, out);
    collect(reader, size, first + left, n - left, c0, c1, out);
  }

  /** The non-root CV of the subtree of {@code n} chunks starting at chunk {@code first}. */
  private static int[] subtreeCv(Reader reader, long size, long first, long n) {
    if (n <= READ_CHUNKS) {
      long from = first * CHUNK_LEN;
      long to = Math.min(size, (first + n) * CHUNK_LEN);
      byte[] bytes = reader.read(from, (int) (to - from));
      return cvInMemory(bytes, 0, bytes.length, first, n);
    }
    long left = leftChunks(n);
    return Blake3Compress.parent(
        subtreeCv(reader, size, first, left), subtreeCv(reader, size, first + left, n - left), 0);
  }

  /**
   * The CV of the {@code n} chunks in {@code bytes[from, from + len)}, chunk counters from {@code
   * first}.
   */
  private static int[] cvInMemory(byte[] bytes, int from, int len, long first, long n) {
    if (n == 1) {
      return Blake3Compress.chunkOutput(bytes, from, len, first, 0);
    }
    long left = leftChunks(n);
    int split = (int) (left * CHUNK_LEN);
    return Blake3Compress.parent(
        cvInMemory(bytes, from, split, first, left),
        cvInMemory(bytes, from + split, len - split, first + left, n - left),
        0);
  }

  /** Recomputes subtree CVs from the covered data and the proof, consuming proof CVs in order. */
  private static final class Verifier {
    private final byte[] data;
    private final long dataStart;
    private final long size;
    private final long c0;
    private final long c1;
    private final List<byte[]> proof;
    int next;

    Verifier(byte[] data, long dataStart, long size, long c0, long c1, List<byte[]> proof) {
      this.data = data;
      this.dataStart = dataStart;
      this.size = size;
      this.c0 = c0;
      this.c1 = c1;
      this.proof = proof;
    }

    /** The CV of the subtree, or null when the proof runs out. */
    int[] cv(long first, long n) {
      if (first + n <= c0 || first >= c1) {
        return next < proof.size() ? Blake3Compress.words(proof.get(next++)) : null;
      }
      if (n == 1) {
        int from = (int) (first * CHUNK_LEN - dataStart);
        int len = (int) (Math.min(size, (first + 1) * CHUNK_LEN) - first * CHUNK_LEN);
        return Blake3Compress.chunkOutput(data, from, len, first, 0);
      }
      long left = leftChunks(n);
      int[] l = cv(first, left);
      int[] r = l == null ? null : cv(first + left, n - left);
      return r == null ? null : Blake3Compress.parent(l, r, 0);
    }
  }
}
