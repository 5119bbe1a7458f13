package io.ddc.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The Keccak-f[1600] permutation over a 200-byte state (64-bit lanes, little-endian). */
final class Keccak1600 {
  private static final long[] ROUND_CONSTANTS = roundConstants();
  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Keccak1600() {}

  /** Permutes {@code state} (200 bytes) in place. */
  static void permute(byte[] state) {
    long[] a = new long[25];
    for (int i = 0; i < 25; i++) {
      a[i] = (long) LE64.get(state, i * 8);
    }
    permute(a);
    for (int i = 0; i < 25; i++) {
      LE64.set(state, i * 8, a[i]);
    }
  }

  /**
   * Permutes 25 lanes in place; lane (x, y) is {@code a[x + 5y]}. Rounds are unrolled; the rotation
   * offsets come from the spec's walk (x, y) → (y, 2x + 3y) starting at (1, 0), offset (t + 1)(t +
   * 2)/2.
   */
  static void permute(long[] a) {
    long a0 = a[0];
    long a1 = a[1];
    long a2 = a[2];
    long a3 = a[3];
    long a4 = a[4];
    long a5 = a[5];
    long a6 = a[6];
    long a7 = a[7];
    long a8 = a[8];
    long a9 = a[9];
    long a10 = a[10];
    long a11 = a[11];
    long a12 = a[12];
    long a13 = a[13];
    long a14 = a[14];
    long a15 = a[15];
    long a16 = a[16];
    long a17 = a[17];
    long a18 = a[18];
    long a19 = a[19];
    long a20 = a[20];
    long a21 = a[21];
    long a22 = a[22];
    long a23 = a[23];
    long a24 = a[24];
    for (int round = 0; round < 24; round++) {
      long c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
      long c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
      long c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
      long c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
      long c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
      long d0 = c4 ^ Long.rotateLeft(c1, 1);
      long d1 = c0 ^ Long.rotateLeft(c2, 1);
      long d2 = c1 ^ Long.rotateLeft(c3, 1);
      long d3 = c2 ^ Long.rotateLeft(c4, 1);
      long d4 = c3 ^ Long.rotateLeft(c0, 1);
      long b0 = a0 ^ d0;
      long b16 = Long.rotateLeft(a5 ^ d0, 36);
      long b7 = Long.rotateLeft(a10 ^ d0, 3);
      long b23 = Long.rotateLeft(a15 ^ d0, 41);
      long b14 = Long.rotateLeft(a20 ^ d0, 18);
      long b10 = Long.rotateLeft(a1 ^ d1, 1);
      long b1 = Long.rotateLeft(a6 ^ d1, 44);
      long b17 = Long.rotateLeft(a11 ^ d1, 10);
      long b8 = Long.rotateLeft(a16 ^ d1, 45);
      long b24 = Long.rotateLeft(a21 ^ d1, 2);
      long b20 = Long.rotateLeft(a2 ^ d2, 62);
      long b11 = Long.rotateLeft(a7 ^ d2, 6);
      long b2 = Long.rotateLeft(a12 ^ d2, 43);
      long b18 = Long.rotateLeft(a17 ^ d2, 15);
      long b9 = Long.rotateLeft(a22 ^ d2, 61);
      long b5 = Long.rotateLeft(a3 ^ d3, 28);
      long b21 = Long.rotateLeft(a8 ^ d3, 55);
      long b12 = Long.rotateLeft(a13 ^ d3, 25);
      long b3 = Long.rotateLeft(a18 ^ d3, 21);
      long b19 = Long.rotateLeft(a23 ^ d3, 56);
      long b15 = Long.rotateLeft(a4 ^ d4, 27);
      long b6 = Long.rotateLeft(a9 ^ d4, 20);
      long b22 = Long.rotateLeft(a14 ^ d4, 39);
      long b13 = Long.rotateLeft(a19 ^ d4, 8);
      long b4 = Long.rotateLeft(a24 ^ d4, 14);
      a0 = b0 ^ (~b1 & b2);
      a1 = b1 ^ (~b2 & b3);
      a2 = b2 ^ (~b3 & b4);
      a3 = b3 ^ (~b4 & b0);
      a4 = b4 ^ (~b0 & b1);
      a5 = b5 ^ (~b6 & b7);
      a6 = b6 ^ (~b7 & b8);
      a7 = b7 ^ (~b8 & b9);
      a8 = b8 ^ (~b9 & b5);
      a9 = b9 ^ (~b5 & b6);
      a10 = b10 ^ (~b11 & b12);
      a11 = b11 ^ (~b12 & b13);
      a12 = b12 ^ (~b13 & b14);
      a13 = b13 ^ (~b14 & b10);
      a14 = b14 ^ (~b10 & b11);
      a15 = b15 ^ (~b16 & b17);
      a16 = b16 ^ (~b17 & b18);
      a17 = b17 ^ (~b18 & b19);
      a18 = b18 ^ (~b19 & b15);
      a19 = b19 ^ (~b15 & b16);
      a20 = b20 ^ (~b21 & b22);
      a21 = b21 ^ (~b22 & b23);
      a22 = b22 ^ (~b23 & b24);
      a23 = b23 ^ (~b24 & b20);
      a24 = b24 ^ (~b20 & b21);
      a0 ^= ROUND_CONSTANTS[round];
    }
    a[0] = a0;
    a[1] = a1;
    a[2] = a2;
    a[3] = a3;
    a[4] = a4;
    a[5] = a5;
    a[6] = a6;
    a[7] = a7;
    a[8] = a8;
    a[9] = a9;
    a[10] = a10;
    a[11] = a11;
    a[12] = a12;
    a[13] = a13;
    a[14] = a14;
    a[15] = a15;
    a[16] = a16;
    a[17] = a17;
    a[18] = a18;
    a[19] = a19;
    a[20] = a20;
    a[21] = a21;
    a[22] = a22;
    a[23] = a23;
    a[24] = a24;
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
