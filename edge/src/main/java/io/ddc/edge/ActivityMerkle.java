package io.ddc.edge;

import io.ddc.crypto.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The activity Merkle trees of docs/spec/activity-api.md §5: BLAKE3 leaves over the signed record
 * and its claimed usage, BLAKE3 inner nodes, an odd last element carried up unchanged.
 */
final class ActivityMerkle {
  private static final byte LEAF = 0x00;
  private static final byte INNER = 0x01;

  private ActivityMerkle() {}

  /** {@code H(0x00 ‖ le64(stored) ‖ le64(delivered) ‖ record)}. */
  static byte[] leafHash(long stored, long delivered, byte[] record) {
    ByteBuffer b = ByteBuffer.allocate(17 + record.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(LEAF).putLong(stored).putLong(delivered).put(record);
    return Hashing.blake3_256(b.array());
  }

  static byte[] inner(byte[] left, byte[] right) {
    byte[] m = new byte[65];
    m[0] = INNER;
    System.arraycopy(left, 0, m, 1, 32);
    System.arraycopy(right, 0, m, 33, 32);
    return Hashing.blake3_256(m);
  }

  /** The root over {@code leaves} in order; 32 zero bytes for none. */
  static byte[] root(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return new byte[32];
    }
    List<byte[]> level = leaves;
    while (level.size() > 1) {
      level = next(level);
    }
    return level.get(0);
  }

  /** The siblings of leaf {@code index} bottom-up, only for levels where it has one. */
  static List<byte[]> path(List<byte[]> leaves, int index) {
    if (index < 0 || index >= leaves.size()) {
      throw new IndexOutOfBoundsException("leaf " + index + " of " + leaves.size());
    }
    List<byte[]> out = new ArrayList<>();
    List<byte[]> level = leaves;
    int idx = index;
    while (level.size() > 1) {
      boolean carried = idx % 2 == 0 && idx == level.size() - 1;
      if (!carried) {
        out.add(level.get(idx % 2 == 1 ? idx - 1 : idx + 1));
      }
      level = next(level);
      idx /= 2;
    }
    return out;
  }

  /** Whether {@code path} leads from leaf {@code index} of {@code count} to {@code root}. */
  static boolean verify(byte[] leaf, int index, int count, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= count) {
      return false;
    }
    byte[] h = leaf;
    int idx = index;
    int cnt = count;
    int next = 0;
    while (cnt > 1) {
      if (!(idx % 2 == 0 && idx == cnt - 1)) {
        if (next >= path.size()) {
          return false;
        }
        byte[] s = path.get(next++);
        h = idx % 2 == 1 ? inner(s, h) : inner(h, s);
      }
      idx /= 2;
      cnt = (cnt + 1) / 2;
    }
    return next == path.size() && MessageDigest.isEqual(h, root);
  }

  private static List<byte[]> next(List<byte[]> level) {
    List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
    for (int i = 0; i + 1 < level.size(); i += 2) {
      up.add(inner(level.get(i), level.get(i + 1)));
    }
    if (level.size() % 2 == 1) {
      up.add(level.get(level.size() - 1));
    }
    return up;
  }
}
