package io.ddc.crypto;

/** xxHash64 (the non-cryptographic hash behind Substrate's {@code twox} storage hashers). */
final class XxHash64 {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private XxHash64() {}

  static long hash(byte[] data, long seed) {
    int len = data.length;
    int i = 0;
    long h;
    if (len >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      for (; i <= len - 32; i += 32) {
        v1 = round(v1, le64(data, i));
        v2 = round(v2, le64(data, i + 8));
        v3 = round(v3, le64(data, i + 16));
        v4 = round(v4, le64(data, i + 24));
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
    for (; i <= len - 8; i += 8) {
      h ^= round(0, le64(data, i));
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (i <= len - 4) {
      h ^= (le32(data, i) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      i += 4;
    }
    for (; i < len; i++) {
      h ^= (data[i] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  private static long merge(long acc, long v) {
    return (acc ^ round(0, v)) * P1 + P4;
  }

  static long le64(byte[] b, int off) {
    return (le32(b, off) & 0xFFFFFFFFL) | ((long) le32(b, off + 4) << 32);
  }

  private static int le32(byte[] b, int off) {
    return (b[off] & 0xFF)
        | (b[off + 1] & 0xFF) << 8
        | (b[off + 2] & 0xFF) << 16
        | (b[off + 3] & 0xFF) << 24;
  }
}
