package io.ddc.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.junit.jupiter.api.Test;

class Blake3Test {

  /**
   * BouncyCastle's BLAKE3-256 of {@code data}, the reference the tests of this package compare
   * with.
   */
  static byte[] reference(byte[] data) {
    Blake3Digest d = new Blake3Digest(256);
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** The official test-vector input: byte i is i mod 251. */
  private static byte[] input(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  @Test
  void knownDigests() {
    HexFormat hex = HexFormat.of();
    assertEquals(
        "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
        hex.formatHex(Blake3.hash(new byte[0])));
    assertEquals(
        "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
        hex.formatHex(Blake3.hash("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
  }

  @Test
  void matchesReferenceAtTreeBoundaries() {
    int[] lengths = {
      0,
      1,
      63,
      64,
      65,
      127,
      128,
      1023,
      1024,
      1025,
      2048,
      2049,
      3072,
      3073,
      4096,
      4097,
      5120,
      5121,
      6144,
      6145,
      7168,
      7169,
      8192,
      8193,
      16384,
      31744,
      102400,
      1 << 20,
      (1 << 20) + 1
    };
    for (int n : lengths) {
      byte[] data = input(n);
      assertArrayEquals(reference(data), Blake3.hash(data), "length " + n);
    }
  }

  @Test
  void splitUpdatesGiveTheSameDigest() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int round = 0; round < 300; round++) {
      byte[] data = new byte[rnd.nextInt(rnd.nextBoolean() ? 5000 : 70_000)];
      rnd.nextBytes(data);
      Blake3 h = new Blake3();
      int off = 0;
      while (off < data.length) {
        int n = Math.min(data.length - off, rnd.nextInt(rnd.nextBoolean() ? 70 : 3000) + 1);
        if (rnd.nextBoolean()) {
          h.update(data, off, n);
        } else {
          ByteBuffer direct = ByteBuffer.allocateDirect(n).put(data, off, n).flip();
          h.update(direct);
          assertEquals(0, direct.position());
        }
        off += n;
      }
      assertArrayEquals(reference(data), h.digest(), "length " + data.length);
    }
  }

  @Test
  void parallelUpdatesGiveTheSameDigest() {
    SplittableRandom rnd = new SplittableRandom(7);
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
    try {
      int[] lengths = {
        Blake3.PARALLEL_MIN_BYTES - 1,
        Blake3.PARALLEL_MIN_BYTES,
        1 << 20,
        (1 << 20) + 1,
        (1 << 20) + 1024,
        3 * (1 << 20) + 5
      };
      for (int round = 0; round < 60; round++) {
        int n = round < lengths.length ? lengths[round] : rnd.nextInt(3 << 20);
        byte[] data = new byte[n];
        rnd.nextBytes(data);
        Blake3 h = new Blake3();
        int off = 0;
        int pieces = 0;
        while (off < n) {
          int k = pieces++ == 0 && round >= lengths.length ? rnd.nextInt(5000) : n - off;
          k = Math.min(k, n - off);
          int way = round < lengths.length ? round % 2 : rnd.nextInt(3);
          if (way == 0) {
            h.update(data, off, k, pool);
          } else if (way == 1) {
            ByteBuffer direct = ByteBuffer.allocateDirect(k + 3).position(3);
            direct.put(data, off, k).flip().position(3);
            h.update(direct.asReadOnlyBuffer(), pool);
            assertEquals(3, direct.position());
          } else {
            h.update(data, off, k);
          }
          off += k;
        }
        assertArrayEquals(reference(data), h.digest(), "length " + n);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void resetStartsOverAndDigestIsOnce() {
    Blake3 h = new Blake3();
    h.update(input(5000), 0, 5000);
    h.digest();
    assertThrows(IllegalStateException.class, h::digest);
    h.reset();
    h.update(input(3), 0, 3);
    assertArrayEquals(reference(input(3)), h.digest());
  }
}
