package io.ddc.loadtest;

/**
 * Deterministic object content: byte {@code i} of the object with seed {@code s} is a pure function
 * of {@code (s, i)}, so the generator can produce any slice without the bytes before it, and a
 * ranged read can be checked without keeping the object.
 *
 * <p>Word {@code w} (bytes {@code 8w … 8w + 7}, little-endian) is {@code TABLE[w mod 8192] XOR
 * mix(s·φ + ⌊w / 8192⌋)}: a fixed 64 KiB table of mixed words, keyed per 64 KiB block of each
 * object. Each 64 KiB block of each object has its own key, so no two blocks are equal, and a fill
 * costs one load, one XOR and one store per word instead of a full mix per word — the generator is
 * the load test's own cost per PUT, paid on the cores the nodes under test need.
 */
public final class Content {
  private static final java.lang.invoke.VarHandle LE_LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private Content() {}

  /** {@code length} bytes of object {@code seed} starting at {@code offset}. */
  public static byte[] slice(long seed, long offset, int length) {
    byte[] out = new byte[length];
    fill(seed, offset, out, 0, length);
    return out;
  }

  /**
   * Writes bytes {@code [offset, offset + length)} of object {@code seed} into {@code dst[at…]}.
   */
  public static void fill(long seed, long offset, byte[] dst, int at, int length) {
    java.util.Objects.checkFromIndexSize(at, length, dst.length);
    int i = 0;
    while (i < length && ((offset + i) & 7) != 0) {
      dst[at + i] = at(seed, offset + i);
      i++;
    }
    long base = seed * 0x9E3779B97F4A7C15L;
    while (i + 8 <= length) {
      long w = (offset + i) >>> 3;
      long key = mix(base + (w >>> BLOCK_WORDS_SHIFT));
      int t = (int) (w & (BLOCK_WORDS - 1));
      // Whole words up to the end of this 64 KiB block (or of the range).
      int words = Math.min(BLOCK_WORDS - t, (length - i) >>> 3);
      for (int k = 0; k < words; k++) {
        LE_LONG.set(dst, at + i + (k << 3), TABLE[t + k] ^ key);
      }
      i += words << 3;
    }
    for (; i < length; i++) {
      dst[at + i] = at(seed, offset + i);
    }
  }

  /** The byte at {@code pos} of object {@code seed}. */
  public static byte at(long seed, long pos) {
    long w = pos >>> 3;
    long word =
        TABLE[(int) (w & (BLOCK_WORDS - 1))]
            ^ mix(seed * 0x9E3779B97F4A7C15L + (w >>> BLOCK_WORDS_SHIFT));
    return (byte) (word >>> ((pos & 7) << 3));
  }

  /** Words per keyed block: 8192 words = 64 KiB. */
  private static final int BLOCK_WORDS_SHIFT = 13;

  private static final int BLOCK_WORDS = 1 << BLOCK_WORDS_SHIFT;

  /** Word {@code k} is {@code mix(k + 1)}: fixed, the same in every process. */
  private static final long[] TABLE = new long[BLOCK_WORDS];

  static {
    for (int k = 0; k < BLOCK_WORDS; k++) {
      TABLE[k] = mix(k + 1);
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
