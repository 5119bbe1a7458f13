package io.ddc.crypto;

/**
 * The BLAKE3 compression function and the two node kinds of its tree (chunks and parents), as in
 * the BLAKE3 specification §2. Only what {@link Blake3RangeProof} needs: unkeyed hashing, 32-byte
 * outputs. Whole-message hashing stays with {@link Hashing#blake3_256}.
 */
final class Blake3Compress {
  static final int CHUNK_START = 1;
  static final int CHUNK_END = 2;
  static final int PARENT = 4;
  static final int ROOT = 8;

  private static final int BLOCK_LEN = 64;
  private static final int[] IV = {
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19
  };
  private static final int[] PERMUTATION = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

  /** Message word indices of each of the 7 rounds (the permutation applied round after round). */
  private static final int[][] SCHEDULE = new int[7][16];

  static {
    for (int i = 0; i < 16; i++) {
      SCHEDULE[0][i] = i;
    }
    for (int r = 1; r < 7; r++) {
      for (int i = 0; i < 16; i++) {
        SCHEDULE[r][i] = SCHEDULE[r - 1][PERMUTATION[i]];
      }
    }
  }

  private static final java.lang.invoke.VarHandle LE_INT =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private Blake3Compress() {}

  /**
   * The first 8 output words of the chunk {@code data[from, from + len)} ({@code len <= 1024}) with
   * chunk counter {@code counter}; {@code rootFlag} is {@link #ROOT} for a one-chunk message, else
   * 0. Without the root flag the result is the chunk's chaining value.
   */
  static int[] chunkOutput(byte[] data, int from, int len, long counter, int rootFlag) {
    int[] cv = IV.clone();
    int blocks = Math.max(1, (len + BLOCK_LEN - 1) / BLOCK_LEN);
    int[] m = new int[16];
    int[] v = new int[16];
    for (int b = 0; b < blocks; b++) {
      int off = b * BLOCK_LEN;
      int blockLen = Math.min(BLOCK_LEN, len - off);
      loadBlock(data, from + off, blockLen, m);
      int flags = (b == 0 ? CHUNK_START : 0) | (b == blocks - 1 ? CHUNK_END | rootFlag : 0);
      compress(cv, m, counter, blockLen, flags, v, cv);
    }
    return cv;
  }

  /** The parent node over two chaining values; {@code rootFlag} as for {@link #chunkOutput}. */
  static int[] parent(int[] left, int[] right, int rootFlag) {
    int[] m = new int[16];
    System.arraycopy(left, 0, m, 0, 8);
    System.arraycopy(right, 0, m, 8, 8);
    int[] out = new int[8];
    compress(IV, m, 0, BLOCK_LEN, PARENT | rootFlag, new int[16], out);
    return out;
  }

  static byte[] bytes(int[] words) {
    byte[] out = new byte[32];
    for (int i = 0; i < 8; i++) {
      int w = words[i];
      out[4 * i] = (byte) w;
      out[4 * i + 1] = (byte) (w >>> 8);
      out[4 * i + 2] = (byte) (w >>> 16);
      out[4 * i + 3] = (byte) (w >>> 24);
    }
    return out;
  }

  static int[] words(byte[] bytes32) {
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = le32(bytes32, 4 * i);
    }
    return w;
  }

  private static int le32(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }

  private static void loadBlock(byte[] data, int from, int len, int[] m) {
    if (len == BLOCK_LEN) {
      for (int i = 0; i < 16; i++) {
        m[i] = (int) LE_INT.get(data, from + 4 * i);
      }
      return;
    }
    byte[] block = new byte[BLOCK_LEN];
    System.arraycopy(data, from, block, 0, len);
    for (int i = 0; i < 16; i++) {
      m[i] = le32(block, 4 * i);
    }
  }

  /**
   * Compresses {@code block} into {@code cv} and writes the first 8 output words (the next chaining
   * value / the hash) to {@code out} (which may be {@code cv}); {@code v} is scratch.
   */
  private static void compress(
      int[] cv, int[] m, long counter, int blockLen, int flags, int[] v, int[] out) {
    System.arraycopy(cv, 0, v, 0, 8);
    v[8] = IV[0];
    v[9] = IV[1];
    v[10] = IV[2];
    v[11] = IV[3];
    v[12] = (int) counter;
    v[13] = (int) (counter >>> 32);
    v[14] = blockLen;
    v[15] = flags;
    for (int[] s : SCHEDULE) {
      g(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
      g(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
      g(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
      g(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
      g(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
      g(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
      g(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
      g(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) {
      out[i] = v[i] ^ v[i + 8];
    }
  }

  private static void g(int[] v, int a, int b, int c, int d, int mx, int my) {
    v[a] = v[a] + v[b] + mx;
    v[d] = Integer.rotateRight(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = Integer.rotateRight(v[b] ^ v[c], 12);
    v[a] = v[a] + v[b] + my;
    v[d] = Integer.rotateRight(v[d] ^ v[a], 8);
    v[c] = v[c] + v[d];
    v[b] = Integer.rotateRight(v[b] ^ v[c], 7);
  }
}
