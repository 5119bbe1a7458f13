package io.ddc.loadtest;

/**
 * Deterministic object content: byte {@code i} of the object with seed {@code s} is a pure function
 * of {@code (s, i)}, so the generator can produce any slice without the bytes before it, and a
 * ranged read can be checked without keeping the object.
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
    // Whole words: byte k of word w is byte k (little-endian) of mix(seed * φ + w).
    long base = seed * 0x9E3779B97F4A7C15L;
    for (; i + 8 <= length; i += 8) {
      LE_LONG.set(dst, at + i, mix(base + ((offset + i) >>> 3)));
    }
    for (; i < length; i++) {
      dst[at + i] = at(seed, offset + i);
    }
  }

  /** The byte at {@code pos} of object {@code seed}. */
  public static byte at(long seed, long pos) {
    return (byte) (mix(seed * 0x9E3779B97F4A7C15L + (pos >>> 3)) >>> ((pos & 7) << 3));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
