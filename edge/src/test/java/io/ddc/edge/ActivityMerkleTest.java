package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.crypto.Hashing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityMerkleTest {

  private static List<byte[]> leaves(int n) {
    List<byte[]> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(ActivityMerkle.leafHash(i, 2L * i, new byte[] {(byte) i, 7}));
    }
    return l;
  }

  @Test
  void everyLeafOfEveryTreeSizeProvesItsPathAndNothingElseDoes() {
    for (int n = 1; n <= 33; n++) {
      List<byte[]> leaves = leaves(n);
      byte[] root = ActivityMerkle.root(leaves);
      for (int i = 0; i < n; i++) {
        List<byte[]> path = ActivityMerkle.path(leaves, i);
        assertThat(ActivityMerkle.verify(leaves.get(i), i, n, path, root))
            .as("leaf %d of %d", i, n)
            .isTrue();
        if (n > 1) {
          int other = (i + 1) % n;
          assertThat(ActivityMerkle.verify(leaves.get(other), i, n, path, root)).isFalse();
          List<byte[]> bad = new ArrayList<>(path);
          byte[] flipped = bad.get(0).clone();
          flipped[5] ^= 1;
          bad.set(0, flipped);
          assertThat(ActivityMerkle.verify(leaves.get(i), i, n, bad, root)).isFalse();
          assertThat(ActivityMerkle.verify(leaves.get(i), i, n, path.subList(1, path.size()), root))
              .isFalse();
        }
      }
    }
  }

  @Test
  void theTreeFollowsTheSpecifiedShape() {
    List<byte[]> l = leaves(3);
    // ((l0 l1) l2): the odd last leaf is carried up unchanged
    byte[] expected = ActivityMerkle.inner(ActivityMerkle.inner(l.get(0), l.get(1)), l.get(2));
    assertThat(ActivityMerkle.root(l)).isEqualTo(expected);
    assertThat(ActivityMerkle.root(List.of())).isEqualTo(new byte[32]);
    assertThat(ActivityMerkle.root(leaves(1))).isEqualTo(leaves(1).get(0));
    byte[] m = new byte[65];
    m[0] = 1;
    System.arraycopy(l.get(0), 0, m, 1, 32);
    System.arraycopy(l.get(1), 0, m, 33, 32);
    assertThat(ActivityMerkle.inner(l.get(0), l.get(1))).isEqualTo(Hashing.blake3_256(m));
    // leaf: 0x00 ‖ le64(stored) ‖ le64(delivered) ‖ record
    byte[] leaf = {0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9};
    assertThat(ActivityMerkle.leafHash(1, 2, new byte[] {9})).isEqualTo(Hashing.blake3_256(leaf));
  }
}
