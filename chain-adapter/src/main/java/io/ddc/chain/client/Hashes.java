package io.ddc.chain.client;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The hashes Substrate keys and payloads use: BLAKE2b (128/256) and xxHash64-based twox
 * (64/128/256).
 */
final class Hashes {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private Hashes() {}

  static byte[] blake2b256(byte[] data) {
    return blake2b(data, 256);
  }

  static byte[] blake2b128(byte[] data) {
    return blake2b(data, 128);
  }

  private static byte[] blake2b(byte[] data, int bits) {
    Blake2bDigest d = new Blake2bDigest(bits);
    d.update(data, 0, data.length);
    byte[] out = new byte[bits / 8];
    d.doFinal(out, 0);
    return out;
  }

  static byte[] twox64(byte[] data) {
    return twox(data, 1);
  }

  static byte[] twox128(byte[] data) {
    return twox(data, 2);
  }

  static byte[] twox256(byte[] data) {
    return twox(data, 4);
  }

  /** {@code n} xxHash64 digests with seeds 0..n-1, each little-endian. */
  private static byte[] twox(byte[] data, int n) {
    byte[] out = new byte[8 * n];
    for (int s = 0; s < n; s++) {
      long h = xxh64(data, s);
      for (int i = 0; i < 8; i++) {
        out[8 * s + i] = (byte) (h >>> (8 * i));
      }
    }
    return out;
  }

  static long xxh64(byte[] b, long seed) {
    int len = b.length;
    int i = 0;
    long h;
    if (len >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      while (i <= len - 32) {
        v1 = round(v1, le64(b, i));
        v2 = round(v2, le64(b, i + 8));
        v3 = round(v3, le64(b, i + 16));
        v4 = round(v4, le64(b, i + 24));
        i += 32;
      }
      h =
          Long.rotateLeft(v1, 1)
              + Long.rotateLeft(v2, 7)
              + Long.rotateLeft(v3, 12)
              + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = seed + P5;
    }
    h += len;
    while (i <= len - 8) {
      h ^= round(0, le64(b, i));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      i += 8;
    }
    if (i <= len - 4) {
      h ^= (le32(b, i) & 0xffffffffL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      i += 4;
    }
    while (i < len) {
      h ^= (b[i] & 0xffL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      i++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long merge(long acc, long val) {
    acc ^= round(0, val);
    return acc * P1 + P4;
  }

  private static long le64(byte[] b, int i) {
    return (le32(b, i) & 0xffffffffL) | ((long) le32(b, i + 4) << 32);
  }

  private static int le32(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }
}
