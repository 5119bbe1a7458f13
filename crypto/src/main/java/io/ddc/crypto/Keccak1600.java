package io.ddc.crypto;

/** The Keccak-f[1600] permutation over a 200-byte state (64-bit lanes, little-endian). */
final class Keccak1600 {
  private static final long[] ROUND_CONSTANTS = roundConstants();
  private static final int[] ROTATIONS = rotations();

  private Keccak1600() {}

  /** Permutes {@code state} (200 bytes) in place. */
  static void permute(byte[] state) {
    long[] a = new long[25];
    for (int i = 0; i < 25; i++) {
      a[i] = XxHash64.le64(state, i * 8);
    }
    permute(a);
    for (int i = 0; i < 25; i++) {
      long v = a[i];
      for (int b = 0; b < 8; b++) {
        state[i * 8 + b] = (byte) (v >>> (8 * b));
      }
    }
  }

  /** Permutes 25 lanes in place; lane (x, y) is {@code a[x + 5y]}. */
  static void permute(long[] a) {
    long[] c = new long[5];
    long[] b = new long[25];
    for (int round = 0; round < 24; round++) {
      // theta
      for (int x = 0; x < 5; x++) {
        c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
      }
      for (int x = 0; x < 5; x++) {
        long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
        for (int y = 0; y < 25; y += 5) {
          a[x + y] ^= d;
        }
      }
      // rho and pi: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
      for (int x = 0; x < 5; x++) {
        for (int y = 0; y < 5; y++) {
          b[y + 5 * ((2 * x + 3 * y) % 5)] = Long.rotateLeft(a[x + 5 * y], ROTATIONS[x + 5 * y]);
        }
      }
      // chi
      for (int y = 0; y < 25; y += 5) {
        for (int x = 0; x < 5; x++) {
          a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
        }
      }
      // iota
      a[0] ^= ROUND_CONSTANTS[round];
    }
  }

  /** Rotation offsets from the spec's walk: (x, y) starts at (1, 0) and moves to (y, 2x + 3y). */
  private static int[] rotations() {
    int[] r = new int[25];
    int x = 1;
    int y = 0;
    for (int t = 0; t < 24; t++) {
      r[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
      int nx = y;
      y = (2 * x + 3 * y) % 5;
      x = nx;
    }
    return r;
  }

  /** Round constants from the spec's LFSR {@code rc(t)} (x^8 + x^6 + x^5 + x^4 + 1). */
  private static long[] roundConstants() {
    long[] rc = new long[24];
    int lfsr = 1;
    for (int round = 0; round < 24; round++) {
      long c = 0;
      for (int j = 0; j < 7; j++) {
        if ((lfsr & 1) != 0) {
          c |= 1L << ((1 << j) - 1);
        }
        lfsr = (lfsr & 0x80) != 0 ? ((lfsr << 1) ^ 0x71) & 0xFF : (lfsr << 1) & 0xFF;
      }
      rc[round] = c;
    }
    return rc;
  }
}
