package io.ddc.cluster.erasure;

/**
 * Arithmetic in GF(2^8) with the reducing polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) and
 * generator 2 (docs/spec/placement.md §5.1).
 *
 * <p>Implementation note: addition is XOR; multiplication goes through log/exp tables, and the bulk
 * loops use a full 256×256 product table (64 KiB) so that one coefficient's row is a plain byte
 * lookup per input byte.
 */
final class Gf256 {
  static final int POLYNOMIAL = 0x11d;

  private static final int[] EXP = new int[512];
  private static final int[] LOG = new int[256];

  /** {@code PRODUCTS[a][b] = a·b}. */
  static final byte[][] PRODUCTS = new byte[256][256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = x;
      LOG[x] = i;
      x <<= 1;
      if ((x & 0x100) != 0) {
        x ^= POLYNOMIAL;
      }
    }
    for (int i = 255; i < EXP.length; i++) {
      EXP[i] = EXP[i - 255];
    }
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        PRODUCTS[a][b] = (byte) mul(a, b);
      }
    }
  }

  private Gf256() {}

  static int mul(int a, int b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return EXP[LOG[a] + LOG[b]];
  }

  static int inverse(int a) {
    if (a == 0) {
      throw new ArithmeticException("0 has no inverse in GF(2^8)");
    }
    return EXP[255 - LOG[a]];
  }

  /**
   * Inverts a square matrix in place (Gauss–Jordan). Throws {@link ArithmeticException} when it is
   * singular, which for the matrices we build means a bug, not bad input.
   */
  static int[][] invert(int[][] m) {
    int n = m.length;
    int[][] a = new int[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, a[i], 0, n);
      a[i][n + i] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      while (pivot < n && a[pivot][col] == 0) {
        pivot++;
      }
      if (pivot == n) {
        throw new ArithmeticException("singular matrix");
      }
      int[] tmp = a[pivot];
      a[pivot] = a[col];
      a[col] = tmp;
      int scale = inverse(a[col][col]);
      for (int j = 0; j < 2 * n; j++) {
        a[col][j] = mul(a[col][j], scale);
      }
      for (int row = 0; row < n; row++) {
        int factor = a[row][col];
        if (row != col && factor != 0) {
          for (int j = 0; j < 2 * n; j++) {
            a[row][j] ^= mul(factor, a[col][j]);
          }
        }
      }
    }
    int[][] out = new int[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], n, out[i], 0, n);
    }
    return out;
  }

  /** {@code out[from, from+len) ^= c · in[from, from+len)}. */
  static void mulAdd(int c, byte[] in, byte[] out, int from, int len) {
    if (c == 0) {
      return;
    }
    int end = from + len;
    if (c == 1) {
      for (int p = from; p < end; p++) {
        out[p] ^= in[p];
      }
      return;
    }
    byte[] row = PRODUCTS[c];
    for (int p = from; p < end; p++) {
      out[p] ^= row[in[p] & 0xff];
    }
  }
}
